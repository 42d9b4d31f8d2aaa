// Once a day (the `ctg-retention` Schedule): what the retention policy says may no longer be kept is removed.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { bookkeepingActivityOptions } from './activity-options';
import type { RetentionWorkflowInput } from './definitions';

const { purgeExpiredData } = proxyActivities<Activities>({ ...bookkeepingActivityOptions, startToCloseTimeout: '10 minutes' });

export async function ctgRetentionWorkflow(input: RetentionWorkflowInput) {
  return purgeExpiredData(input);
}
