// The service as deployed, for benchmarks and fault runs: the worker and the API each as their own OS
// process (worker/main.ts, api/main.ts through tsx), against a Temporal server, a PostgreSQL database and an
// SMTP server given by the caller (scripts/lib/temporal-server.ts, smtp-sink.ts, tcp-proxy.ts provide local
// ones that can be broken on purpose). Processes can be killed and started again; their JSON logs are
// counted (warnings, errors) and the last lines kept for a post-mortem.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { issueToken } from '../../infra/auth/tokens';
import { applyMigrations } from '../../infra/db/migrations';
import { createPrismaClient, type PrismaClient, type User, type UserRole } from '../../infra/db/prisma';
import { createEmptyDatabase } from './databases';
import { freePort } from './temporal-server';

export const repoRoot = path.resolve(__dirname, '..', '..');

// ----------------------------------------------------------------------------- processes seen from /proc

export function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i += 1) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      for (const child of (readProc(pids[i]!, `task/${task}/children`) ?? '').trim().split(/\s+/)) if (child) pids.push(Number(child));
    }
  }
  return pids;
}

/** VmHWM (peak) or VmRSS (now) in MiB of the largest process of the tree (Linux; 0 elsewhere). */
export function memoryMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  let largest = 0;
  for (const p of processTree(pid)) {
    const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readProc(p, 'status') ?? '')?.[1] ?? 0);
    largest = Math.max(largest, kib / 1024);
  }
  return largest;
}

// ------------------------------------------------------------------------------------ a service process

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed or stopped by us (kill/stop), as opposed to exiting by itself: a crash. */
  requested: boolean;
  at: number;
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** `node --import tsx <entry>`: one process, so its pid is the program itself (signals reach it directly). */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private readonly tail: string[] = [];
  private waiters: { message: string; resolve: () => void }[] = [];
  private exitRequested = false;
  private exitedPromise: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null, requested: true, at: 0 });
  warnings = 0;
  errors = 0;
  starts = 0;
  /** Every exit, requested or not. */
  readonly exits: ExitInfo[] = [];
  /** Warnings and errors counted by message: e.g. { 'unhandled error': 3 }. */
  readonly messageCounts = new Map<string, number>();
  /** Errors (and warnings carrying an error) by kind: message, error name, the first line of the error's message; one sample line each. */
  readonly errorKinds = new Map<string, { count: number; sample: string }>();
  private forwarded = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: { forward?: (line: string) => void; forwardLimit?: number; nodeArgs?: string[] } = {},
  ) {}

  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  get running(): boolean {
    return this.pid !== null;
  }

  /** Exits nobody asked for. */
  get crashes(): ExitInfo[] {
    return this.exits.filter((e) => !e.requested);
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} already running`);
    this.exitRequested = false;
    this.starts += 1;
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), '--import', 'tsx', this.entry], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exitedPromise = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        const info = { code, signal, requested: this.exitRequested, at: Date.now() };
        this.exits.push(info);
        resolve(info);
      }),
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          this.line(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
        }
      });
    }
  }

  private line(line: string) {
    this.tail.push(line);
    if (this.tail.length > 60) this.tail.shift();
    let entry: { level?: string; msg?: string; path?: string; activityType?: string; error?: { name?: string; message?: string } | string } = {};
    try {
      entry = JSON.parse(line);
    } catch {
      // Not our JSON: the Temporal core's own log lines (ANSI-coloured, with a level), or a crash trace.
      const plain = line.replace(ANSI_COLOUR, '');
      const core = /^\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+(.*)$/.exec(plain);
      entry = core
        ? { level: core[1] === 'WARN' ? 'warn' : core[1] === 'ERROR' ? 'error' : 'info', msg: core[2]!.replace(/\d+/g, 'N').slice(0, 120) }
        : { level: 'error', msg: plain.slice(0, 200) };
    }
    if (entry.level === 'warn') this.warnings += 1;
    if (entry.level === 'error') this.errors += 1;
    if (entry.msg && (entry.level === 'warn' || entry.level === 'error')) this.messageCounts.set(entry.msg, (this.messageCounts.get(entry.msg) ?? 0) + 1);
    if (entry.level === 'error' || (entry.level === 'warn' && entry.error)) {
      const error = typeof entry.error === 'object' && entry.error ? entry.error : { message: String(entry.error ?? '') };
      const firstLine = (error.message ?? '').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('Invalid `')) ?? '';
      const kind = `${entry.msg}${entry.activityType ? ` (${entry.activityType})` : ''}: ${error.name ?? ''} ${firstLine}`.slice(0, 300);
      const known = this.errorKinds.get(kind);
      if (known) known.count += 1;
      else if (this.errorKinds.size < 100) this.errorKinds.set(kind, { count: 1, sample: line.slice(0, 1500) });
    }
    const limit = this.options.forwardLimit ?? 10;
    if (this.options.forward && (entry.level === 'warn' || entry.level === 'error') && this.forwarded < limit) {
      this.forwarded += 1;
      this.options.forward(`[${this.name}] ${line.slice(0, 400)}${this.forwarded === limit ? ' (further warnings counted, not shown)' : ''}`);
    }
    for (const waiter of [...this.waiters]) {
      if (entry.msg === waiter.message) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves when the process logs `message`; fails, with its last lines, if it exits or takes too long. */
  async ready(message: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const exited = this.exitedPromise;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ message, resolve })),
        exited.then((info) => Promise.reject(new Error(`${this.name} exited (${info.code ?? info.signal}) before "${message}":\n${this.tail.join('\n')}`))),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name}: no "${message}" after ${timeoutMs / 1000} s:\n${this.tail.join('\n')}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  lastLines(count = 20): string[] {
    return this.tail.slice(-count);
  }

  /** Sends a signal and waits for the exit (SIGKILL: a crash, no graceful shutdown). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitInfo | null> {
    if (!this.child || !this.running) return null;
    this.exitRequested = true;
    const exited = this.exitedPromise;
    this.child.kill(signal);
    const killer = signal === 'SIGKILL' ? undefined : setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
    const info = await exited;
    clearTimeout(killer);
    return info;
  }

  stop(): Promise<ExitInfo | null> {
    return this.kill('SIGTERM');
  }
}

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
  const database = await createEmptyDatabase(prefix);
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const prisma = createPrismaClient(database.url);
  const url = new URL(database.url);
  return {
    name: database.name,
    url: database.url,
    host: url.hostname,
    port: Number(url.port || 5432),
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await database.drop();
    },
  };
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
  return { user, token: (await issueToken(prisma, 'API', { userId: user.id }, { label: 'real-stack' })).token };
}

// ----------------------------------------------------------------------------------------------- HTTP

export interface HttpAnswer<T = any> {
  /** 0 when no answer came: connection refused or reset, or the timeout. */
  status: number;
  body: T;
  text: string;
  contentType: string;
  headers: Headers;
  ms: number;
  /** Why there was no answer (status 0). */
  error?: string;
}

