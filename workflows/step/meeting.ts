// A meeting: invited at its lead time, updated when it changes, reminded, its registrants listed for the
// coordinator; once held, the minutes are asked for and closing it sends the follow-up.
import { condition, patched } from '@temporalio/workflow';
import { bookkeeping } from '../activity-options';
import type { StepReport } from '../definitions';
import type { Outcome, StepRun } from './run';

/** Days before a meeting when the coordinator gets the list of who registered. */
const SUMMARY_DAYS_BEFORE = 2;
/** Minutes requests after the first, until the coordinator closes the meeting. */
const MINUTES_NUDGES = 4;
/** How long after it was held a meeting may still be closed by its workflow (later: recorded, nothing sent). */
const CLOSING_WINDOW_DAYS = 120;

export async function runMeeting(run: StepRun, startsAt: number, endsAt: number): Promise<Outcome> {
  if (!(await run.announce(startsAt, startsAt))) return null;
  if (patched('summary-on-time')) {
    if (!(await remindAndSummarise(run, startsAt))) return null;
  } else {
    // Runs recorded before sent the list of registrants after the last reminder, however late that was.
    if (!(await run.remindBefore(startsAt, 'REMINDER'))) return null;
    if (run.step.kind !== 'ENTRETIEN_PARTENAIRE') {
      const at = startsAt - SUMMARY_DAYS_BEFORE * run.day;
      if (at > Date.now() && !(await run.waitUntil(at))) return null;
      await run.send('REGISTRATION_SUMMARY');
    }
  }
  if (!(await run.waitUntil(endsAt))) return null;
  // Runs recorded before thanked everyone registered at the end, asked for the minutes once, and were over.
  if (!patched('meeting-closing')) {
    if (!(await run.send('FOLLOW_UP')) || !(await run.send('MINUTES_REQUEST'))) return null;
    return run.finish('HELD');
  }
  return closeMeeting(run);
}

/**
 * The reminders and the coordinator's list of who registered, each at its own time (the list two days
 * before, whatever the reminders are). False when a change interrupted a wait (the caller starts over).
 */
async function remindAndSummarise(run: StepRun, startsAt: number): Promise<boolean> {
  const due: { at: number; days?: number }[] = run.step.reminderDays.map((days) => ({ at: startsAt - days * run.day, days }));
  if (run.step.kind !== 'ENTRETIEN_PARTENAIRE') due.push({ at: startsAt - SUMMARY_DAYS_BEFORE * run.day }); // one-to-one: nobody to list
  for (const { at, days } of due.sort((a, b) => a.at - b.at)) {
    // No catch-up burst of reminders when invited late; the list is useful until the meeting starts, however late.
    if (days !== undefined && at <= Date.now()) continue;
    if (at > Date.now() && !(await run.waitUntil(at))) return false;
    // A reminder or a list due after the meeting started (a worker outage) is skipped by `send`.
    if (days !== undefined) await run.send('REMINDER', { slot: `${days}j`, daysBefore: days });
    else await run.send('REGISTRATION_SUMMARY');
  }
  return true;
}

/**
 * Held: the plan goes on at once, and the coordinator is asked (then reminded) to record who came and
 * file the minutes. Closing sends the follow-up: thanks and documents to those present, the documents
 * and what comes next to those excused, nothing to the others.
 */
async function closeMeeting(run: StepRun): Promise<StepReport> {
  const report = await run.finish('HELD');
  const closed = () => run.closed;
  for (let request = 0; !run.closed && request <= MINUTES_NUDGES; request += 1) {
    await run.send('MINUTES_REQUEST', request === 0 ? {} : { slot: `relance-${request}` });
    await condition(closed, run.input.nudgeEveryDays * run.day);
  }
  if (!run.closed && !(await condition(closed, CLOSING_WINDOW_DAYS * run.day))) return report;
  await bookkeeping.recordMeetingClosed({ stepId: run.step.stepId });
  await run.send('FOLLOW_UP', { slot: 'cloture' });
  return report;
}
