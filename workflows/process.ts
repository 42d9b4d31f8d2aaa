// A territory's convention, from its launch to its last step: starts each step's child workflow once the
// steps it depends on are finished, and keeps the phase (query, search attribute, database projection).
import {
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { Activities, StepSchedule } from '../activities';
import { stepWorkflowId } from '../domain/ids';
import type { Phase } from '../domain/plan';
import { bookkeepingActivityOptions } from './activity-options';
import {
  phaseAttribute,
  processStatusQuery,
  type ProcessStatusView,
  type ProcessWorkflowInput,
  type StepRunState,
} from './definitions';
import { ctgStepWorkflow } from './step';

const { loadProcessSchedule, recordProcessProgress } = proxyActivities<Activities>(bookkeepingActivityOptions);

const finishedStatuses: ReadonlySet<StepSchedule['status']> = new Set(['HELD', 'DONE', 'CANCELLED']);

export async function ctgProcessWorkflow(input: ProcessWorkflowInput): Promise<ProcessStatusView> {
  const schedule = await loadProcessSchedule({ processId: input.processId });
  const states = new Map<string, StepRunState>(
    schedule.steps.map((s) => [s.key, finishedStatuses.has(s.status) ? 'FINISHED' : 'WAITING']),
  );
  const currentPhase = (): Phase =>
    schedule.steps.find((s) => states.get(s.key) !== 'FINISHED')?.phase ?? schedule.steps.at(-1)?.phase ?? 'DIAGNOSTIC';
  let phase = currentPhase();

  const status = (): ProcessStatusView => ({
    processId: input.processId,
    phase,
    completed: [...states.values()].every((s) => s === 'FINISHED'),
    steps: schedule.steps.map((s) => ({
      key: s.key,
      phase: s.phase,
      state: states.get(s.key) ?? 'WAITING',
      startsAt: s.startsAt,
    })),
  });
  setHandler(processStatusQuery, status);

  const running = new Map<string, Promise<string>>();
  const ready = (step: StepSchedule) =>
    states.get(step.key) === 'WAITING' && step.dependsOn.every((d) => states.get(d) === 'FINISHED');

  const publishPhase = async () => {
    const next = currentPhase();
    if (next === phase) return;
    phase = next;
    upsertSearchAttributes([{ key: phaseAttribute, value: phase }]);
    await recordProcessProgress({ processId: input.processId, phase, status: 'RUNNING' });
  };

  while ([...states.values()].some((s) => s !== 'FINISHED')) {
    for (const step of schedule.steps.filter(ready)) {
      const child: ChildWorkflowHandle<typeof ctgStepWorkflow> = await startChild(ctgStepWorkflow, {
        workflowId: stepWorkflowId(input.processId, step.key),
        args: [
          {
            processId: input.processId,
            stepId: step.stepId,
            stepKey: step.key,
            kind: step.kind,
            startsAt: step.startsAt,
            endsAt: step.endsAt,
            invitationLeadMinutes: step.invitationLeadMinutes,
          },
        ],
        typedSearchAttributes: workflowInfo().typedSearchAttributes,
      });
      states.set(step.key, 'RUNNING');
      running.set(step.key, child.result().then(() => step.key));
    }
    if (running.size === 0) break; // only undated or blocked steps remain: issue #3 nudges them
    const finishedKey = await Promise.race(running.values());
    running.delete(finishedKey);
    states.set(finishedKey, 'FINISHED');
    await publishPhase();
  }

  const final = status();
  if (final.completed) {
    await recordProcessProgress({ processId: input.processId, phase, status: 'COMPLETED' });
  }
  return final;
}
