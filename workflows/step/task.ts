// A task or milestone: it waits to be marked done and is flagged late past its due date (a planned
// newsletter drafts its issue first).
import { condition } from '@temporalio/workflow';
import { NEWSLETTER_DRAFT_DAYS } from '../../domain/vocabulary';
import { deliveryActivities } from '../activity-options';
import type { Outcome, StepRun } from './run';

/** A task or milestone: over only when the coordinator marks it done (or cancels it). */
export async function awaitTask(run: StepRun, dueAt: number): Promise<Outcome> {
  // A newsletter planned for this date: its issue is drafted a week before, for the coordinator to send.
  if (run.behaviour === 'NEWSLETTER' && !run.drafted) {
    if (!(await run.waitUntil(dueAt - NEWSLETTER_DRAFT_DAYS * run.day))) return null;
    await deliveryActivities('timely').draftPlannedIssue({ stepId: run.step.stepId });
    run.drafted = true;
  }
  if (!run.lateFlagged) {
    if (!(await run.waitUntil(dueAt))) return null;
    await run.flagLate();
  }
  await condition(run.interrupted);
  return null;
}
