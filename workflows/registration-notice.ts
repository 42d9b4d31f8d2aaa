// The notice of one change of a registration: a tiny workflow so the email is durable and retried like
// any other, started by the API under `ctg-registration/<id>/<version>`, so each change is told once.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deliveryActivityOptions } from './activity-options';
import type { RegistrationNoticeWorkflowInput } from './definitions';

const { sendRegistrationNotice } = proxyActivities<Activities>(deliveryActivityOptions);

export async function ctgRegistrationNoticeWorkflow(input: RegistrationNoticeWorkflowInput): Promise<{ notice: string; outcome: string | null }> {
  const report = await sendRegistrationNotice(input);
  return { notice: report.notice, outcome: report.outcome };
}
