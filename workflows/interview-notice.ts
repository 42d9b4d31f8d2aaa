// The notice of one change of an interview booking (booked, moved, given back), with its .ics: a tiny
// workflow so the email is durable and retried like any other, started by the API under
// `ctg-interview/<booking>/<version>`, so each change is told once.
import { deliveryActivities } from './activity-options';
import type { InterviewNoticeWorkflowInput } from './definitions';


export async function ctgInterviewNoticeWorkflow(input: InterviewNoticeWorkflowInput): Promise<{ notice: string; outcome: string | null }> {
  const report = await deliveryActivities('timely').sendInterviewNotice(input);
  return { notice: report.notice, outcome: report.outcome };
}
