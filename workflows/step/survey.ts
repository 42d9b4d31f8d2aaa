// A survey (questionnaire): opens at its date, reminds before it closes, closes at its end.
import type { Outcome, StepRun } from './run';

export async function runSurvey(run: StepRun, opensAt: number, closesAt: number): Promise<Outcome> {
  if (!run.surveyOpened) {
    if (!(await run.waitUntil(opensAt))) return null;
    if (!(await run.send('SURVEY_OPENING'))) return null;
    run.surveyOpened = true;
    run.newcomers = false; // everyone in the audience was just told
    run.announcedSequence = run.step.sequence;
    await run.reportAnnounced(run.step.sequence);
  }
  await run.inviteNewcomers('SURVEY_OPENING');
  if (!(await run.remindBefore(closesAt, 'SURVEY_CLOSING_REMINDER')) || !(await run.waitUntil(closesAt))) return null;
  await run.send('SURVEY_CLOSED');
  return run.finish('DONE');
}
