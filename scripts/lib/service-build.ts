// The service as the Dockerfile runs it: compiled by `npm run build` into dist/ (plain JavaScript, the
// workflow bundle prebuilt), started with `node`. The bench and the faults measure that, not the sources
// through tsx: tsx's loader thread and webpack bundling the workflows at every start weighed on the
// workflows worker (328 MiB just started against 178 compiled; 503 → 387 MiB at its peak at 800 × 5) and
// made each start take seconds more.
import { spawn } from 'node:child_process';
import { repoRoot } from './repo-root';

export const compiledEntries = { worker: 'dist/worker/main.js', api: 'dist/api/main.js' } as const;

let build: Promise<void> | null = null;

/** Runs `npm run build` once per run of ours (later calls wait for the same one). */
export function buildService(log: (message: string) => void = () => undefined): Promise<typeof compiledEntries> {
  build ??= new Promise<void>((resolve, reject) => {
    const started = Date.now();
    log('building the service as deployed (npm run build)…');
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) {
        log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        resolve();
      } else reject(new Error(`npm run build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
  return build.then(() => compiledEntries);
}
