// A territory's convention for one period, from launch to the period's end: starts each step once the
// steps it depends on are finished, moves through the phases, creates the mise en œuvre once the plan is
// built (signed, or nothing of its diagnostic and plan phases left open), starts the renewal before the
// period ends, and applies people's changes (Updates).
// Step workflows are abandoned children that report back by signal, so the process can continue as new.
// What it knows and does is `ProcessRun` (run.ts); its messages are in handlers.ts; this is its main loop.
import { allHandlersFinished, condition, continueAsNew, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { processWorkflowId } from '../../domain/ids';
import { renewalInstant } from '../../domain/timeline';
import { automaticCancellationReasons } from '../../domain/vocabulary';
import { bookkeeping, deliveryActivities } from '../activity-options';
import { cafNameAttribute, phaseAttribute, territoryIdAttribute, type ProcessStatusView, type ProcessWorkflowInput } from '../definitions';
import { registerProcessHandlers } from './handlers';
import { isFinished, ProcessRun } from './run';

const DEFAULT_MAX_HISTORY_EVENTS = 8_000;

export async function ctgProcessWorkflow(input: ProcessWorkflowInput): Promise<ProcessStatusView> {
  const run = new ProcessRun(input.carried ?? (await bookkeeping.loadProcessState({ processId: input.processId, timeline: input.timeline })));
  const { state } = run;
  registerProcessHandlers(run);
  const renewalAt = renewalInstant(state.timeline, state.renewalLeadMonths);
  const periodEndsAt = Date.parse(state.timeline.periodEndsAt);

  while (!state.completed) {
    run.pendingChange = false;
    if (!state.paused) await run.startReadySteps();
    if (!state.implementationCreated && run.implementationDue()) {
      const added = await bookkeeping.createImplementationSteps({ processId: state.processId, timeline: state.timeline });
      for (const step of added) if (!run.stepByKey(step.key)) state.steps.push(step);
      state.implementationCreated = true;
      continue; // start them at once
    }
    if (!state.renewalProcessId && Date.now() >= renewalAt) await startRenewal(run, input.maxHistoryEvents);
    await run.publishPhase();
    if (Date.now() >= periodEndsAt) {
      // The period is over: what is still open ends with it.
      for (const step of state.steps.filter((s) => !isFinished(s))) await run.cancel(step, automaticCancellationReasons.periodEnded);
      state.completed = true;
      await bookkeeping.recordProcessProgress({ processId: state.processId, phase: state.phase, status: 'COMPLETED' });
      break;
    }
    if (workflowInfo().historyLength > (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof ctgProcessWorkflow>({ processId: state.processId, timeline: state.timeline, carried: state, maxHistoryEvents: input.maxHistoryEvents });
    }
    const deadline = Math.min(state.renewalProcessId ? Infinity : renewalAt, periodEndsAt) - Date.now();
    if (deadline > 0) await condition(() => run.pendingChange, deadline);
  }
  await condition(allHandlersFinished);
  return run.status();
}

/** The next period's process, started as an abandoned child; its partners are told once sending is not paused. */
async function startRenewal(run: ProcessRun, maxHistoryEvents: number | undefined) {
  const { state } = run;
  const renewal = await bookkeeping.createRenewalProcess({ processId: state.processId, timeline: state.timeline });
  try {
    await startChild(ctgProcessWorkflow, {
      workflowId: processWorkflowId(renewal.processId),
      args: [{ processId: renewal.processId, timeline: renewal.timeline, maxHistoryEvents }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: territoryIdAttribute, value: state.territoryId },
        { key: cafNameAttribute, value: state.cafName },
        { key: phaseAttribute, value: 'DIAGNOSTIC' },
      ],
    });
  } catch (error) {
    // The coordinator already launched the next period: that process is the renewal.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  state.renewalProcessId = renewal.processId;
  await condition(() => !state.paused);
  await deliveryActivities('bulk').sendProcessMessages({ processId: state.processId, kind: 'RENEWAL_STARTED', slot: renewal.processId, renewalProcessId: renewal.processId });
}
