// One step of a territory's plan, from « date à fixer » to held, done or cancelled. Meetings invite at
// their lead time, remind, brief the coordinator and follow up; a survey window opens, reminds and
// closes; a task waits for the coordinator and is flagged late past its due date. Every change from the
// process workflow (new date or place, cancel, complete, pause) interrupts the wait it is in.
import { condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { behaviourOf, isWorkItem, NEWSLETTER_DRAFT_DAYS } from '../domain/vocabulary';
import { REAL_DAY_MS } from '../domain/timeline';
import { stepMessageRules } from '../domain/message-kinds';
import { bookkeepingActivityOptions, deliveryActivities } from './activity-options';
import {
  stepCancelSignal,
  stepChangedSignal,
  stepCompleteSignal,
  stepFinishedSignal,
  stepInvitedSignal,
  stepLateSignal,
  stepPausedSignal,
  meetingClosedSignal,
  type StepReport,
  type StepState,
  type StepWorkflowInput,
} from './definitions';

const { recordStepStatus, markStepLate, recordMeetingClosed } = proxyActivities<Activities>(bookkeepingActivityOptions);

type Announced = Pick<StepState, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>;

/** Days before a meeting when the coordinator gets the list of who registered. */
const SUMMARY_DAYS_BEFORE = 2;
/** Minutes requests after the first, until the coordinator closes the meeting. */
const MINUTES_NUDGES = 4;
/** How long after it was held a meeting may still be closed by its workflow (later: recorded, nothing sent). */
const CLOSING_WINDOW_DAYS = 120;

export async function ctgStepWorkflow(input: StepWorkflowInput): Promise<StepReport> {
  const day = input.dayMs;
  const step: StepState = { ...input.step };
  let changed = false;
  let cancelSequence: number | null = null;
  let completed = false;
  let paused = input.paused;
  let announced: Announced | null = null; // what the last invitation or update said
  let announcedSequence: number | null = null;
  let surveyOpened = false;
  let lateFlagged = step.late;
  let drafted = false;
  let nudges = 0;
  /** The audience gained people since it was announced: they are invited in turn (`nouveaux-<n>`). */
  let newcomers = false;
  let additions = 0;
  const createdAt = Date.now();

  setHandler(stepChangedSignal, ({ audienceChanged, ...change }) => {
    Object.assign(step, change);
    if (audienceChanged) newcomers = true;
    changed = true;
  });
  setHandler(stepCancelSignal, ({ sequence }) => {
    cancelSequence = sequence;
  });
  setHandler(stepCompleteSignal, () => {
    completed = true;
  });
  setHandler(stepPausedSignal, ({ paused: value }) => {
    paused = value;
  });
  let closed = false;
  setHandler(meetingClosedSignal, () => {
    closed = true;
  });

  const interrupted = () => changed || cancelSequence !== null || completed;
  /** Waits until `instant`; false when a change interrupted the wait (the caller starts over). */
  const waitUntil = async (instant: number): Promise<boolean> => {
    const remaining = instant - Date.now();
    if (remaining <= 0) return !interrupted();
    return !(await condition(interrupted, remaining));
  };
  type Kind = Parameters<Activities['sendStepMessages']>[0]['kind'];
  const beforeTheMeeting: ReadonlySet<Kind> = new Set(['INVITATION', 'UPDATE', 'REMINDER', 'REGISTRATION_SUMMARY']);
  /** Sends unless, after a pause, the step was cancelled or completed, or the meeting already began: false then. */
  // (A campaign of interviews « begins » at its first slot but books until its last: only its end closes it.)
  const send = async (kind: Kind, extra: { slot?: string; daysBefore?: number; previous?: Announced; sequence?: number } = {}) => {
    // Paused: messages wait for the resume (a cancellation or completion releases them, unsent).
    await condition(() => !paused || cancelSequence !== null || completed);
    if (cancelSequence !== null || completed) return false;
    if (beforeTheMeeting.has(kind) && step.startsAt && !isTask && Date.now() >= Date.parse(isCampaign && step.endsAt ? step.endsAt : step.startsAt)) return false;
    await deliveryActivities(stepMessageRules[kind].timely ? 'timely' : 'bulk').sendStepMessages({ stepId: step.stepId, kind, sequence: step.sequence, ...extra });
    return true;
  };
  /** Announces the step to those its audience gained since (the activity leaves out anyone already told). */
  const inviteNewcomers = async (kind: 'INVITATION' | 'SURVEY_OPENING') => {
    if (!newcomers) return;
    newcomers = false;
    additions += 1;
    await send(kind, { slot: `nouveaux-${additions}` });
  };
  const parent = getExternalWorkflowHandle(input.processWorkflowId);
  const tellParent = async (signal: () => Promise<void>) => {
    try {
      await signal();
    } catch {
      // The process already closed (its period ended): nobody left to tell.
    }
  };
  /**
   * Each announcement was reported to the process by signal (a round trip per step in a burst); the
   * database records it (Step.status INVITED, written by the sending activity), and nothing in the process
   * waits for it: runs started since send nothing.
   */
  const reportAnnounced = async (sequence: number) => {
    if (patched('announced-in-database')) return;
    await tellParent(() => parent.signal(stepInvitedSignal, { key: step.key, sequence }));
  };
  const finish = async (status: StepReport['status']): Promise<StepReport> => {
    await recordStepStatus({ stepId: step.stepId, status });
    const report = { key: step.key, status };
    await tellParent(() => parent.signal(stepFinishedSignal, report));
    return report;
  };

  /** Tells the coordinator and the Caf adviser, once per due date, that the step's date passed. */
  const flagLate = async () => {
    if (lateFlagged) return;
    lateFlagged = true;
    await markStepLate({ stepId: step.stepId });
    await send('STEP_LATE', { slot: `echeance-${step.startsAt}` });
    await tellParent(() => parent.signal(stepLateSignal, { key: step.key }));
  };

  // Tasks and milestones wait to be marked done; a survey opens and closes; everything else is a meeting.
  const behaviour = behaviourOf(step);
  const isTask = isWorkItem(behaviour);
  const isSurvey = behaviour === 'SURVEY';
  const isCampaign = behaviour === 'INTERVIEWS';

  for (;;) {
    if (changed && step.startsAt && Date.parse(step.startsAt) > Date.now()) lateFlagged = false; // a new date: on time again
    changed = false;
    if (cancelSequence !== null) {
      if (announcedSequence !== null) {
        step.sequence = cancelSequence;
        await deliveryActivities('timely').sendStepMessages({ stepId: step.stepId, kind: 'CANCELLATION', sequence: cancelSequence });
      }
      return finish('CANCELLED');
    }
    if (completed) return finish('DONE');

    if (!step.startsAt) {
      // « Date à fixer »: nudge the coordinator until a date is set (annual committees: from early in their year).
      if (!(await waitUntil(step.nudgeFrom ? Date.parse(step.nudgeFrom) : createdAt))) continue;
      while (!interrupted()) {
        nudges += 1;
        await send('DATE_TO_SET', { slot: `relance-${nudges}` });
        await condition(interrupted, input.nudgeEveryDays * day);
      }
      continue;
    }

    const startsAt = Date.parse(step.startsAt);
    // Durations shrink with the days on a compressed timeline (tests): a 3-hour meeting stays 3/24 of a day.
    const endsAt = startsAt + ((step.endsAt ? Date.parse(step.endsAt) : startsAt) - startsAt) * (day / REAL_DAY_MS);

    if (isTask) {
      // A newsletter planned for this date: its issue is drafted a week before, for the coordinator to send.
      if (behaviour === 'NEWSLETTER' && !drafted) {
        if (!(await waitUntil(startsAt - NEWSLETTER_DRAFT_DAYS * day))) continue;
        await deliveryActivities('timely').draftPlannedIssue({ stepId: step.stepId });
        drafted = true;
      }
      if (!lateFlagged) {
        if (!(await waitUntil(startsAt))) {
          continue;
        }
        await flagLate();
      }
      await condition(interrupted);
      continue;
    }

    if (isSurvey) {
      if (!surveyOpened) {
        if (!(await waitUntil(startsAt))) continue;
        if (!(await send('SURVEY_OPENING'))) continue;
        surveyOpened = true;
        newcomers = false; // everyone in the audience was just told
        announcedSequence = step.sequence;
        await reportAnnounced(step.sequence);
      }
      await inviteNewcomers('SURVEY_OPENING');
      let restart = false;
      for (const days of step.reminderDays) {
        const at = endsAt - days * day;
        if (at <= Date.now()) continue;
        if (!(await waitUntil(at))) {
          restart = true;
          break;
        }
        await send('SURVEY_CLOSING_REMINDER', { slot: `${days}j`, daysBefore: days });
      }
      if (restart || !(await waitUntil(endsAt))) continue;
      await send('SURVEY_CLOSED');
      return finish('DONE');
    }

    if (isCampaign) {
      // Interviews: everyone invited is asked, at the lead time before the first slot, to book one from
      // their personal page; those still without one are reminded before the last slot; it is over when
      // the last interview ends. Slots added or removed move its span without announcing anything; a new
      // place, link or title (a higher SEQUENCE) is announced to those who booked.
      const sequence = step.sequence;
      const snapshot: Announced = { startsAt: step.startsAt, endsAt: step.endsAt, location: step.location, onlineUrl: step.onlineUrl };
      // Its days are the timeline's; only its last interview's length shrinks on a compressed one (tests).
      const interview = (step.interviewMinutes ?? 60) * 60_000;
      const over = Date.parse(step.endsAt ?? step.startsAt) - interview + interview * (day / REAL_DAY_MS);
      if (announcedSequence === null) {
        if (!(await waitUntil(startsAt - step.invitationLeadDays * day))) continue;
        if (Date.now() >= over) {
          await flagLate(); // every slot passed before anyone could be asked (its dependencies ended late, a long pause)
          await condition(interrupted);
          continue;
        }
        if (!(await send('INVITATION', { sequence }))) continue;
        newcomers = false;
      } else if (announcedSequence < sequence && Date.now() < over) {
        if (!(await send('UPDATE', { previous: announced!, sequence }))) continue;
      }
      if (announcedSequence !== sequence) {
        announcedSequence = sequence;
        announced = snapshot;
        await reportAnnounced(sequence);
      }
      if (changed) continue;
      await inviteNewcomers('INVITATION');
      let restart = false;
      for (const days of step.reminderDays) {
        const at = over - days * day;
        if (at <= Date.now()) continue;
        if (!(await waitUntil(at))) {
          restart = true;
          break;
        }
        await send('REMINDER', { slot: `${days}j`, daysBefore: days }); // to those without a slot, while some are free
      }
      if (restart || !(await waitUntil(over))) continue;
      return finish('HELD');
    }

    // A meeting.
    // What this announcement says, taken before sending: a change arriving during a long send is announced
    // by the next update instead of being taken as already said.
    const sequence = step.sequence;
    const snapshot: Announced = { startsAt: step.startsAt, endsAt: step.endsAt, location: step.location, onlineUrl: step.onlineUrl };
    if (announcedSequence === null) {
      if (!(await waitUntil(startsAt - step.invitationLeadDays * day))) continue; // rescheduled before the invitation
      if (Date.now() >= startsAt) {
        // Its date passed before anyone could be invited (its dependencies ended late, or a long pause):
        // flagged late, it waits for the coordinator to move, complete or cancel it.
        await flagLate();
        await condition(interrupted);
        continue;
      }
      if (!(await send('INVITATION', { sequence }))) continue;
      newcomers = false;
    } else if (announcedSequence < sequence && Date.now() < startsAt) {
      if (!(await send('UPDATE', { previous: announced!, sequence }))) continue; // changed after the invitation: at once
    }
    if (announcedSequence !== sequence) {
      announcedSequence = sequence;
      announced = snapshot;
      await reportAnnounced(sequence);
    }
    if (changed) continue;
    await inviteNewcomers('INVITATION');

    if (patched('summary-on-time')) {
      if (!(await remindAndSummarise(startsAt))) continue;
    } else {
      // Runs recorded before sent the list of registrants after the last reminder, however late that was.
      let restart = false;
      for (const days of step.reminderDays) {
        const at = startsAt - days * day;
        if (at <= Date.now()) continue; // no catch-up burst when invited late
        if (!(await waitUntil(at))) {
          restart = true;
          break;
        }
        await send('REMINDER', { slot: `${days}j`, daysBefore: days });
      }
      if (restart) continue;
      if (step.kind !== 'ENTRETIEN_PARTENAIRE') {
        const at = startsAt - SUMMARY_DAYS_BEFORE * day;
        if (at > Date.now() && !(await waitUntil(at))) continue;
        await send('REGISTRATION_SUMMARY');
      }
    }
    if (!(await waitUntil(endsAt))) continue;
    // Runs recorded before thanked everyone registered at the end, asked for the minutes once, and were over.
    if (!patched('meeting-closing')) {
      if (!(await send('FOLLOW_UP')) || !(await send('MINUTES_REQUEST'))) continue;
      return finish('HELD');
    }
    return closeMeeting();
  }

  /**
   * The reminders and the coordinator's list of who registered, each at its own time (the list two days
   * before, whatever the reminders are). False when a change interrupted a wait (the caller starts over).
   */
  async function remindAndSummarise(startsAt: number): Promise<boolean> {
    const due: { at: number; days?: number }[] = step.reminderDays.map((days) => ({ at: startsAt - days * day, days }));
    if (step.kind !== 'ENTRETIEN_PARTENAIRE') due.push({ at: startsAt - SUMMARY_DAYS_BEFORE * day }); // one-to-one: nobody to list
    for (const { at, days } of due.sort((a, b) => a.at - b.at)) {
      // No catch-up burst of reminders when invited late; the list is useful until the meeting starts, however late.
      if (days !== undefined && at <= Date.now()) continue;
      if (at > Date.now() && !(await waitUntil(at))) return false;
      // A reminder or a list due after the meeting started (a worker outage) is skipped by `send`.
      if (days !== undefined) await send('REMINDER', { slot: `${days}j`, daysBefore: days });
      else await send('REGISTRATION_SUMMARY');
    }
    return true;
  }

  /**
   * Held: the plan goes on at once, and the coordinator is asked (then reminded) to record who came and
   * file the minutes. Closing sends the follow-up: thanks and documents to those present, the documents
   * and what comes next to those excused, nothing to the others.
   */
  async function closeMeeting(): Promise<StepReport> {
    await recordStepStatus({ stepId: step.stepId, status: 'HELD' });
    const report = { key: step.key, status: 'HELD' as const };
    await tellParent(() => parent.signal(stepFinishedSignal, report));
    for (let request = 0; !closed && request <= MINUTES_NUDGES; request += 1) {
      await send('MINUTES_REQUEST', request === 0 ? {} : { slot: `relance-${request}` });
      await condition(() => closed, input.nudgeEveryDays * day);
    }
    if (!closed && !(await condition(() => closed, CLOSING_WINDOW_DAYS * day))) return report;
    await recordMeetingClosed({ stepId: step.stepId });
    await send('FOLLOW_UP', { slot: 'cloture' });
    return report;
  }
}
