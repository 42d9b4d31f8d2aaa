// A step of any behaviour still without a date (« date à fixer »): its coordinator is asked for one.
import { condition } from '@temporalio/workflow';
import type { Outcome, StepRun } from './run';

/** « Date à fixer »: nudges the coordinator until a date is set (annual committees: from early in their year). */
export async function askForADate(run: StepRun): Promise<Outcome> {
  const { step } = run;
  if (!(await run.waitUntil(step.nudgeFrom ? Date.parse(step.nudgeFrom) : run.createdAt))) return null;
  while (!run.interrupted()) {
    run.nudges += 1;
    await run.send('DATE_TO_SET', { slot: `relance-${run.nudges}` });
    await condition(run.interrupted, run.input.nudgeEveryDays * run.day);
  }
  return null;
}
