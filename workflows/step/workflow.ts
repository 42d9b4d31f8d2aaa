// One step of a territory's plan, from « date à fixer » to held, done or cancelled. Meetings invite at
// their lead time, remind, brief the coordinator and follow up (meeting.ts); a survey window opens,
// reminds and closes (survey.ts); a campaign of interviews asks everyone to book (campaign.ts); a task
// waits for the coordinator and is flagged late past its due date (task.ts); any step without a date asks
// its coordinator for one (undated.ts). Every change from the process workflow (new date or place,
// cancel, complete, pause) interrupts the wait it is in, and the step starts over from here with what it
// already did (`StepRun`, run.ts).
import { REAL_DAY_MS } from '../../domain/timeline';
import { deliveryActivities } from '../activity-options';
import type { StepReport, StepWorkflowInput } from '../definitions';
import { runCampaign } from './campaign';
import { runMeeting } from './meeting';
import { StepRun, type Outcome } from './run';
import { runSurvey } from './survey';
import { awaitTask } from './task';
import { askForADate } from './undated';

export async function ctgStepWorkflow(input: StepWorkflowInput): Promise<StepReport> {
  const run = new StepRun(input);
  const { step } = run;
  for (;;) {
    if (run.changed && step.startsAt && Date.parse(step.startsAt) > Date.now()) run.lateFlagged = false; // a new date: on time again
    run.changed = false;
    if (run.cancelSequence !== null) {
      if (run.announcedSequence !== null) {
        step.sequence = run.cancelSequence;
        await deliveryActivities('timely').sendStepMessages({ stepId: step.stepId, kind: 'CANCELLATION', sequence: run.cancelSequence });
      }
      return run.finish('CANCELLED');
    }
    if (run.completed) return run.finish('DONE');
    const outcome = await nextTurn(run);
    if (outcome) return outcome;
  }
}

/** The step's behaviour, from where it stands: its report when it is over, null to start over. */
function nextTurn(run: StepRun): Promise<Outcome> {
  const { step, day } = run;
  if (!step.startsAt) return askForADate(run);
  const startsAt = Date.parse(step.startsAt);
  // Durations shrink with the days on a compressed timeline (tests): a 3-hour meeting stays 3/24 of a day.
  const endsAt = startsAt + ((step.endsAt ? Date.parse(step.endsAt) : startsAt) - startsAt) * (day / REAL_DAY_MS);
  if (run.isTask) return awaitTask(run, startsAt);
  if (run.behaviour === 'SURVEY') return runSurvey(run, startsAt, endsAt);
  if (run.isCampaign) return runCampaign(run, startsAt);
  return runMeeting(run, startsAt, endsAt);
}
