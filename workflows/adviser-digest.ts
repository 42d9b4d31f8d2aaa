// The Caf advisers' weekly digest (the `ctg-adviser-digest` Schedule, Monday morning), or one adviser's
// on demand. The week names the messages: a retried run sends nobody the same week twice.
import { deliveryActivities } from './activity-options';
import type { AdviserDigestWorkflowInput } from './definitions';

export async function ctgAdviserDigestWorkflow(input: AdviserDigestWorkflowInput = {}) {
  const now = new Date(); // the workflow's own clock: the same on replay
  const monday = new Date(now.getTime() - ((now.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  const slot = input.userId ? `demande-${now.toISOString().slice(0, 16)}` : `semaine-${monday}`;
  return deliveryActivities('bulk').sendAdviserDigests({ slot, userId: input.userId });
}
