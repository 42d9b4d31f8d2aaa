// One step of the plan: wait until its invitation time, invite its audience, wait until it is held.
import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { taskKinds, type StepKind } from '../domain/plan';
import { bookkeepingActivityOptions, deliveryActivityOptions } from './activity-options';
import { completeTaskSignal, type StepOutcome, type StepWorkflowInput } from './definitions';

const { sendStepInvitations } = proxyActivities<Activities>(deliveryActivityOptions);
const { recordStepStatus } = proxyActivities<Activities>(bookkeepingActivityOptions);

const MINUTE = 60_000;

async function sleepUntil(instant: number): Promise<void> {
  const remaining = instant - Date.now();
  if (remaining > 0) await sleep(remaining);
}

export async function ctgStepWorkflow(input: StepWorkflowInput): Promise<StepOutcome> {
  if (taskKinds.has(input.kind as StepKind)) {
    let done = false;
    setHandler(completeTaskSignal, () => {
      done = true;
    });
    await condition(() => done);
    await recordStepStatus({ stepId: input.stepId, status: 'DONE' });
    return { result: 'DONE' };
  }
  if (!input.startsAt) return { result: 'UNDATED' };

  const startsAt = Date.parse(input.startsAt);
  // Launched late: the invitation goes out at once.
  await sleepUntil(startsAt - input.invitationLeadMinutes * MINUTE);
  const report = await sendStepInvitations({ stepId: input.stepId });

  await sleepUntil(input.endsAt ? Date.parse(input.endsAt) : startsAt);
  await recordStepStatus({ stepId: input.stepId, status: 'HELD' });
  return { result: 'HELD', invited: report.delivered + report.alreadyDone, failed: report.failed };
}
