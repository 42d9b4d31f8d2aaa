// One measured burst: a stack of its own, the territories prepared (burst-setup.ts), the burst watched
// (burst-watch.ts), then its figures: rates, latencies, where the time went, memory and CPU.
import path from 'node:path';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { waitUntil } from '../lib/concurrency';
import { memoryMiB } from '../lib/process-metrics';
import { repoRoot } from '../lib/repo-root';
import type { Cleanups } from '../lib/run-report';
import type { Arrival } from '../lib/smtp-sink';
import { maxOf, minOf, percentile, round } from '../lib/stats';
import { historyOf, invitationStages, stagesAfter, stepStarts } from './history-stages';
import { prepareBurst } from './burst-setup';
import { isInvitation, watchBurst } from './burst-watch';
import type { Options } from './options';
import { log } from './progress';
import { rawTransporterRate } from './raw-transporter';
import { startBenchStack, type TemporalContext } from './stack';

export interface BurstResult {
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
    /**
     * From the sink's acceptance to the mark's statement leaving for PostgreSQL (the row's sentAt): the
     * window where a worker killed sends the message again later. Duplicates a kill makes ≈ rate × window.
     */
    acceptedToMarkMs: { p50: number | null; p99: number | null; max: number | null; mean: number | null };
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
  apiStatus: { clients: number; everyMs: number; requests: number; errors: number; latencyMs: { p50: number | null; p95: number | null; max: number | null } };
  peakMemoryMiB: { worker: number | null; perWorkerProcess: { name: string; peak: number | null; duringBurst: number | null }[]; api: number | null; workerAtStart: number | null; apiAtStart: number | null; workerDuringBurst: number | null; apiDuringBurst: number | null; temporalDevServer: number | null };
  cpuDuringBurstPct: { worker: number | null; perWorkerProcess: { name: string; pct: number | null }[]; api: number | null; temporal: number | null; postgres: number | null; bench: number | null };
  benchEventLoopDelayP99Ms: number | null;
  serviceLog: { workerWarnings: number; workerErrors: number; workerSlowWorkflowTasks: number; apiWarnings: number; apiErrors: number };
  diagnostics?: unknown;
}

const isReminder = (a: Arrival) => a.subject.startsWith('Rappel : Rencontre de rappel');
const p50p95max = (values: number[], digits: number) => ({ p50: round(percentile(values, 50), digits), p95: round(percentile(values, 95), digits), max: round(maxOf(values), digits) });

