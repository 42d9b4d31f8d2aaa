// The `ctg-retention` Schedule: the retention workflow every night at 3:17 (a run still going is not
// doubled). Created by the API at start-up, updated when the policy in the configuration changed.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { retentionScheduleId, retentionWorkflowType, type RetentionWorkflowInput } from '../../workflows/definitions';

export async function ensureRetentionSchedule(client: Client, options: { taskQueue: string; policy: RetentionWorkflowInput }): Promise<'created' | 'updated'> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: retentionWorkflowType,
    workflowId: 'ctg-retention-run',
    taskQueue: options.taskQueue,
    args: [options.policy],
  };
  try {
    await client.schedule.create({
      scheduleId: retentionScheduleId,
      spec: { calendars: [{ hour: 3, minute: 17, comment: 'chaque nuit' }] },
      action,
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(retentionScheduleId).update((current) => ({ ...current, action }));
    return 'updated';
  }
}
