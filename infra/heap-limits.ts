// How much heap V8 may keep in each of our processes, given as `node --max-old-space-size` wherever one
// is started (npm start, the bench and the faults, the Dockerfile and docker-compose.yml). Without it Node
// lets the old generation grow to a quarter of the machine's memory before collecting in earnest: the
// API, whose live objects are ~60 MiB, held ~450 MiB during a burst, mostly garbage. The limit is also
// what the Temporal SDK sizes a worker's workflow cache from (600 workflows a GiB above the first 200 MiB).
import type { WorkerRole } from '../domain/task-queues';

export type ProcessKind = 'api' | WorkerRole;

export const HEAP_LIMIT_MIB: Readonly<Record<ProcessKind, number>> = {
  api: 192,
  workflows: 256,
  delivery: 192,
  all: 512,
};

/**
 * glibc's malloc gives a process's threads up to eight arenas a core and gives little back: the workflows
 * worker (the Temporal core's threads, the workflow thread, libuv's) peaked at 356–406 MiB at 100 × 150 with
 * the default, 318–323 MiB with two. Set by the Dockerfile's ENV, npm start, the bench and the faults (a
 * value already in the environment wins); `npm run api` / `npm run worker` leave it to the shell.
 */
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** The `node` options that give a process of this kind its limit. */
export const heapLimitArgs = (kind: ProcessKind): string[] => [`--max-old-space-size=${HEAP_LIMIT_MIB[kind]}`];
