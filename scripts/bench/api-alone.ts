// The API process by itself over a fresh database, for the benches that only read (the portfolio, the
// status): what they ask is answered from the database projection, so Temporal is never called. Started
// as the Dockerfile starts it (compiled, its heap limit), at a free port.
import { randomBytes } from 'node:crypto';
import { heapLimitArgs, MALLOC_ENV } from '../../infra/heap-limits';
import { freePort } from '../lib/ports';
import type { StackDatabase } from '../lib/real-stack';
import { ServiceProcess } from '../lib/service-process';
import { buildService } from '../lib/service-build';

export interface ApiAlone {
  service: ServiceProcess;
  base: string;
}

export async function startApiAlone(
  db: StackDatabase,
  options: { entry?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {},
): Promise<ApiAlone> {
  const entry = options.entry ?? (await buildService((m) => console.log(m))).api;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = new ServiceProcess(
    'api',
    entry,
    {
      ...MALLOC_ENV,
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: '127.0.0.1:1', // nothing here asks Temporal anything
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      LOG_LEVEL: 'info', // as in production: a line a request
      LINK_SECRET: randomBytes(32).toString('base64url'),
      ...options.env,
    },
    { nodeArgs: [...heapLimitArgs('api'), ...(options.nodeArgs ?? [])] },
  );
  service.start();
  await service.ready('api listening', 60_000);
  return { service, base };
}

/** A bench script's entry: its failure printed, and a failing exit code. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
