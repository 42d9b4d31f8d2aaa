// `npm run bench -- [--sizes=50,200,800] [--partners=5] [--lifecycle-years=5] [--json=path]` (7–11 minutes here)
//
// The real stack under a burst: a Temporal dev server, a fresh PostgreSQL database per size, the worker
// and the API as their own processes (worker/main.ts, api/main.ts, exactly as deployed), and an SMTP sink.
// For each size, N territories × M partners are created and launched through the API, every first
// invitation falling due at one shared instant a little after the last launch. It measures, in the same
// run: end-to-end invitations per second and the raw rate of the same pooled transporter sending straight
// to the same sink (no Temporal, no database); due→accepted latency of the invitations and of a reminder
// due during the burst; the API's status latency under concurrent requests while the burst runs; the peak
// memory of the worker and the API. Then one convention runs a whole lifecycle (five years by default) on
// a compressed timeline, and the largest workflow history of that lifecycle is read from Temporal.
//
// Figures are printed (a table) and written as JSON (bench-results/, git-ignored). Nothing is asserted:
// these machines are shared and noisy; read the figures, don't time-test them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import { launchProcess } from '../api/usecases/processes';
import type { ApiDeps } from '../api/deps';
import { processWorkflowId, stepWorkflowId } from '../domain/ids';
import { behaviourOf, isWorkItem, type PlanStep } from '../domain/plan';
import { issueToken } from '../infra/auth/tokens';
import { applyMigrations } from '../infra/db/migrations';
import { createPrismaClient, type PrismaClient } from '../infra/db/prisma';
import { createLogger } from '../infra/logger';
import { createMailer, createOutbox } from '../infra/mail';
import { startTemporalDevServer, type DevServer } from '../infra/temporal/dev-server';
import { processStatusQuery, type ProcessStatusView } from '../workflows/definitions';
import { createEmptyDatabase } from './lib/databases';
import { memoryMiB, processTree, readProc } from './lib/real-stack';
import { datedStandardPlan, fastTimeline, larzacContacts, larzacTerritory, lifecycleDays } from './lib/larzac';

const root = path.resolve(__dirname, '..');
const DAY = 86_400_000;
const MAIL_FROM = 'Coordination CTG <ctg@bench.example.org>';
const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

// ---------------------------------------------------------------------------------------------- options

const USAGE = `npm run bench -- [options]
  --sizes=50,200,800       territory counts, one measured run each; "none" for the lifecycle only (env BENCH_SIZES)
  --partners=5             partners per territory, each invited once (env BENCH_PARTNERS)
  --lifecycle-years=5      length of the convention whose workflow histories are measured; 0 skips it (env BENCH_LIFECYCLE_YEARS)
  --workers=0              delivery worker processes beside the workflows worker; 0: one process does all (env BENCH_WORKERS)
  --reminders=5            territories with a reminder due during the burst, spread through it (env BENCH_REMINDERS)
  --pollers=8              concurrent clients asking the API for a status during the burst (env BENCH_POLLERS)
  --launch-concurrency=4   concurrent API clients creating and launching territories (env BENCH_LAUNCH_CONCURRENCY)
  --timeout=SECONDS        give up waiting for a size's invitations after this (default: 120 + 0.2 s per invitation)
  --temporal-db=memory     the dev server's SQLite: memory (as the tests) or file (as npm start: much slower) (env BENCH_TEMPORAL_DB)
  --profile                write V8 CPU profiles of the worker and the API to bench-results/profiles/ (slows them a little)
  --json=PATH              where to write the JSON (default bench-results/bench-<date>.json; env BENCH_JSON)
BENCH_WORKER_ENTRY=path runs another worker entry point instead of worker/main.ts (to measure a change).`;

