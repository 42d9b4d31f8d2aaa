// The service as deployed, for benchmarks and fault runs: the worker (one process, or one for the workflows
// and some for bulk deliveries) and the API each as their own OS process, compiled as the Dockerfile runs
// them (dist/worker/main.js, dist/api/main.js; ./service-build.ts), against a Temporal server, a PostgreSQL
// database and an SMTP server given by the caller (temporal-server.ts, smtp-sink.ts, tcp-proxy.ts provide local ones that can be broken on purpose).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { issueToken } from '../../infra/auth/tokens';
import type { PrismaClient, User, UserRole } from '../../infra/db/prisma';
import { createMigratedDatabase } from './databases';
import { http, type HttpAnswer, type HttpOptions } from './http';
import { freePort } from './ports';
import { ServiceProcess } from './service-process';
import { heapLimitArgs, MALLOC_ENV, type ProcessKind } from '../../infra/heap-limits';
import { buildService } from './service-build';

// ------------------------------------------------------------------------------------------ a database

export interface StackDatabase {
  name: string;
  /** Straight to the server (not through any proxy the run puts in front of the service). */
  url: string;
  host: string;
  port: number;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the local server (TEST_PG_URL to change it), with a Prisma client. */
export async function createStackDatabase(prefix: string): Promise<StackDatabase> {
  const database = await createMigratedDatabase(prefix);
  const url = new URL(database.url);
  return { ...database, host: url.hostname, port: Number(url.port || 5432) };
}

/** `url` with its host and port replaced (to go through a proxy). */
export function viaProxy(url: string, proxy: { host: string; port: number }): string {
  const u = new URL(url);
  u.hostname = proxy.host;
  u.port = String(proxy.port);
  return u.toString();
}

export async function createUser(
  prisma: PrismaClient,
  role: UserRole,
  options: { email: string; fullName?: string; cafName?: string | null; territoryIds?: string[] },
): Promise<{ user: User; token: string }> {
  const user = await prisma.user.create({
    data: {
      email: options.email,
      fullName: options.fullName ?? `${role} ${options.email}`,
      role,
      cafName: options.cafName ?? null,
      territories: { create: (options.territoryIds ?? []).map((territoryId) => ({ territoryId })) },
    },
  });
  return { user, token: (await issueToken(prisma, 'API', { userId: user.id })).token };
}

// ------------------------------------------------------------------------------------ worker and API

export interface ServicesOptions {
  temporalAddress: string;
  namespace?: string;
  /** What the service processes connect to (possibly a proxy). */
  databaseUrl: string;
  smtpUrl: string | null;
  mailFrom?: string;
  taskQueue?: string;
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  env?: NodeJS.ProcessEnv;
  /** Where warnings and errors of the processes are shown (a few of each). */
  forward?: (line: string) => void;
  forwardLimit?: number;
  /** Bulk-delivery worker processes beside the workflows worker; 0 (default): one worker process does everything. */
  deliveryWorkers?: number;
  /** Another worker entry point than the compiled one (a `.ts` one runs through tsx: to measure a change). */
  workerEntry?: string;
  /** Where the build's progress is told. */
  log?: (message: string) => void;
  /** V8 CPU profiles of every process, one folder each (`<profileDir>/<name>`). */
  profileDir?: string | null;
}

export interface Services {
  base: string;
  port: number;
  taskQueue: string;
  env: NodeJS.ProcessEnv;
  /** The first worker process: the workflows (and everything, without delivery workers). */
  worker: ServiceProcess;
  /** Every worker process, the first one first. */
  workers: ServiceProcess[];
  api: ServiceProcess;
  /** Starts the first worker (again) and waits until it polls; resolves to the seconds it took. */
  startWorker(timeoutMs?: number): Promise<number>;
  startApi(timeoutMs?: number): Promise<number>;
  call<T = any>(method: string, url: string, options?: HttpOptions): Promise<HttpAnswer<T>>;
  stop(): Promise<void>;
}

// From the sources (a `.ts` entry), the worker bundles the workflow code (webpack) at every start: minutes
// on a busy two-core machine.
const WORKER_START_MS = 300_000;
const API_START_MS = 120_000;

export async function startServices(options: ServicesOptions): Promise<Services> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const taskQueue = options.taskQueue ?? `ctg-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...MALLOC_ENV, // as the image sets it (a value in the environment wins, to compare)
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: options.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    MAIL_FROM: options.mailFrom ?? 'Coordination CTG <ctg@stack.example.org>',
    PUBLIC_BASE_URL: base,
    PORT: String(port),
    LOG_LEVEL: options.logLevel ?? 'info',
    // Every process of this run derives the same partners' links (and none writes a secret into the repo).
    LINK_SECRET: randomBytes(32).toString('base64url'),
    ...options.env,
  };
  if (options.smtpUrl) env.SMTP_URL = options.smtpUrl;
  else delete env.SMTP_URL;
  delete env.TEMPORAL_UI_URL;
  delete env.ADMIN_EMAIL;
  const processOf = (name: string, kind: ProcessKind, entry: string, processEnv: NodeJS.ProcessEnv) =>
    new ServiceProcess(name, entry, processEnv, {
      forward: options.forward,
      forwardLimit: options.forwardLimit,
      nodeArgs: [
        // As npm start and the Dockerfile run them.
        ...heapLimitArgs(kind),
        // One profile per thread (the worker runs its workflows in a worker thread), named by pid and thread id.
        ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.profileDir, name)}`] : []),
      ],
    });
  const compiled = await buildService(options.log);
  const workerEntry = options.workerEntry ?? compiled.worker;
  const deliveryWorkers = options.deliveryWorkers ?? 0;
  const workers =
    deliveryWorkers === 0
      ? [processOf('worker', 'all', workerEntry, env)]
      : [
          processOf('worker', 'workflows', workerEntry, { ...env, WORKER_ROLE: 'workflows' }),
          ...Array.from({ length: deliveryWorkers }, (_, i) => processOf(`delivery-${i + 1}`, 'delivery', workerEntry, { ...env, WORKER_ROLE: 'delivery' })),
        ];
  const api = processOf('api', 'api', compiled.api, env);

  const startProcess = async (service: ServiceProcess, readyMessage: string, timeoutMs: number) => {
    const started = Date.now();
    service.start();
    await service.ready(readyMessage, timeoutMs);
    return (Date.now() - started) / 1000;
  };
  const startWorker = (timeoutMs = WORKER_START_MS) => startProcess(workers[0]!, 'worker started', timeoutMs);
  const startApi = (timeoutMs = API_START_MS) => startProcess(api, 'api listening', timeoutMs);
  const stop = async () => {
    await Promise.all([...workers.map((w) => w.stop()), api.stop()]);
  };
  try {
    await Promise.all([...workers.map((w) => startProcess(w, 'worker started', WORKER_START_MS)), startApi()]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, port, taskQueue, env, worker: workers[0]!, workers, api, startWorker, startApi, call: (method, url, o) => http(base, method, url, o), stop };
}
