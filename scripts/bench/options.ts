// `npm run bench`'s options: flags, or the BENCH_* environment variables.
import path from 'node:path';
import { checkArguments, fileStamp, integerOption, readOption } from '../lib/cli-options';
import { repoRoot } from '../lib/repo-root';

const USAGE = `npm run bench -- [options]
  --sizes=50,200,800       territory counts, one measured run each; "none" for the lifecycle only (env BENCH_SIZES)
  --partners=5             partners per territory, each invited once (env BENCH_PARTNERS)
  --lifecycle-years=5      length of the convention whose workflow histories are measured; 0 skips it (env BENCH_LIFECYCLE_YEARS)
  --workers=0              delivery worker processes beside the workflows worker; 0: one process does all (env BENCH_WORKERS)
  --reminders=5            territories with a reminder due during the burst, spread through it (env BENCH_REMINDERS)
  --pollers=8              concurrent clients asking the API for a status during the burst (env BENCH_POLLERS)
  --poll-every=250         each client asks every this many ms, latency counted from when it was due (pages
                           refreshing on a timer); 0: back to back, the API's capacity (env BENCH_POLL_EVERY_MS)
  --launch-concurrency=4   concurrent API clients creating and launching territories (env BENCH_LAUNCH_CONCURRENCY)
  --timeout=SECONDS        give up waiting for a size's invitations after this (default: 120 + 0.2 s per invitation)
  --temporal-db=memory     the dev server's SQLite: memory (as the tests) or file (as npm start: much slower) (env BENCH_TEMPORAL_DB)
  --temporal-address=HOST:PORT  an existing Temporal server instead of the dev server: namespace default, with the
                           search attributes CtgTerritoryId, CtgCafName and CtgPhase (Keyword) (env BENCH_TEMPORAL_ADDRESS)
  --profile                write V8 CPU profiles of the worker and the API to bench-results/profiles/ (slows them a little)
  --json=PATH              where to write the JSON (default bench-results/bench-<date>.json; env BENCH_JSON)
BENCH_WORKER_ENTRY=path runs another worker entry point instead of the compiled one (dist/worker/main.js,
built by npm run build at the start); a .ts one runs through tsx (to measure a change).`;

export interface Options {
  sizes: number[];
  partners: number;
  lifecycleYears: number;
  workers: number;
  reminders: number;
  pollers: number;
  pollEveryMs: number;
  launchConcurrency: number;
  timeoutSeconds: number | null;
  temporalDb: 'file' | 'memory';
  /** An existing server to measure against; null: a dev server started for the run. */
  temporalAddress: string | null;
  profile: boolean;
  json: string;
}

export function parseOptions(): Options {
  checkArguments(['sizes', 'partners', 'lifecycle-years', 'workers', 'reminders', 'pollers', 'poll-every', 'launch-concurrency', 'timeout', 'temporal-db', 'temporal-address', 'profile', 'json'], USAGE);
  const integer = (name: string, envName: string, fallback: number, min: number) => integerOption(name, readOption(name, envName), fallback, min, USAGE);
  const sizes = (readOption('sizes', 'BENCH_SIZES') ?? '50,200,800')
    .split(',')
    .filter((s) => s.trim() !== '' && s.trim() !== 'none')
    .map((s) => integerOption('sizes', s.trim(), 0, 1, USAGE));
  const temporalDb = readOption('temporal-db', 'BENCH_TEMPORAL_DB') ?? 'memory';
  if (temporalDb !== 'file' && temporalDb !== 'memory') throw new Error(`--temporal-db: file or memory, got "${temporalDb}"`);
  const timeout = readOption('timeout', 'BENCH_TIMEOUT');
  return {
    sizes,
    partners: integer('partners', 'BENCH_PARTNERS', 5, 1),
    lifecycleYears: integer('lifecycle-years', 'BENCH_LIFECYCLE_YEARS', 5, 0),
    workers: integer('workers', 'BENCH_WORKERS', 0, 0),
    reminders: integer('reminders', 'BENCH_REMINDERS', 5, 1),
    pollers: integer('pollers', 'BENCH_POLLERS', 8, 0),
    pollEveryMs: integer('poll-every', 'BENCH_POLL_EVERY_MS', 250, 0),
    launchConcurrency: integer('launch-concurrency', 'BENCH_LAUNCH_CONCURRENCY', 4, 1),
    timeoutSeconds: timeout === undefined ? null : integerOption('timeout', timeout, 0, 1, USAGE),
    temporalDb,
    temporalAddress: readOption('temporal-address', 'BENCH_TEMPORAL_ADDRESS') ?? null,
    profile: process.argv.includes('--profile'),
    json: path.resolve(readOption('json', 'BENCH_JSON') ?? path.join(repoRoot, 'bench-results', `bench-${fileStamp()}.json`)),
  };
}
