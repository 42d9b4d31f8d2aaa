// The `ctg-retention` Schedule: the retention workflow every night at 3:17 (a run still going is not
// doubled). Created by the API at start-up, updated when the policy in the configuration changed.
import type { Client } from '@temporalio/client';
import { retentionScheduleId, retentionWorkflowType, type RetentionWorkflowInput } from '../../workflows/definitions';
import { ensureSchedule } from './ensure-schedule';

export const ensureRetentionSchedule = (client: Client, options: { taskQueue: string; policy: RetentionWorkflowInput }) =>
  ensureSchedule(client, {
    scheduleId: retentionScheduleId,
    spec: { calendars: [{ hour: 3, minute: 17, comment: 'chaque nuit' }] },
    action: { type: 'startWorkflow', workflowType: retentionWorkflowType, workflowId: 'ctg-retention-run', taskQueue: options.taskQueue, args: [options.policy] },
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  });
