// Finds the `temporal` CLI whose dev server runs Temporal locally (full server, SQLite, Web UI):
// TEMPORAL_CLI_PATH; else one on PATH; else, where Go is installed, built once into a cache outside the
// repo (the SDK's own download needs internet, which some machines lack); else null, and the caller
// falls back to the SDK's cached download.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // newer tags carry a `replace` directive: `go install` refuses them
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type CliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go-build';

export interface ResolvedCli {
  path: string;
  source: CliSource;
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.CTG_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'ctg-service');
  return path.join(base, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function isExecutableFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A program's file name here: `temporal.exe` on Windows (what PATH holds and `go install` writes there). */
export const executableName = (name: string, platform: NodeJS.Platform = process.platform): string => (platform === 'win32' ? `${name}.exe` : name);

/** The program on PATH (Windows spells it `Path` and separates with `;`, which `path.delimiter` knows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  const dirs = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of dirs.split(delimiter)) {
    if (!dir) continue;
    for (const file of platform === 'win32' ? [executableName(name, platform), name] : [name]) {
      const candidate = path.join(dir, file);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

export async function resolveTemporalCli(
  options: { env?: NodeJS.ProcessEnv; build?: boolean; log?: (message: string) => void } = {},
): Promise<ResolvedCli | null> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);

  if (env.TEMPORAL_CLI_PATH) {
    const file = path.resolve(env.TEMPORAL_CLI_PATH);
    if (!isExecutableFile(file)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} : fichier introuvable`);
    return { path: file, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal', env);
  if (onPath) return { path: onPath, source: 'PATH' };

  const cached = path.join(cacheDirectory(env), executableName('temporal'));
  if (isExecutableFile(cached)) return { path: cached, source: 'cache' };
  if (options.build === false) return null;

  const go = findOnPath('go', env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) return null;

  // Build into a temporary directory, then rename: a build interrupted halfway never looks like a binary.
  const staging = `${cacheDirectory(env)}.partial-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (once, a few minutes) into ${cacheDirectory(env)}`);
  const started = Date.now();
  try {
    await run(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, GOBIN: staging, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    mkdirSync(path.dirname(cacheDirectory(env)), { recursive: true });
    rmSync(cacheDirectory(env), { recursive: true, force: true });
    renameSync(staging, cacheDirectory(env));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
  return { path: cached, source: 'go-build' };
}