function readOption(name: string, envName: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return process.env[envName] || undefined;
}

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got "${value}"\n\n${USAGE}`);
  return n;
}

interface Options {
  sizes: number[];
  partners: number;
  lifecycleYears: number;
  workers: number;
  reminders: number;
  pollers: number;
  launchConcurrency: number;
  timeoutSeconds: number | null;
  temporalDb: 'file' | 'memory';
  profile: boolean;
  json: string;
}

function parseOptions(): Options {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const known = ['sizes', 'partners', 'lifecycle-years', 'workers', 'reminders', 'pollers', 'launch-concurrency', 'timeout', 'temporal-db', 'profile', 'json'];
  for (const arg of process.argv.slice(2)) {
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (arg.startsWith('--') && (!name || !known.includes(name))) throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const sizes = (readOption('sizes', 'BENCH_SIZES') ?? '50,200,800')
    .split(',')
    .filter((s) => s.trim() !== '' && s.trim() !== 'none')
    .map((s) => positiveInt('sizes', s.trim(), 0, 1));
  const temporalDb = readOption('temporal-db', 'BENCH_TEMPORAL_DB') ?? 'memory';
  if (temporalDb !== 'file' && temporalDb !== 'memory') throw new Error(`--temporal-db: file or memory, got "${temporalDb}"`);
  const timeout = readOption('timeout', 'BENCH_TIMEOUT');
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return {
    sizes,
    partners: positiveInt('partners', readOption('partners', 'BENCH_PARTNERS'), 5),
    lifecycleYears: positiveInt('lifecycle-years', readOption('lifecycle-years', 'BENCH_LIFECYCLE_YEARS'), 5, 0),
    workers: positiveInt('workers', readOption('workers', 'BENCH_WORKERS'), 0, 0),
    reminders: positiveInt('reminders', readOption('reminders', 'BENCH_REMINDERS'), 5, 1),
    pollers: positiveInt('pollers', readOption('pollers', 'BENCH_POLLERS'), 8, 0),
    launchConcurrency: positiveInt('launch-concurrency', readOption('launch-concurrency', 'BENCH_LAUNCH_CONCURRENCY'), 4),
    timeoutSeconds: timeout === undefined ? null : positiveInt('timeout', timeout, 0, 1),
    temporalDb,
    profile: process.argv.includes('--profile'),
    json: path.resolve(readOption('json', 'BENCH_JSON') ?? path.join(root, 'bench-results', `bench-${stamp}.json`)),
  };
}

// ------------------------------------------------------------------------------------- small utilities

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A progress bar on the terminal (one line, redrawn), or a log line a minute when stderr is not one. */
let lastLoggedProgress = 0;
function progressBar(done: number, total: number, seconds: number, final = false) {
  const fraction = total ? Math.min(1, done / total) : 1;
  const text = `${done} / ${total} invitations, ${seconds.toFixed(0)} s, ${(done / Math.max(seconds, 0.001)).toFixed(0)} /s`;
  if (process.stderr.isTTY) {
    const width = 30;
    const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
    process.stderr.write(`\r  ${bar} ${(fraction * 100).toFixed(0).padStart(3)} % ${text}${final ? '\n' : ''}`);
  } else if (final || Date.now() - lastLoggedProgress > 60_000) {
    lastLoggedProgress = Date.now();
    log(`  ${(fraction * 100).toFixed(0)} % — ${text}`);
  }
}
// Reduced, not spread: a national run's 188,100 values would overflow the call stack.
const maxOf = (values: number[]) => values.reduce((a, b) => (b > a ? b : a), -Infinity);
const minOf = (values: number[]) => values.reduce((a, b) => (b < a ? b : a), Infinity);
const round = (value: number, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function forEachConcurrently<T>(items: T[], concurrency: number, action: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await action(items[index]!, index);
      }
    }),
  );
}

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

// ---------------------------------------------------------------------------- processes seen from /proc

/** CPU time (user + system) of a process, in seconds. */
function cpuSecondsOf(pid: number): number {
  const stat = readProc(pid, 'stat');
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const treeCpuSeconds = (pid: number) => processTree(pid).reduce((sum, p) => sum + cpuSecondsOf(p), 0);

/** The Temporal dev server listening on `port` (the SDK starts it; it does not tell its pid). */
function devServerPid(port: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (readProc(Number(entry), 'cmdline') ?? '').split('\0');
    if (args.includes('start-dev') && args.includes(port)) return Number(entry);
  }
  return null;
}

// ------------------------------------------------------------------------------------------- SMTP sink

interface Arrival {
  to: string;
  at: number;
  subject: string;
}

/** RFC 2047 encoded words (what nodemailer writes for a French subject), UTF-8 only. */
function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

async function startSink() {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      let head = '';
      let headDone = false;
      stream.on('data', (chunk: Buffer) => {
        if (headDone) return;
        head += chunk.toString('utf8');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          headDone = true;
        }
      });
      stream.on('end', () => {
        const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
        const subject = decodeHeader(/^Subject: ?(.*)$/im.exec(unfolded)?.[1] ?? '');
        const at = Date.now(); // accepted: the 250 answer follows
        for (const recipient of session.envelope.rcptTo) arrivals.push({ to: recipient.address.toLowerCase(), at, subject });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  return { url, arrivals, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
type Sink = Awaited<ReturnType<typeof startSink>>;

// ------------------------------------------------------------------------ the worker and the API processes

class ServiceProcess {
  readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly waiters: { message: string; resolve: () => void }[] = [];
  warnings = 0;
  errors = 0;
  /** The Temporal core's "Workflow task duration exceeded 5 seconds" (TMPRL1104). */
  slowWorkflowTasks = 0;
  private forwarded = 0;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    profileDir: string | null,
  ) {
    // `node --import tsx`: one process, so its pid is the program whose memory is measured.
    // One file per thread (the worker runs its workflows in a worker thread), named by pid and thread id.
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`] : [];
    this.child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code))); // after its output
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
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

  get pid(): number {
    return this.child.pid!;
  }

  private line(raw: string) {
    let line = raw;
    let entry: { level?: string; msg?: string } = {};
    try {
      entry = JSON.parse(line);
    } catch {
      // Not our JSON: the Temporal core's own log lines (coloured text), or a crash trace.
      const text = line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
      entry = { level: /\bWARN\b/.test(text) ? 'warn' : /\bERROR\b|Error:|^\s+at /.test(text) ? 'error' : 'info', msg: text };
      line = text;
    }
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
    if (line.includes('TMPRL1104')) this.slowWorkflowTasks += 1;
    if (entry.level === 'warn') this.warnings += 1;
    if (entry.level === 'error') this.errors += 1;
    if ((entry.level === 'warn' || entry.level === 'error') && this.forwarded < 15) {
      this.forwarded += 1;
      process.stderr.write(`  [${this.name}] ${line.slice(0, 400)}\n`);
      if (this.forwarded === 15) process.stderr.write(`  [${this.name}] (further warnings counted, not shown)\n`);
    }
    for (const waiter of [...this.waiters]) {
      if (entry.msg === waiter.message) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves when the process logs `message`; fails, with its last lines, if it exits or takes too long. */
  async ready(message: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ message, resolve })),
        this.exited.then((code) => Promise.reject(new Error(`${this.name} exited (${code}) before "${message}":\n${this.tail.join('\n')}`))),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name}: no "${message}" after ${timeoutMs / 1000} s:\n${this.tail.join('\n')}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  lastLines(): string[] {
    return [...this.tail];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(killer);
  }
}

// --------------------------------------------------------------------------------------- one stack

