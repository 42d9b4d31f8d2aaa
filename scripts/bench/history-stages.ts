// Where the time of a send went, read from the workflows' histories in Temporal: the timer firing late,
// the workflow task and the activity waiting for the worker, the activity itself, its retries; and when
// each territory's step workflow started.
import type { Client } from '@temporalio/client';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { forEachConcurrently } from '../lib/concurrency';
import { maxOf, percentile, round } from '../lib/stats';

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];
const timeOf = (event: HistoryEvent) => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;

/**
 * The stages of a step workflow's send that follows the timer due at `instant`, in seconds: the timer
 * firing late, the workflow task waiting for and taking the worker, the activity waiting for a slot on the
 * worker (with retries, also the failed attempts: the started event is the last attempt's), and the
 * activity itself (audience, rendering, every delivery of the territory).
 */
export function stagesAfter(events: HistoryEvent[], instant: number) {
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

export const historyOf = (client: Client, workflowId: string) =>
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
export async function stepStarts(client: Client, processIds: string[], dueAt: number) {
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
export async function invitationStages(client: Client, processIds: string[], dueAt: number) {
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
