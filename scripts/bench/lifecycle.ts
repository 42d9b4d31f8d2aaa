// One whole convention on the real stack, on a compressed timeline, to read the largest workflow history
// of a lifecycle (the process workflow's runs, every step workflow).
import { launchProcess } from '../../api/usecases/processes';
import type { ApiDeps } from '../../api/deps';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { behaviourOf, isWorkItem } from '../../domain/plan';
import { createLogger } from '../../infra/logger';
import { createMailer, createOutbox } from '../../infra/mail';
import { processStatusQuery, type ProcessStatusView } from '../../workflows/definitions';
import { sleep } from '../lib/concurrency';
import { datedStandardPlan, fastTimeline, intervieweeAudience, larzacAnswers, larzacContacts, larzacInterviewee, larzacTerritory, lifecycleDays } from '../lib/larzac';
import { memoryMiB } from '../lib/process-metrics';
import type { Cleanups } from '../lib/run-report';
import { maxOf, round } from '../lib/stats';
import { log } from './progress';
import { MAIL_FROM, startBenchStack, type TemporalContext } from './stack';

export interface LifecycleResult {
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
export async function runLifecycle(years: number, temporal: TemporalContext, cleanups: Cleanups): Promise<LifecycleResult> {
  const DAY_MS = 100;
  const stack = await startBenchStack(temporal.address, cleanups);
  try {
    const started = Date.now();
    const mailer = createMailer({ SMTP_URL: stack.sink.url });
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
    await stack.call('POST', `/api/territories/${territoryId}/contacts`, [...larzacContacts, larzacInterviewee]);
    const answers = larzacAnswers(years);
    const timeline = fastTimeline(DAY_MS, answers.periodStart, answers.periodEnd, 2_000);
    const plan = datedStandardPlan(answers, timeline, lifecycleDays, (step) => (step.key === 'entretien-1' ? { audience: intervieweeAudience } : {}));
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
    const peakMemoryMiB = { worker: round(maxOf(stack.workerPids.map((pid) => memoryMiB(pid, 'VmHWM')))), api: round(memoryMiB(stack.apiPid, 'VmHWM')) };
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