interface Stack {
  base: string;
  token: string;
  prisma: PrismaClient;
  databaseName: string;
  sink: Sink;
  smtpUrl: string;
  taskQueue: string;
  linkSecret: string;
  /** The worker processes: the first runs the workflows (and everything, with --workers=0), the others bulk deliveries. */
  workers: ServiceProcess[];
  api: ServiceProcess;
  startupSeconds: number;
  /** Peak memory when ready: the worker's includes bundling the workflow code (webpack) at start. */
  memoryAtStartMiB: { worker: number; api: number };
  /** All the worker processes' pids (for memory and CPU). */
  workerPids: number[];
  call<T = any>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const cleanups = new Set<() => Promise<void>>();

async function startStack(temporalAddress: string, profileDir: string | null = null, deliveryWorkers = 0): Promise<Stack> {
  const started = Date.now();
  const database = await createEmptyDatabase('ctg_bench');
  await applyMigrations(database.url);
  const prisma = createPrismaClient(database.url);
  const admin = await prisma.user.create({ data: { email: 'admin@bench.example.org', fullName: 'Administration du banc d’essai', role: 'ADMIN' } });
  const { token } = await issueToken(prisma, 'API', { userId: admin.id }, { label: 'bench' });
  const sink = await startSink();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const taskQueue = `ctg-bench-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: sink.url,
    MAIL_FROM,
    PUBLIC_BASE_URL: base,
    PORT: String(port),
    LOG_LEVEL: 'info', // the default in production: its cost is part of the figures
    LINK_SECRET: randomBytes(32).toString('base64url'),
  };
  delete env.TEMPORAL_UI_URL;
  // BENCH_WORKER_ENTRY: measure a modified worker entry point (same environment) against worker/main.ts.
  const entry = process.env.BENCH_WORKER_ENTRY || 'worker/main.ts';
  const workers =
    deliveryWorkers === 0
      ? [new ServiceProcess('worker', entry, env, profileDir)]
      : [
          new ServiceProcess('worker', entry, { ...env, WORKER_ROLE: 'workflows' }, profileDir),
          ...Array.from({ length: deliveryWorkers }, (_, i) => new ServiceProcess(`delivery-${i + 1}`, entry, { ...env, WORKER_ROLE: 'delivery' }, profileDir)),
        ];
  const api = new ServiceProcess('api', 'api/main.ts', env, profileDir);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    cleanups.delete(stop);
    await Promise.all([...workers.map((w) => w.stop()), api.stop()]);
    await sink.stop();
    await prisma.$disconnect();
    await database.drop();
  };
  cleanups.add(stop);
  try {
    // The worker bundles the workflow code at start (webpack): allow for a busy machine.
    await Promise.all([...workers.map((w) => w.ready('worker started', 300_000)), api.ready('api listening', 120_000)]);
  } catch (error) {
    await stop();
    throw error;
  }
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  };
  const memoryAtStartMiB = { worker: maxOf(workers.map((w) => memoryMiB(w.pid, 'VmHWM'))), api: memoryMiB(api.pid, 'VmHWM') };
  return { base, token, prisma, databaseName: database.name, sink, smtpUrl: sink.url, taskQueue, linkSecret: env.LINK_SECRET!, workers, workerPids: workers.map((w) => w.pid), api, startupSeconds: (Date.now() - started) / 1000, memoryAtStartMiB, call, stop };
}

/** CPU seconds of the PostgreSQL backends serving `database` (they are pooled: the same pids all along). */
async function postgresBackends(prisma: PrismaClient, database: string): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${database}`;
  return rows.map((r) => Number(r.pid));
}

// ------------------------------------------------------------------------------------------ a burst

interface BurstResult {
  territories: number;
  partners: number;
  expected: number;
  invitations: number;
  complete: boolean;
  duplicates: number;
  /** Size of one invitation as sent (MIME source: HTML, text, calendar part and .ics attachment). */
  invitationBytes: number | null;
  setup: {
    stackStartSeconds: number;
    createSeconds: number;
    launchSeconds: number;
    /** Between the last launch and the due instant (negative: launches overran it, latencies overstated). */
    slackBeforeDueSeconds: number;
    /** The worker's CPU in the two seconds before the due instant: near 0 when every process had settled. */
    workerCpuBeforeDuePct: number | null;
  };
  burstSeconds: number | null;
  endToEndPerSecond: number | null;
  rawTransporterPerSecond: number | null;
  ratio: number | null;
  invitationLatencySeconds: { min: number | null; p50: number | null; p95: number | null; max: number | null };
  /** Where the time went, from the messages table: when each territory's send began (its first row, after
   *  the timer, the workflow task, the activity's start, the audience query and the first rendering), and
   *  per message from its row to its SENT mark (claim, SMTP, update). */
  breakdown: {
    sendStartSeconds: { p50: number | null; p95: number | null; max: number | null };
    /** Invitations accepted by the sink in each 10-second slice after the due instant: the shape of the burst. */
    acceptedPer10s: number[];
    rowToSentMs: { p50: number | null; p95: number | null };
    /** From the step workflows' histories: seconds spent in each stage, and the activities' retries. */
    stepWorkflowStages: Awaited<ReturnType<typeof invitationStages>>;
    stepStarts: Awaited<ReturnType<typeof stepStarts>>;
  };
  reminder: {
    dueAfterBurstStartSeconds: number[];
    /** How many of them fell due before the last invitation was accepted. */
    duringBurst: number;
    received: number;
    latencySeconds: { p50: number | null; p99: number | null; max: number | null };
    stages: ReturnType<typeof stagesAfter>;
  };
  apiStatus: { requests: number; errors: number; latencyMs: { p50: number | null; p95: number | null; max: number | null } };
  peakMemoryMiB: { worker: number | null; perWorkerProcess: { name: string; peak: number | null; duringBurst: number | null }[]; api: number | null; workerAtStart: number | null; apiAtStart: number | null; workerDuringBurst: number | null; apiDuringBurst: number | null; temporalDevServer: number | null };
  cpuDuringBurstPct: { worker: number | null; perWorkerProcess: { name: string; pct: number | null }[]; api: number | null; temporal: number | null; postgres: number | null; bench: number | null };
  benchEventLoopDelayP99Ms: number | null;
  serviceLog: { workerWarnings: number; workerErrors: number; workerSlowWorkflowTasks: number; apiWarnings: number; apiErrors: number };
  diagnostics?: unknown;
}

async function runBurst(territories: number, partners: number, options: Options, temporal: TemporalContext, rateGuess: number): Promise<BurstResult> {
  const stack = await startStack(temporal.address, options.profile ? path.join(root, 'bench-results', 'profiles', `${territories}x${partners}`) : null, options.workers);
  try {
    log(`stack up in ${stack.startupSeconds.toFixed(0)} s (task queue ${stack.taskQueue}); creating ${territories} territories × ${partners} partners`);
    const partnerEmail = (t: number, p: number) => `partenaire${p}.t${t}@bench.example.org`;

    // 1. Territories and their partners, through the API.
    const createStarted = Date.now();
    const territoryIds: string[] = new Array(territories);
    await forEachConcurrently([...Array(territories).keys()], options.launchConcurrency, async (t) => {
      const territory = await stack.call('POST', '/api/territories', {
        name: `Communauté de communes n° ${t + 1}`,
        cafName: `Caf n° ${(t % 101) + 1}`,
        coordinatorName: 'Coordination CTG',
        coordinatorEmail: `coordination.t${t}@bench.example.org`,
      });
      if (territory.status !== 201) throw new Error(`POST /api/territories: ${territory.status} ${JSON.stringify(territory.body)}`);
      territoryIds[t] = territory.body.id;
      const contacts = await stack.call(
        'POST',
        `/api/territories/${territory.body.id}/contacts`,
        Array.from({ length: partners }, (_, p) => ({ email: partnerEmail(t, p), fullName: `Partenaire ${p + 1}`, roles: ['PARTENAIRE'] })),
      );
      if (contacts.status !== 200) throw new Error(`POST contacts: ${contacts.status} ${JSON.stringify(contacts.body)}`);
    });
    const createSeconds = (Date.now() - createStarted) / 1000;

    // 2. The launches. Every first invitation falls due at `dueAt`, a little after the last launch: the
    //    time a launch takes is measured first on a few warm-up territories (a step months away, no
    //    partners: idle workflows), then every territory gets the same instant.
    const expected = territories * partners;
    const warmUps = Math.min(16, Math.max(4, Math.round(territories / 20)));
    const warmUpStarted = Date.now();
    await forEachConcurrently([...Array(warmUps).keys()], options.launchConcurrency, async (w) => {
      const territory = await stack.call('POST', '/api/territories', {
        name: `Territoire d’échauffement n° ${w + 1}`,
        cafName: 'Caf d’échauffement',
        coordinatorName: 'Coordination CTG',
        coordinatorEmail: `echauffement${w}@bench.example.org`,
      });
      const steps = [{ key: 'plus-tard', kind: 'SEMINAIRE_ELUS', phase: 'DIAGNOSTIC', title: 'Séminaire plus tard', startsAt: new Date(Date.now() + 120 * DAY).toISOString() }];
      const launched = await stack.call('POST', `/api/territories/${territory.body.id}/processes`, { periodStart: 2027, periodEnd: 2031, steps });
      if (launched.status !== 201) throw new Error(`warm-up launch: ${launched.status} ${JSON.stringify(launched.body)}`);
    });
    // Two requests per warm-up territory, the first ones slower (cold pools): a launch costs less than
    // that. Plus ~40 ms per process for the worker's first workflow tasks (its creation, the first activity).
    const perLaunchMs = (Date.now() - warmUpStarted) / warmUps;
    const dueAt = Math.ceil((Date.now() + 10_000 + territories * (perLaunchMs * 0.8 + 40)) / 1000) * 1000;
    // Reminders of another meeting in the first territories, due one after the other through the burst as
    // it is expected to run (from a tenth to nine tenths of it).
    const expectedBurstMs = Math.max(4_000, (expected / Math.max(1, rateGuess)) * 1000);
    const reminderCount = Math.min(options.reminders, territories);
    const reminderDues = Array.from({ length: reminderCount }, (_, i) => dueAt + Math.round(expectedBurstMs * (0.1 + (0.8 * i) / Math.max(1, reminderCount - 1))));
    const launchStarted = Date.now();
    const processIds: string[] = new Array(territories);
    await forEachConcurrently(territoryIds, options.launchConcurrency, async (territoryId, t) => {
      const steps: Partial<PlanStep>[] = [
        {
          key: 'lancement-partenaires',
          kind: 'LANCEMENT_PARTENAIRES',
          phase: 'DIAGNOSTIC',
          title: 'Lancement partenaires',
          audience: { roles: ['PARTENAIRE'], groups: [], domains: [], emails: [], public: false },
          startsAt: new Date(dueAt + 21 * DAY).toISOString(),
          invitationLeadDays: 21,
          location: 'Salle des fêtes',
        },
      ];
      if (t < reminderCount) {
        // Invited at once (its lead time is already past), reminded one day before: at its reminder instant.
        steps.push({
          key: 'rencontre-rappel',
          kind: 'RENCONTRE_THEMATIQUE',
          phase: 'DIAGNOSTIC',
          title: 'Rencontre de rappel',
          audience: { roles: ['PARTENAIRE'], groups: [], domains: [], emails: [], public: false },
          startsAt: new Date(reminderDues[t]! + DAY).toISOString(),
          invitationLeadDays: 2,
          reminderDays: [1],
          location: 'Mairie',
        });
      }
      const launched = await stack.call('POST', `/api/territories/${territoryId}/processes`, { periodStart: 2027, periodEnd: 2031, steps });
      if (launched.status !== 201) throw new Error(`POST processes: ${launched.status} ${JSON.stringify(launched.body)}`);
      processIds[t] = launched.body.id;
    });
    const launchEnded = Date.now();
    const slack = (dueAt - launchEnded) / 1000;
    log(`created in ${createSeconds.toFixed(1)} s, launched in ${((launchEnded - launchStarted) / 1000).toFixed(1)} s; invitations due in ${slack.toFixed(1)} s`);
    if (slack < 0) log('WARNING: the last launches came after the due instant: latencies are overstated');

    // 3. The burst.
    const workerPids = stack.workerPids;
    const workersCpu = () => workerPids.map(treeCpuSeconds);
    const api = stack.api.pid;
    const temporalPid = temporal.pid;
    let workerCpuBeforeDuePct: number | null = null;
    if (dueAt - Date.now() > 2_500) {
      await sleep(dueAt - Date.now() - 2_000);
      const before = workersCpu().reduce((a, b) => a + b, 0);
      await sleep(Math.max(0, dueAt - Date.now() - 200));
      workerCpuBeforeDuePct = round(((workersCpu().reduce((a, b) => a + b, 0) - before) / 1.8) * 100);
    }
    await sleep(Math.max(0, dueAt - Date.now()));

    const pgBefore = new Map((await postgresBackends(stack.prisma, stack.databaseName)).map((pid) => [pid, cpuSecondsOf(pid)]));
    const cpuBefore = { workers: workersCpu(), api: treeCpuSeconds(api), temporal: temporalPid ? cpuSecondsOf(temporalPid) : 0, bench: process.cpuUsage() };
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let bursting = true;
    const workerRss = workerPids.map(() => 0);
    let apiRss = 0;
    const sampler = (async () => {
      while (bursting) {
        workerPids.forEach((pid, i) => (workerRss[i] = Math.max(workerRss[i]!, memoryMiB(pid, 'VmRSS'))));
        apiRss = Math.max(apiRss, memoryMiB(api, 'VmRSS'));
        await sleep(250);
      }
    })();

    const latencies: number[] = [];
    let requests = 0;
    let errors = 0;
    const pollers = Array.from({ length: options.pollers }, async (_, i) => {
      let n = i;
      while (bursting) {
        n += options.pollers;
        const id = processIds[(n * 7919) % processIds.length];
        const started = performance.now();
        try {
          const response = await stack.call('GET', `/api/processes/${id}`);
          requests += 1;
          if (response.status !== 200) errors += 1;
          else latencies.push(performance.now() - started);
        } catch {
          requests += 1;
          errors += 1;
          await sleep(50);
        }
      }
    });

    const isInvitation = (a: Arrival) => a.subject.startsWith('Invitation : Lancement partenaires') && a.to.startsWith('partenaire');
    const isReminder = (a: Arrival) => a.subject.startsWith('Rappel : Rencontre de rappel');
    // Which territory a reminder's recipient belongs to (partenaire<p>.t<t>@…): its own due instant.
    const reminderDueOf = (a: Arrival) => reminderDues[Number(/\.t(\d+)@/.exec(a.to)?.[1] ?? 0)]!;
    const timeoutMs = (options.timeoutSeconds ?? 120 + expected * 0.2) * 1000;
    let counted = 0;
    let invitationCount = 0;
    let lastProgress = 0;
    const complete = await waitUntil(
      () => {
        for (; counted < stack.sink.arrivals.length; counted += 1) if (isInvitation(stack.sink.arrivals[counted]!)) invitationCount += 1;
        if (Date.now() - lastProgress > 1_000) {
          lastProgress = Date.now();
          progressBar(invitationCount, expected, (Date.now() - dueAt) / 1000);
        }
        return invitationCount >= expected;
      },
      dueAt + timeoutMs - Date.now(),
      50,
    );
    const burstEnded = Date.now();
    progressBar(invitationCount, expected, (burstEnded - dueAt) / 1000, true);
    bursting = false;
    await Promise.all([...pollers, sampler]);
    delay.disable();
    const cpuAfter = { workers: workersCpu(), api: treeCpuSeconds(api), temporal: temporalPid ? cpuSecondsOf(temporalPid) : 0, bench: process.cpuUsage(cpuBefore.bench) };
    let pgCpu = 0;
    for (const pid of await postgresBackends(stack.prisma, stack.databaseName)) pgCpu += cpuSecondsOf(pid) - (pgBefore.get(pid) ?? 0);

    // The reminders: every partner of each reminder territory.
    await waitUntil(() => stack.sink.arrivals.filter(isReminder).length >= partners * reminderCount, Math.max(20_000, maxOf(reminderDues) + 60_000 - Date.now()));

    const invitations = stack.sink.arrivals.filter(isInvitation);
    const invitationLatencies = invitations.map((a) => (a.at - dueAt) / 1000);
    const lastAccepted = invitations.length ? maxOf(invitations.map((a) => a.at)) : NaN;
    const burstSeconds = (lastAccepted - dueAt) / 1000;
    const reminders = stack.sink.arrivals.filter(isReminder).map((a) => (a.at - reminderDueOf(a)) / 1000);
    const wall = (burstEnded - dueAt) / 1000;
    const perStep = await stack.prisma.$queryRaw<{ first: Date }[]>`
      SELECT min("createdAt") AS first FROM "Message" WHERE kind = 'INVITATION' AND "createdAt" >= ${new Date(dueAt)} GROUP BY "stepId"`;
    const sendStarts = perStep.map((r) => (r.first.getTime() - dueAt) / 1000);
    const perMessage = await stack.prisma.$queryRaw<{ p50: number | null; p95: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt")) * 1000 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "sentAt" - "createdAt")) * 1000 AS p95
      FROM "Message" WHERE kind = 'INVITATION' AND "createdAt" >= ${new Date(dueAt)} AND "sentAt" IS NOT NULL`;
    const pct = (seconds: number) => round((seconds / wall) * 100);

    const stepWorkflowStages = await invitationStages(temporal.client, processIds, dueAt);
    const startsOfSteps = await stepStarts(temporal.client, processIds, dueAt);
    const reminderStages = stagesAfter(await historyOf(temporal.client, stepWorkflowId(processIds[0]!, 'rencontre-rappel')), reminderDues[0]!);

    // 4. The same transporter, straight to the same sink: the bytes of a real invitation, as many times.
    let rawRate: number | null = null;
    const sample = await stack.prisma.message.findFirst({ where: { kind: 'INVITATION', status: 'SENT' } });
    const mailer = createMailer({ SMTP_URL: stack.smtpUrl });
    const sampleSource = sample ? await createOutbox({ prisma: stack.prisma, mailer, mailFrom: MAIL_FROM, linkSecret: stack.linkSecret }).sourceOf(sample) : null;
    if (sampleSource) {
      const raw = sampleSource;
      const count = Math.min(5_000, Math.max(500, expected));
      const started = Date.now();
      await Promise.all(Array.from({ length: count }, (_, i) => mailer.deliver(raw, { from: 'ctg@bench.example.org', to: `raw${i}@bench.example.org` })));
      rawRate = count / ((Date.now() - started) / 1000);
      mailer.close();
    }

    let diagnostics: unknown;
    if (!complete) {
      const byStatus = await stack.prisma.message.groupBy({ by: ['kind', 'status'], _count: true });
      const sampleId = processWorkflowId(processIds[0]!);
      const description = await temporal.client.workflow
        .getHandle(sampleId)
        .describe()
        .then((d) => ({ status: d.status.name, historyLength: d.historyLength }))
        .catch((error: Error) => ({ error: error.message }));
      diagnostics = { messages: byStatus, sampleProcess: { workflowId: sampleId, ...description }, workerLastLines: stack.workers.flatMap((w) => w.lastLines().slice(-5)) };
      log(`INCOMPLETE: ${invitations.length} / ${expected} invitations; ${JSON.stringify(diagnostics).slice(0, 2000)}`);
    }

    const result: BurstResult = {
      territories,
      partners,
      expected,
      invitations: invitations.length,
      complete,
      duplicates: invitations.length - new Set(invitations.map((a) => a.to)).size,
      invitationBytes: sampleSource ? sampleSource.length : null,
      setup: {
        stackStartSeconds: round(stack.startupSeconds, 1)!,
        createSeconds: round(createSeconds, 1)!,
        launchSeconds: round((launchEnded - launchStarted) / 1000, 1)!,
        slackBeforeDueSeconds: round(slack, 1)!,
        workerCpuBeforeDuePct,
      },
      burstSeconds: round(burstSeconds, 1),
      endToEndPerSecond: round(invitations.length / burstSeconds, 1),
      rawTransporterPerSecond: rawRate === null ? null : round(rawRate, 1),
      ratio: rawRate === null ? null : round(invitations.length / burstSeconds / rawRate, 3),
      invitationLatencySeconds: {
        min: round(minOf(invitationLatencies), 1),
        p50: round(percentile(invitationLatencies, 50), 1),
        p95: round(percentile(invitationLatencies, 95), 1),
        max: round(maxOf(invitationLatencies), 1),
      },
      breakdown: {
        sendStartSeconds: { p50: round(percentile(sendStarts, 50), 1), p95: round(percentile(sendStarts, 95), 1), max: round(maxOf(sendStarts), 1) },
        acceptedPer10s: invitations.reduce<number[]>((slices, a) => {
          const slice = Math.max(0, Math.floor((a.at - dueAt) / 10_000));
          while (slices.length <= slice) slices.push(0);
          slices[slice]! += 1;
          return slices;
        }, []),
        rowToSentMs: { p50: round(Number(perMessage[0]?.p50 ?? NaN)), p95: round(Number(perMessage[0]?.p95 ?? NaN)) },
        stepWorkflowStages,
        stepStarts: startsOfSteps,
      },
      reminder: {
        dueAfterBurstStartSeconds: reminderDues.map((due) => round((due - dueAt) / 1000, 1)!),
        duringBurst: reminderDues.filter((due) => due < lastAccepted).length,
        received: reminders.length,
        latencySeconds: { p50: round(percentile(reminders, 50), 2), p99: round(percentile(reminders, 99), 2), max: round(maxOf(reminders), 2) },
        stages: reminderStages,
      },
      apiStatus: {
        requests,
        errors,
        latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), max: round(maxOf(latencies)) },
      },
      peakMemoryMiB: {
        worker: round(maxOf(workerPids.map((pid) => memoryMiB(pid, 'VmHWM')))),
        perWorkerProcess: stack.workers.map((w, i) => ({ name: w.name, peak: round(memoryMiB(w.pid, 'VmHWM')), duringBurst: round(workerRss[i]!) })),
        api: round(memoryMiB(api, 'VmHWM')),
        workerAtStart: round(stack.memoryAtStartMiB.worker),
        apiAtStart: round(stack.memoryAtStartMiB.api),
        workerDuringBurst: round(maxOf(workerRss)),
        apiDuringBurst: round(apiRss),
        temporalDevServer: temporalPid ? round(memoryMiB(temporalPid, 'VmHWM')) : null,
      },
      cpuDuringBurstPct: {
        worker: pct(cpuAfter.workers.reduce((a, b) => a + b, 0) - cpuBefore.workers.reduce((a, b) => a + b, 0)),
        perWorkerProcess: stack.workers.map((w, i) => ({ name: w.name, pct: pct(cpuAfter.workers[i]! - cpuBefore.workers[i]!) })),
        api: pct(cpuAfter.api - cpuBefore.api),
        temporal: temporalPid ? pct(cpuAfter.temporal - cpuBefore.temporal) : null,
        postgres: pct(pgCpu),
        bench: pct((cpuAfter.bench.user + cpuAfter.bench.system) / 1e6),
      },
      benchEventLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 1),
      serviceLog: {
        workerWarnings: stack.workers.reduce((n, w) => n + w.warnings, 0),
        workerErrors: stack.workers.reduce((n, w) => n + w.errors, 0),
        workerSlowWorkflowTasks: stack.workers.reduce((n, w) => n + w.slowWorkflowTasks, 0),
        apiWarnings: stack.api.warnings,
        apiErrors: stack.api.errors,
      },
      ...(diagnostics ? { diagnostics } : {}),
    };
    return result;
  } finally {
    await stack.stop();
  }
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];
const timeOf = (event: HistoryEvent) => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/**
 * The stages of a step workflow's send that follows the timer due at `instant`, in seconds: the timer
 * firing late, the workflow task waiting for and taking the worker, the activity waiting for a slot on the
 * worker (with retries, also the failed attempts: the started event is the last attempt's), and the
 * activity itself (audience, rendering, every delivery of the territory).
 */
function stagesAfter(events: HistoryEvent[], instant: number) {
  const fired = events.findIndex((e) => e.timerFiredEventAttributes && timeOf(e) >= instant - 1_000);
  if (fired < 0) return null;
  const after = events.slice(fired);
  const at = (attribute: keyof HistoryEvent) => {
    const event = after.find((e) => e[attribute]);
    return event ? timeOf(event) : NaN;
  };
  const started = after.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes;
  return {
    timerLate: (timeOf(events[fired]!) - instant) / 1000,
    workflowTaskQueued: (at('workflowTaskStartedEventAttributes') - at('workflowTaskScheduledEventAttributes')) / 1000,
    workflowTaskRun: (at('workflowTaskCompletedEventAttributes') - at('workflowTaskStartedEventAttributes')) / 1000,
    activityQueued: (at('activityTaskStartedEventAttributes') - at('activityTaskScheduledEventAttributes')) / 1000,
    activityRun: (at('activityTaskCompletedEventAttributes') - at('activityTaskStartedEventAttributes')) / 1000,
    attempt: started?.attempt ?? null,
    lastFailure: started?.lastFailure?.message ?? null,
  };
}

const historyOf = (client: Client, workflowId: string) =>
  client.workflow
    .getHandle(workflowId)
    .fetchHistory()
    .then((h) => h.events ?? [])
    .catch(() => [] as HistoryEvent[]);

/** An event's kind, from the attributes it carries (workflowTaskScheduled, activityTaskStarted…). */
const kindOf = (event: HistoryEvent) =>
  Object.keys(event).find((key) => key.endsWith('EventAttributes') && (event as Record<string, unknown>)[key])?.replace(/EventAttributes$/, '') ?? '?';

/**
 * When each territory's step workflow started, from its process workflow's history: from the launch to the
 * step's start, and from the due instant (a step started after it sends at once, without a timer). Plus the
 * first events of the slowest one, seconds after its launch, to see where it waited.
 */
async function stepStarts(client: Client, processIds: string[], dueAt: number) {
  const fromLaunch: number[] = [];
  const afterDue: number[] = [];
  let slowest: { processId: string; seconds: number; events: HistoryEvent[] } | null = null;
  await forEachConcurrently(processIds.slice(0, 1_500), 8, async (processId) => {
    const events = await historyOf(client, processWorkflowId(processId));
    const launched = events[0] ? timeOf(events[0]) : NaN;
    const child = events.find((e) => e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId?.endsWith('/lancement-partenaires'));
    if (!child || !Number.isFinite(launched)) return;
    const seconds = (timeOf(child) - launched) / 1000;
    fromLaunch.push(seconds);
    afterDue.push((timeOf(child) - dueAt) / 1000);
    if (!slowest || seconds > slowest.seconds) slowest = { processId, seconds, events };
  });
  const found = slowest as { processId: string; seconds: number; events: HistoryEvent[] } | null;
  const start = found?.events[0] ? timeOf(found.events[0]) : 0;
  return {
    launchToStepStartedSeconds: { p50: round(percentile(fromLaunch, 50), 2), p95: round(percentile(fromLaunch, 95), 2), max: round(maxOf(fromLaunch), 2) },
    stepsStartedAfterDue: afterDue.filter((s) => s > 0).length,
    slowestProcess: found
      ? { processId: found.processId, events: found.events.slice(0, 16).map((e) => `${kindOf(e)} +${((timeOf(e) - start) / 1000).toFixed(2)}s`) }
      : null,
  };
}

/** The stages of every territory's invitation (up to 1,500 step workflows), p50 / p95 / max, and the retries. */
async function invitationStages(client: Client, processIds: string[], dueAt: number) {
  const stages: Record<string, number[]> = { timerLate: [], workflowTaskQueued: [], workflowTaskRun: [], activityQueued: [], activityRun: [] };
  const failures = new Map<string, number>();
  let retried = 0;
  let maxAttempt = 0;
  await forEachConcurrently(processIds.slice(0, 1_500), 8, async (processId) => {
    const one = stagesAfter(await historyOf(client, stepWorkflowId(processId, 'lancement-partenaires')), dueAt);
    if (!one) return;
    for (const stage of Object.keys(stages)) {
      const value = one[stage as keyof typeof one] as number;
      if (Number.isFinite(value)) stages[stage]!.push(value);
    }
    maxAttempt = Math.max(maxAttempt, one.attempt ?? 1);
    if ((one.attempt ?? 1) > 1) {
      retried += 1;
      const reason = (one.lastFailure ?? 'unknown').slice(0, 120);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  });
  if (stages.timerLate!.length === 0) return null;
  return {
    stepWorkflows: stages.timerLate!.length,
    ...Object.fromEntries(
      Object.entries(stages).map(([stage, values]) => [stage, { p50: round(percentile(values, 50), 2), p95: round(percentile(values, 95), 2), max: round(maxOf(values), 2) }]),
    ),
    retriedActivities: retried,
    maxAttempt,
    retryReasons: Object.fromEntries(failures),
  };
}

// ------------------------------------------------------------------------------- a whole lifecycle

interface TemporalContext {
  address: string;
  pid: number | null;
  client: Client;
}

interface LifecycleResult {
  years: number;
  dayMs: number;
  completed: boolean;
  seconds: number;
  steps: number;
  messages: number;
  processRuns: { runId: string; status: string; events: number; sizeKiB: number | null }[];
  largestProcessRunEvents: number | null;
  largestStep: { key: string; events: number } | null;
  largestHistoryEvents: number | null;
  peakMemoryMiB: { worker: number | null; api: number | null };
}


/**
 * One convention of `years` years at 100 ms a day, driven by a diligent coordinator: tasks completed at
 * once, each « date à fixer » (yearly committees, evaluation) given a date at its first nudge. Then the
 * history length of every run of the process workflow (continue-as-new) and of every step workflow.
 */
async function runLifecycle(years: number, temporal: TemporalContext): Promise<LifecycleResult> {
  const DAY_MS = 100;
  const stack = await startStack(temporal.address);
  try {
    const started = Date.now();
    const mailer = createMailer({ SMTP_URL: stack.smtpUrl });
    const deps: ApiDeps = {
      prisma: stack.prisma,
      temporal: temporal.client,
      config: { TEMPORAL_TASK_QUEUE: stack.taskQueue, TEMPORAL_NAMESPACE: 'default', TEMPORAL_UI_URL: undefined, PUBLIC_BASE_URL: stack.base, MAIL_FROM, LINK_SECRET: stack.linkSecret },
      logger: createLogger('bench', { level: 'warn' }),
      mailMode: 'smtp',
      outbox: createOutbox({ prisma: stack.prisma, mailer, mailFrom: MAIL_FROM, linkSecret: stack.linkSecret }),
    };
    const territory = await stack.call('POST', '/api/territories', larzacTerritory);
    if (territory.status !== 201) throw new Error(`POST /api/territories: ${territory.status} ${JSON.stringify(territory.body)}`);
    const territoryId: string = territory.body.id;
    await stack.call('POST', `/api/territories/${territoryId}/contacts`, [
      ...larzacContacts,
      { email: 'entretien@caf12.example.org', fullName: 'Paul Entretien', organisation: 'Département', roles: ['PARTENAIRE'] },
    ]);
    const answers = {
      periodStart: 2026,
      periodEnd: 2026 + years - 1,
      themes: [
        { key: 'petite-enfance', title: 'Petite enfance' },
        { key: 'enfance-jeunesse', title: 'Enfance - jeunesse' },
      ],
      interviews: 1,
      thematicMeetings: 1,
      forums: 1,
      location: 'Salle des fêtes de Nant',
    };
    const timeline = fastTimeline(DAY_MS, answers.periodStart, answers.periodEnd, 2_000);
    const plan = datedStandardPlan(answers, timeline, lifecycleDays, (step) =>
      step.key === 'entretien-1' ? { audience: { roles: [], groups: [], domains: [], emails: ['entretien@caf12.example.org'], public: false } } : {},
    );
    // Straight through the use case: only it takes a compressed timeline (the API launches on real days).
    const { process: launched } = await launchProcess(deps, territoryId, { plan, answers: null }, { timeline });
    const workflowId = processWorkflowId(launched.id);
    const handle = temporal.client.workflow.getHandle(workflowId);
    const periodEnd = Date.parse(timeline.periodEndsAt);
    log(`lifecycle: ${years} years at ${DAY_MS} ms a day (about ${Math.round((years * 365 * DAY_MS) / 1000)} s), process ${launched.id}`);

    let finished = false;
    const result = handle.result().finally(() => {
      finished = true;
    });
    const dated = new Set<string>();
    const completing = new Set<string>();
    let lastYearLogged = -1;
    while (!finished && Date.now() < periodEnd + 120_000) {
      await sleep(200);
      let status: ProcessStatusView;
      try {
        status = await handle.query(processStatusQuery);
      } catch {
        continue; // between two runs (continue-as-new), or just closed
      }
      const year = Math.floor((Date.now() - Date.parse(timeline.periodStartsAt)) / (365 * DAY_MS));
      if (year !== lastYearLogged) {
        lastYearLogged = year;
        log(`lifecycle: year ${year + 1}, phase ${status.phase}, history ${status.historyLength} events`);
      }
      for (const step of status.steps) {
        if (step.status !== 'RUNNING') continue;
        const isTask = isWorkItem(behaviourOf(step));
        // Tasks done as soon as they may be (as in lifecycle.test.ts: dependent meetings are invited 21
        // days ahead); a meeting flagged late (a timer fired late on a busy machine) marked held.
        const due = isTask ? step.startsAt !== null : step.late && step.startsAt !== null && Date.parse(step.startsAt) <= Date.now();
        if (due && !completing.has(step.key)) {
          completing.add(step.key);
          await stack.call('POST', `/api/processes/${launched.id}/steps/${step.key}/complete`);
        } else if (!step.startsAt && !dated.has(step.key)) {
          const row = await stack.prisma.step.findFirst({ where: { processId: launched.id, key: step.key }, select: { id: true } });
          if (!row || !(await stack.prisma.message.count({ where: { stepId: row.id, kind: 'DATE_TO_SET' } }))) continue;
          dated.add(step.key);
          const at = step.kind === 'EVALUATION' ? periodEnd - 30 * DAY_MS : Date.now() + 40 * DAY_MS;
          if (at < periodEnd - 10 * DAY_MS) await stack.call('PATCH', `/api/processes/${launched.id}/steps/${step.key}`, { startsAt: new Date(at).toISOString() });
        }
      }
    }
    const completed = await Promise.race([result.then((r) => r.completed), sleep(30_000).then(() => false)]).catch(() => false);

    // History lengths: every run of the process workflow, every step workflow.
    const processRuns: LifecycleResult['processRuns'] = [];
    for await (const info of temporal.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      const description = await temporal.client.workflow.getHandle(workflowId, info.runId).describe();
      processRuns.push({ runId: info.runId, status: description.status.name, events: description.historyLength, sizeKiB: description.historySize ? round(description.historySize / 1024) : null });
    }
    processRuns.sort((a, b) => b.events - a.events);
    const steps = await stack.prisma.step.findMany({ where: { processId: launched.id }, select: { key: true } });
    let largestStep: LifecycleResult['largestStep'] = null;
    for (const { key } of steps) {
      const events = await temporal.client.workflow
        .getHandle(stepWorkflowId(launched.id, key))
        .describe()
        .then((d) => d.historyLength)
        .catch(() => 0); // never started (cancelled while waiting)
      if (!largestStep || events > largestStep.events) largestStep = { key, events };
    }
    const messages = await stack.prisma.message.count({ where: { processId: launched.id } });
    const peakMemoryMiB = { worker: round(maxOf(stack.workerPids.map((pid) => memoryMiB(pid, 'VmHWM')))), api: round(memoryMiB(stack.api.pid, 'VmHWM')) };
    mailer.close();

    // The renewal started nine months before the end runs on: stop it and its steps, so that the dev
    // server does not carry them.
    for await (const info of temporal.client.workflow.list({ query: `TaskQueue = "${stack.taskQueue}" AND ExecutionStatus = "Running"` })) {
      await temporal.client.workflow
        .getHandle(info.workflowId, info.runId)
        .terminate('bench finished')
        .catch(() => undefined);
    }
    const largestProcessRunEvents = processRuns[0]?.events ?? null;
    return {
      years,
      dayMs: DAY_MS,
      completed,
      seconds: round((Date.now() - started) / 1000)!,
      steps: steps.length,
      messages,
      processRuns,
      largestProcessRunEvents,
      largestStep,
      largestHistoryEvents: Math.max(largestProcessRunEvents ?? 0, largestStep?.events ?? 0) || null,
      peakMemoryMiB,
    };
  } finally {
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------------- report

function table(results: BurstResult[], lifecycle: LifecycleResult | null): string {
  const pair = (a: unknown, b: unknown) => `${a ?? '—'} / ${b ?? '—'}`;
  const lines = [
    '| territories × partners | worker processes | invitations | end-to-end /s | raw transporter /s | ratio | invitation due→accepted p50 / p95 / max (s) | reminders due→accepted p50 / p99 (s) | API status p50 / p95 (ms) | peak memory: largest worker / API (MiB) | CPU during the burst: workers / Temporal / PostgreSQL (%) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |',
    ...results.map((r) =>
      [
        `${r.territories} × ${r.partners}`,
        r.peakMemoryMiB.perWorkerProcess.length,
        `${r.invitations}${r.complete ? '' : ` of ${r.expected}`}${r.duplicates ? ` (${r.duplicates} dup.)` : ''}`,
        r.endToEndPerSecond ?? '—',
        r.rawTransporterPerSecond ?? '—',
        r.ratio ?? '—',
        `${r.invitationLatencySeconds.p50 ?? '—'} / ${r.invitationLatencySeconds.p95 ?? '—'} / ${r.invitationLatencySeconds.max ?? '—'}`,
        r.reminder.received
          ? `${r.reminder.latencySeconds.p50} / ${r.reminder.latencySeconds.p99} (${r.reminder.duringBurst} of ${r.reminder.dueAfterBurstStartSeconds.length} due during the burst)`
          : 'not received',
        pair(r.apiStatus.latencyMs.p50, r.apiStatus.latencyMs.p95),
        pair(r.peakMemoryMiB.worker, r.peakMemoryMiB.api),
        `${r.cpuDuringBurstPct.worker ?? '—'} / ${r.cpuDuringBurstPct.temporal ?? '—'} / ${r.cpuDuringBurstPct.postgres ?? '—'}`,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ];
  if (lifecycle) {
    const runs = lifecycle.processRuns.length;
    lines.push(
      '',
      `${lifecycle.years}-year lifecycle (${lifecycle.steps} steps, ${lifecycle.messages} messages, ${lifecycle.completed ? 'completed' : 'NOT completed'} in ${lifecycle.seconds} s at ${lifecycle.dayMs} ms a day): ` +
        `largest workflow history ${lifecycle.largestHistoryEvents ?? '—'} events — process workflow ${lifecycle.largestProcessRunEvents ?? '—'} (largest of ${runs} run${runs === 1 ? '' : 's'}), ` +
        `largest step ${lifecycle.largestStep ? `${lifecycle.largestStep.events} (${lifecycle.largestStep.key})` : '—'}`,
    );
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  const options = parseOptions();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  };
  const sizes = options.sizes.length ? `${options.sizes.join(', ')} territories × ${options.partners} partners` : 'no burst';
  log(`${sizes}; lifecycle ${options.lifecycleYears ? `${options.lifecycleYears} years` : 'skipped'}; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.join(' ')}`);
  const temporalDir = options.temporalDb === 'file' ? mkdtempSync(path.join(tmpdir(), 'ctg-bench-')) : null;
  const server: DevServer = await startTemporalDevServer({ dbFilename: temporalDir ? path.join(temporalDir, 'temporal.sqlite') : undefined, log });
  const connection = await Connection.connect({ address: server.address });
  const temporal: TemporalContext = { address: server.address, pid: devServerPid(server.address.split(':').pop()!), client: new Client({ connection, namespace: 'default' }) };
  const shutdown = async () => {
    for (const cleanup of [...cleanups]) await cleanup().catch((error) => log(`cleanup: ${error}`));
    await connection.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    if (temporalDir) rmSync(temporalDir, { recursive: true, force: true });
  };
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: stopping`);
      void shutdown().finally(() => process.exit(130));
    });
  }

  const results: BurstResult[] = [];
  let lifecycle: LifecycleResult | null = null;
  const started = Date.now();
  try {
    let rateGuess = 300; // invitations a second, to spread the reminders through the burst; then the last long burst's rate
    for (const territories of options.sizes) {
      log(`--- ${territories} territories × ${options.partners} partners`);
      const result = await runBurst(territories, options.partners, options, temporal, rateGuess);
      results.push(result);
      if (result.invitations >= 500 && result.endToEndPerSecond) rateGuess = result.endToEndPerSecond;
      log(
        `${result.invitations} invitations at ${result.endToEndPerSecond}/s (raw ${result.rawTransporterPerSecond}/s); due→accepted p50 ${result.invitationLatencySeconds.p50} s, max ${result.invitationLatencySeconds.max} s`,
      );
    }
    if (options.lifecycleYears > 0) lifecycle = await runLifecycle(options.lifecycleYears, temporal);
  } finally {
    await shutdown();
  }

  const report = {
    generatedAt: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    stack: { temporal: `dev server (Temporal CLI, SQLite ${options.temporalDb})`, postgres: 'local server, fresh database per size', smtp: 'smtp-server sink on 127.0.0.1' },
    options: { ...options, json: undefined },
    totalSeconds: round((Date.now() - started) / 1000),
    results,
    lifecycle,
  };
  mkdirSync(path.dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${table(results, lifecycle)}\n\nJSON written to ${path.relative(process.cwd(), options.json)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
