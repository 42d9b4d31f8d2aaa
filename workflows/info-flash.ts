// An Info flash sent on demand: a tiny workflow so the sending is durable and retried like any other,
// under an id derived from the request, so asking twice sends one issue.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deliveryActivityOptions } from './activity-options';
import type { InfoFlashWorkflowInput } from './definitions';

const { sendInfoFlash } = proxyActivities<Activities>(deliveryActivityOptions);

export async function ctgInfoFlashWorkflow(input: InfoFlashWorkflowInput): Promise<{ number: number; delivered: number }> {
  const report = await sendInfoFlash(input);
  return { number: report.number, delivered: report.delivered };
}
