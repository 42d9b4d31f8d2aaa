// One stack of the bench: a fresh database, the SMTP sink, the worker process(es) and the API
// (scripts/lib/real-stack.ts), an administrator's token, against the run's Temporal dev server.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../infra/db/prisma';
import { memoryMiB } from '../lib/process-metrics';
import { createStackDatabase, createUser, startServices } from '../lib/real-stack';
import type { Cleanups } from '../lib/run-report';
import type { ServiceProcess } from '../lib/service-process';
import { startSmtpSink, type SmtpSink } from '../lib/smtp-sink';
import { maxOf } from '../lib/stats';

export const MAIL_FROM = 'Coordination CTG <ctg@bench.example.org>';

/** The run's Temporal dev server: its address, its pid (for CPU and memory), a client. */
export interface TemporalContext {
  address: string;
  pid: number | null;
  client: Client;
}

export interface BenchStack {
  base: string;
  prisma: PrismaClient;
  databaseName: string;
  sink: SmtpSink;
  taskQueue: string;
  linkSecret: string;
  /** The worker processes: the first runs the workflows (and everything, with --workers=0), the others bulk deliveries. */
  workers: ServiceProcess[];
  /** Their pids (for memory and CPU), read once they are up. */
  workerPids: number[];
  api: ServiceProcess;
  apiPid: number;
  startupSeconds: number;
  /** Peak memory when ready: the worker's includes bundling the workflow code (webpack) at start. */
  memoryAtStartMiB: { worker: number; api: number };
  /** As the administrator; throws on no answer (the bench's figures assume every call was answered). */
  call<T = any>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startBenchStack(temporalAddress: string, cleanups: Cleanups, options: { profileDir?: string | null; deliveryWorkers?: number } = {}): Promise<BenchStack> {
  const started = Date.now();
  const db = await createStackDatabase('ctg_bench');
  const { token } = await createUser(db.prisma, 'ADMIN', { email: 'admin@bench.example.org', fullName: 'Administration du banc d’essai' });
  const sink = await startSmtpSink();
  let services: Awaited<ReturnType<typeof startServices>> | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await services?.stop();
    await sink.stop();
    await db.drop();
  };
  cleanups.add(stop);
  try {
    services = await startServices({
      temporalAddress,
      databaseUrl: db.url,
      smtpUrl: sink.url,
      mailFrom: MAIL_FROM,
      taskQueue: `ctg-bench-${randomBytes(4).toString('hex')}`,
      logLevel: 'info', // the default in production: its cost is part of the figures
      forward: (line) => process.stderr.write(`  ${line}\n`),
      forwardLimit: 15,
      log: (line) => process.stderr.write(`  ${line}\n`),
      deliveryWorkers: options.deliveryWorkers ?? 0,
      // BENCH_WORKER_ENTRY: measure a modified worker entry point (same environment) against worker/main.ts.
      workerEntry: process.env.BENCH_WORKER_ENTRY || undefined,
      profileDir: options.profileDir ?? null,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const { workers, api, call: callAs } = services;
  const workerPids = workers.map((w) => w.pid!);
  const apiPid = api.pid!;
  const call = async (method: string, url: string, body?: unknown) => {
    // An hour, not 30 s: a slow answer under the burst is a figure, not a failure.
    const answer = await callAs(method, url, { token, body, timeoutMs: 3_600_000 });
    if (answer.status === 0) throw new Error(`${method} ${url}: no answer (${answer.error})`);
    return { status: answer.status, body: answer.body };
  };
  return {
    base: services.base,
    prisma: db.prisma,
    databaseName: db.name,
    sink,
    taskQueue: services.taskQueue,
    linkSecret: services.env.LINK_SECRET!,
    workers,
    workerPids,
    api,
    apiPid,
    startupSeconds: (Date.now() - started) / 1000,
    memoryAtStartMiB: { worker: maxOf(workerPids.map((pid) => memoryMiB(pid, 'VmHWM'))), api: memoryMiB(apiPid, 'VmHWM') },
    call,
    stop,
  };
}
