// The `ctg-adviser-digest` Schedule: every Monday at 7:30, Paris time, each Caf adviser who takes it gets
// their week. Created by the API at start-up, like the retention Schedule.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { adviserDigestScheduleId, adviserDigestWorkflowType } from '../../workflows/definitions';

export async function ensureDigestSchedule(client: Client, options: { taskQueue: string }): Promise<'created' | 'updated'> {
  const action = { type: 'startWorkflow' as const, workflowType: adviserDigestWorkflowType, workflowId: 'ctg-adviser-digest-run', taskQueue: options.taskQueue, args: [{}] };
  const spec = { calendars: [{ dayOfWeek: 'MONDAY' as const, hour: 7, minute: 30, comment: 'chaque lundi matin' }], timezone: 'Europe/Paris' };
  try {
    await client.schedule.create({ scheduleId: adviserDigestScheduleId, spec, action, policies: { overlap: 'SKIP', catchupWindow: '1 day' } });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(adviserDigestScheduleId).update((current) => ({ ...current, spec, action }));
    return 'updated';
  }
}