export async function runBurst(territories: number, partners: number, options: Options, temporal: TemporalContext, rateGuess: number, cleanups: Cleanups): Promise<BurstResult> {
  const profileDir = options.profile ? path.join(repoRoot, 'bench-results', 'profiles', `${territories}x${partners}`) : null;
  const stack = await startBenchStack(temporal.address, cleanups, { profileDir, deliveryWorkers: options.workers });
  try {
    log(`stack up in ${stack.startupSeconds.toFixed(0)} s (task queue ${stack.taskQueue}); creating ${territories} territories × ${partners} partners`);
    const prepared = await prepareBurst(stack, territories, partners, options, rateGuess);
    const { processIds, expected, dueAt, reminderDues } = prepared;
    const timeoutMs = (options.timeoutSeconds ?? 120 + expected * 0.2) * 1000;
    const watch = await watchBurst(stack, temporal, { processIds, dueAt, expected, timeoutMs }, { pollers: options.pollers, everyMs: options.pollEveryMs });

    // The reminders: every partner of each reminder territory.
    await waitUntil(() => stack.sink.arrivals.filter(isReminder).length >= partners * reminderDues.length, Math.max(20_000, maxOf(reminderDues) + 60_000 - Date.now()));

    const invitations = stack.sink.arrivals.filter(isInvitation);
    const invitationLatencies = invitations.map((a) => (a.at - dueAt) / 1000);
    const lastAccepted = invitations.length ? maxOf(invitations.map((a) => a.at)) : NaN;
    const burstSeconds = (lastAccepted - dueAt) / 1000;
    // Which territory a reminder's recipient belongs to (partenaire<p>.t<t>@…): its own due instant.
    const reminderDueOf = (a: Arrival) => reminderDues[Number(/\.t(\d+)@/.exec(a.to)?.[1] ?? 0)]!;
    const reminders = stack.sink.arrivals.filter(isReminder).map((a) => (a.at - reminderDueOf(a)) / 1000);
    const wall = (watch.burstEnded - dueAt) / 1000;
    const perStep = await stack.prisma.$queryRaw<{ first: Date }[]>`
      SELECT min("createdAt") AS first FROM "Message" WHERE kind = 'INVITATION' AND "createdAt" >= ${new Date(dueAt)} GROUP BY "stepId"`;
    const sendStarts = perStep.map((r) => (r.first.getTime() - dueAt) / 1000);
    // Each invitation's row (created at its claim, sentAt at its mark) beside the sink's acceptance of it.
    const rows = await stack.prisma.$queryRaw<{ messageId: string; createdAt: Date; sentAt: Date }[]>`
      SELECT "messageId", "createdAt", "sentAt" FROM "Message" WHERE kind = 'INVITATION' AND "createdAt" >= ${new Date(dueAt)} AND "sentAt" IS NOT NULL`;
    const rowToSent = rows.map((row) => row.sentAt.getTime() - row.createdAt.getTime());
    const sentAt = new Map(rows.map((row) => [row.messageId, row.sentAt.getTime()]));
    const markWindows = invitations.flatMap((a) => (sentAt.has(a.messageId) ? [sentAt.get(a.messageId)! - a.at] : []));
    log(`accepted by the sink → marked: p50 ${round(percentile(markWindows, 50))} ms, p99 ${round(percentile(markWindows, 99))} ms, max ${round(maxOf(markWindows))} ms, mean ${markWindows.length ? (markWindows.reduce((a, b) => a + b, 0) / markWindows.length).toFixed(1) : '—'} ms`);
    const pct = (seconds: number) => round((seconds / wall) * 100);

    const stepWorkflowStages = await invitationStages(temporal.client, processIds, dueAt);
    const startsOfSteps = await stepStarts(temporal.client, processIds, dueAt);
    const reminderStages = stagesAfter(await historyOf(temporal.client, stepWorkflowId(processIds[0]!, 'rencontre-rappel')), reminderDues[0]!);
    const raw = await rawTransporterRate(stack, expected);

    let diagnostics: unknown;
    if (!watch.complete) {
      const byStatus = await stack.prisma.message.groupBy({ by: ['kind', 'status'], _count: true });
      const sampleId = processWorkflowId(processIds[0]!);
      const description = await temporal.client.workflow
        .getHandle(sampleId)
        .describe()
        .then((d) => ({ status: d.status.name, historyLength: d.historyLength }))
        .catch((error: Error) => ({ error: error.message }));
      diagnostics = { messages: byStatus, sampleProcess: { workflowId: sampleId, ...description }, workerLastLines: stack.workers.flatMap((w) => w.lastLines(5)) };
      log(`INCOMPLETE: ${invitations.length} / ${expected} invitations; ${JSON.stringify(diagnostics).slice(0, 2000)}`);
    }

    const { cpuSeconds, workerRss, apiStatus } = watch;
    const workerPids = stack.workerPids;
    return {
      territories,
      partners,
      expected,
      invitations: invitations.length,
      complete: watch.complete,
      duplicates: invitations.length - new Set(invitations.map((a) => a.to)).size,
      invitationBytes: raw.invitationBytes,
      setup: {
        stackStartSeconds: round(stack.startupSeconds, 1)!,
        createSeconds: round(prepared.createSeconds, 1)!,
        launchSeconds: round(prepared.launchSeconds, 1)!,
        slackBeforeDueSeconds: round(prepared.slackSeconds, 1)!,
        workerCpuBeforeDuePct: watch.workerCpuBeforeDuePct,
      },
      burstSeconds: round(burstSeconds, 1),
      endToEndPerSecond: round(invitations.length / burstSeconds, 1),
      rawTransporterPerSecond: raw.perSecond === null ? null : round(raw.perSecond, 1),
      ratio: raw.perSecond === null ? null : round(invitations.length / burstSeconds / raw.perSecond, 3),
      invitationLatencySeconds: { min: round(minOf(invitationLatencies), 1), ...p50p95max(invitationLatencies, 1) },
      breakdown: {
        sendStartSeconds: p50p95max(sendStarts, 1),
        acceptedPer10s: invitations.reduce<number[]>((slices, a) => {
          const slice = Math.max(0, Math.floor((a.at - dueAt) / 10_000));
          while (slices.length <= slice) slices.push(0);
          slices[slice]! += 1;
          return slices;
        }, []),
        rowToSentMs: { p50: round(percentile(rowToSent, 50)), p95: round(percentile(rowToSent, 95)) },
        acceptedToMarkMs: { p50: round(percentile(markWindows, 50)), p99: round(percentile(markWindows, 99)), max: round(maxOf(markWindows)), mean: markWindows.length ? round(markWindows.reduce((a, b) => a + b, 0) / markWindows.length, 1) : null },
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
      apiStatus: { clients: options.pollers, everyMs: options.pollEveryMs, requests: apiStatus.requests, errors: apiStatus.errors, latencyMs: p50p95max(apiStatus.latencies, 0) },
      peakMemoryMiB: {
        worker: round(maxOf(workerPids.map((pid) => memoryMiB(pid, 'VmHWM')))),
        perWorkerProcess: stack.workers.map((w, i) => ({ name: w.name, peak: round(memoryMiB(workerPids[i]!, 'VmHWM')), duringBurst: round(workerRss[i]!) })),
        api: round(memoryMiB(stack.apiPid, 'VmHWM')),
        workerAtStart: round(stack.memoryAtStartMiB.worker),
        apiAtStart: round(stack.memoryAtStartMiB.api),
        workerDuringBurst: round(maxOf(workerRss)),
        apiDuringBurst: round(watch.apiRss),
        temporalDevServer: temporal.pid ? round(memoryMiB(temporal.pid, 'VmHWM')) : null,
      },
      cpuDuringBurstPct: {
        worker: pct(cpuSeconds.workers.reduce((a, b) => a + b, 0)),
        perWorkerProcess: stack.workers.map((w, i) => ({ name: w.name, pct: pct(cpuSeconds.workers[i]!) })),
        api: pct(cpuSeconds.api),
        temporal: temporal.pid ? pct(cpuSeconds.temporal) : null,
        postgres: pct(cpuSeconds.postgres),
        bench: pct(cpuSeconds.bench),
      },
      benchEventLoopDelayP99Ms: watch.eventLoopDelayP99Ms,
      serviceLog: {
        workerWarnings: stack.workers.reduce((n, w) => n + w.warnings, 0),
        workerErrors: stack.workers.reduce((n, w) => n + w.errors, 0),
        workerSlowWorkflowTasks: stack.workers.reduce((n, w) => n + w.slowWorkflowTasks, 0),
        apiWarnings: stack.api.warnings,
        apiErrors: stack.api.errors,
      },
      ...(diagnostics ? { diagnostics } : {}),
    };
  } finally {
    await stack.stop();
  }
}
