// Every way the service is started gives each process the heap limit infra/heap-limits.ts sets for its
// kind: npm start and the bench call heapLimitArgs; package.json, docker-compose.yml and the Dockerfile
// write it out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HEAP_LIMIT_MIB, heapLimitArgs, MALLOC_ENV, type ProcessKind } from '../../infra/heap-limits';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The `command:` of a service of docker-compose.yml. */
function composeCommand(service: string): string {
  const block = new RegExp(`\\n  ${service}:\\n([\\s\\S]*?)(?=\\n  [a-z-]+:\\n|$)`).exec(read('docker-compose.yml'))?.[1] ?? '';
  return /\n {4}command: (.*)/.exec(`\n${block}`)?.[1] ?? '';
}

describe('heap limits', () => {
  it.each<[string, ProcessKind]>([
    ['api', 'api'],
    ['worker', 'workflows'],
    ['delivery', 'delivery'],
  ])('docker-compose.yml starts %s with the limit of a %s process', (service, kind) => {
    expect(composeCommand(service)).toContain(`"--max-old-space-size=${HEAP_LIMIT_MIB[kind]}"`);
  });

  it('the Dockerfile starts the API with its limit, and says the workers’', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain(`CMD ["node", "--max-old-space-size=${HEAP_LIMIT_MIB.api}", "dist/api/main.js"]`);
    expect(dockerfile).toContain(`node --max-old-space-size=${HEAP_LIMIT_MIB.workflows} dist/worker/main.js`);
    expect(dockerfile).toContain(`${HEAP_LIMIT_MIB.delivery} for delivery`);
  });

  it('the image limits the malloc arenas of every process it runs', () => {
    expect(read('Dockerfile')).toContain(`MALLOC_ARENA_MAX=${MALLOC_ENV.MALLOC_ARENA_MAX} \\`);
  });

  it('npm run api and npm run worker (one process doing everything) start with theirs', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.api).toContain(heapLimitArgs('api')[0]);
    expect(scripts.worker).toContain(heapLimitArgs('all')[0]);
  });
});
