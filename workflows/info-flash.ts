// An Info flash sent on demand: a tiny workflow so the sending is durable and retried like any other,
// under an id derived from the request, so asking twice sends one issue.
import { deliveryActivities } from './activity-options';
import type { InfoFlashWorkflowInput } from './definitions';


export async function ctgInfoFlashWorkflow(input: InfoFlashWorkflowInput): Promise<{ number: number; delivered: number }> {
  const report = await deliveryActivities('bulk').sendInfoFlash(input);
  return { number: report.number, delivered: report.delivered };
}
