// The notice of one change of a registration: a tiny workflow so the email is durable and retried like
// any other, started by the API under `ctg-registration/<id>/<version>`, so each change is told once.
import { deliveryActivities } from './activity-options';
import type { RegistrationNoticeWorkflowInput } from './definitions';


export async function ctgRegistrationNoticeWorkflow(input: RegistrationNoticeWorkflowInput): Promise<{ notice: string; outcome: string | null }> {
  const report = await deliveryActivities('timely').sendRegistrationNotice(input);
  return { notice: report.notice, outcome: report.outcome };
}
