// The `ctg-adviser-digest` Schedule: every Monday at 7:30, Paris time, each Caf adviser who takes it gets
// their week. Created by the API at start-up, like the retention Schedule.
import type { Client } from '@temporalio/client';
import { adviserDigestScheduleId, adviserDigestWorkflowType } from '../../workflows/definitions';
import { ensureSchedule } from './ensure-schedule';

export const ensureDigestSchedule = (client: Client, options: { taskQueue: string }) =>
  ensureSchedule(client, {
    scheduleId: adviserDigestScheduleId,
    spec: { calendars: [{ dayOfWeek: 'MONDAY', hour: 7, minute: 30, comment: 'chaque lundi matin' }], timezone: 'Europe/Paris' },
    action: { type: 'startWorkflow', workflowType: adviserDigestWorkflowType, workflowId: 'ctg-adviser-digest-run', taskQueue: options.taskQueue, args: [{}] },
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  });