export interface HttpOptions {
  token?: string | null;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function http<T = any>(base: string, method: string, url: string, options: HttpOptions = {}): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  if (options.body !== undefined && options.raw === undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers ?? {});
  const started = performance.now();
  try {
    const response = await fetch(`${base}${url}`, {
      method,
      headers,
      body: options.raw !== undefined ? options.raw : options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, text, contentType: response.headers.get('content-type') ?? '', headers: response.headers, ms: performance.now() - started };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, body: null as T, text: '', contentType: '', headers: new Headers(), ms: performance.now() - started, error: e.cause?.code ?? e.name ?? String(error) };
  }
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
  /** Where warnings and errors of the processes are shown (a few of them). */
  forward?: (line: string) => void;
  /** `--cpu-prof` and the like. */
  nodeArgs?: string[];
}

export interface Services {
  base: string;
  port: number;
  taskQueue: string;
  env: NodeJS.ProcessEnv;
  worker: ServiceProcess;
  api: ServiceProcess;
  /** Starts the worker (again) and waits until it polls. */
  startWorker(timeoutMs?: number): Promise<number>;
  startApi(timeoutMs?: number): Promise<number>;
  call<T = any>(method: string, url: string, options?: HttpOptions): Promise<HttpAnswer<T>>;
  stop(): Promise<void>;
}

// The worker bundles the workflow code (webpack) at every start: minutes on a busy two-core machine.
const WORKER_START_MS = 300_000;
const API_START_MS = 120_000;

export async function startServices(options: ServicesOptions): Promise<Services> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const taskQueue = options.taskQueue ?? `ctg-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
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
  const worker = new ServiceProcess('worker', 'worker/main.ts', env, { forward: options.forward, nodeArgs: options.nodeArgs });
  const api = new ServiceProcess('api', 'api/main.ts', env, { forward: options.forward, nodeArgs: options.nodeArgs });

  const startWorker = async (timeoutMs = WORKER_START_MS) => {
    const started = Date.now();
    worker.start();
    await worker.ready('worker started', timeoutMs);
    return (Date.now() - started) / 1000;
  };
  const startApi = async (timeoutMs = API_START_MS) => {
    const started = Date.now();
    api.start();
    await api.ready('api listening', timeoutMs);
    return (Date.now() - started) / 1000;
  };
  const stop = async () => {
    await Promise.all([worker.stop(), api.stop()]);
  };
  try {
    await Promise.all([startWorker(), startApi()]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, port, taskQueue, env, worker, api, startWorker, startApi, call: (method, url, o) => http(base, method, url, o), stop };
}
