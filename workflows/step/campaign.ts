// A campaign of interviews: everyone invited is asked, at the lead time before the first slot, to book one
// from their personal page; those still without one are reminded before the last slot; it is over when the
// last interview ends. Slots added or removed move its span without announcing anything; a new place, link
// or title (a higher SEQUENCE) is announced to those who booked.
import { REAL_DAY_MS } from '../../domain/timeline';
import type { Outcome, StepRun } from './run';

export async function runCampaign(run: StepRun, firstSlotAt: number): Promise<Outcome> {
  const { step, day } = run;
  // Its days are the timeline's; only its last interview's length shrinks on a compressed one (tests).
  const interview = (step.interviewMinutes ?? 60) * 60_000;
  const over = Date.parse(step.endsAt ?? step.startsAt!) - interview + interview * (day / REAL_DAY_MS);
  // Every slot passed before anyone could be asked (its dependencies ended late, a long pause): flagged late.
  if (!(await run.announce(firstSlotAt, over))) return null;
  // Reminded: those without a slot, while some are free.
  if (!(await run.remindBefore(over, 'REMINDER')) || !(await run.waitUntil(over))) return null;
  return run.finish('HELD');
}
