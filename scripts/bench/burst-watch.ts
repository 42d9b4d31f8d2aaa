// During a burst: the CPU time of every process (the service's, the Temporal dev server's, PostgreSQL's
// backends, the bench's own), their memory sampled, concurrent clients asking the API for a status, and the
// sink counted until every invitation arrived.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PrismaClient } from '../../infra/db/prisma';
import { sleep, waitUntil } from '../lib/concurrency';
import { cpuSecondsOf, memoryMiB, treeCpuSeconds } from '../lib/process-metrics';
import type { Arrival } from '../lib/smtp-sink';
import { round } from '../lib/stats';
import { progressBar } from './progress';
import type { BenchStack, TemporalContext } from './stack';

export const isInvitation = (a: Arrival) => a.subject.startsWith('Invitation : Lancement partenaires') && a.to.startsWith('partenaire');

export interface BurstWatch {
  complete: boolean;
  burstEnded: number;
  /** The worker's CPU in the two seconds before the due instant: near 0 when every process had settled. */
  workerCpuBeforeDuePct: number | null;
  /** CPU seconds spent between the due instant and the last invitation. */
  cpuSeconds: { workers: number[]; api: number; temporal: number; postgres: number; bench: number };
  /** Largest resident memory sampled during the burst (MiB). */
  workerRss: number[];
  apiRss: number;
  apiStatus: { requests: number; errors: number; latencies: number[] };
  eventLoopDelayP99Ms: number | null;
}

/** The pids of the PostgreSQL backends serving `database` (they are pooled: the same pids all along). */
async function postgresBackends(prisma: PrismaClient, database: string): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${database}`;
  return rows.map((r) => Number(r.pid));
}

export async function watchBurst(stack: BenchStack, temporal: TemporalContext, burst: { processIds: string[]; dueAt: number; expected: number; timeoutMs: number }, polling: { pollers: number; everyMs: number }): Promise<BurstWatch> {
  const { processIds, dueAt, expected } = burst;
  const workerPids = stack.workerPids;
  const workersCpu = () => workerPids.map(treeCpuSeconds);
  const api = stack.apiPid;
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
  // Back to back (`everyMs` 0), a client asks again as soon as it has its answer: the API's capacity under
  // a saturated machine, where a cheaper answer only buys more answers. Paced, each client asks on its own
  // schedule (the clients staggered) and an answer's latency counts from the instant it was due, so a slow
  // answer also counts against what was due behind it (no coordinated omission).
  const { pollers: pollerCount, everyMs } = polling;
  const pollers = Array.from({ length: pollerCount }, async (_, i) => {
    let n = i;
    let due = performance.now() + (everyMs * i) / Math.max(1, pollerCount);
    while (bursting) {
      n += pollerCount;
      if (everyMs > 0) await sleep(Math.max(0, due - performance.now()));
      if (!bursting) break;
      const id = processIds[(n * 7919) % processIds.length];
      const started = everyMs > 0 ? due : performance.now();
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
      due += everyMs;
    }
  });

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
    dueAt + burst.timeoutMs - Date.now(),
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

  return {
    complete,
    burstEnded,
    workerCpuBeforeDuePct,
    cpuSeconds: {
      workers: cpuAfter.workers.map((after, i) => after - cpuBefore.workers[i]!),
      api: cpuAfter.api - cpuBefore.api,
      temporal: cpuAfter.temporal - cpuBefore.temporal,
      postgres: pgCpu,
      bench: (cpuAfter.bench.user + cpuAfter.bench.system) / 1e6,
    },
    workerRss,
    apiRss,
    apiStatus: { requests, errors, latencies },
    eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 1),
  };
}
