// One step of a territory's plan, from « date à fixer » to held, done or cancelled. Meetings invite at
// their lead time, remind, brief the coordinator and follow up; a survey window opens, reminds and
// closes; a task waits for the coordinator and is flagged late past its due date. Every change from the
// process workflow (new date or place, cancel, complete, pause) interrupts the wait it is in.
import { condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { taskKinds } from '../domain/plan';
import { REAL_DAY_MS } from '../domain/timeline';
import { bookkeepingActivityOptions, deliveryActivityOptions } from './activity-options';
import {
  stepCancelSignal,
  stepChangedSignal,
  stepCompleteSignal,
  stepFinishedSignal,
  stepInvitedSignal,
  stepLateSignal,
  stepPausedSignal,
  type StepReport,
  type StepState,
  type StepWorkflowInput,
} from './definitions';

const { sendStepMessages } = proxyActivities<Activities>(deliveryActivityOptions);
const { recordStepStatus, markStepLate } = proxyActivities<Activities>(bookkeepingActivityOptions);

type Announced = Pick<StepState, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>;

/** Days before a meeting when the coordinator gets the list of who registered. */
const SUMMARY_DAYS_BEFORE = 2;

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
  let nudges = 0;
  const createdAt = Date.now();

  setHandler(stepChangedSignal, (change) => {
    Object.assign(step, change);
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

  const interrupted = () => changed || cancelSequence !== null || completed;
  /** Waits until `instant`; false when a change interrupted the wait (the caller starts over). */
  const waitUntil = async (instant: number): Promise<boolean> => {
    const remaining = instant - Date.now();
    if (remaining <= 0) return !interrupted();
    return !(await condition(interrupted, remaining));
  };
  const send = async (kind: Parameters<Activities['sendStepMessages']>[0]['kind'], extra: { slot?: string; daysBefore?: number; previous?: Announced } = {}) => {
    // Paused: messages wait for the resume (a cancellation still goes out).
    await condition(() => !paused || cancelSequence !== null);
    return sendStepMessages({ stepId: step.stepId, kind, sequence: step.sequence, ...extra });
  };
  const parent = getExternalWorkflowHandle(input.processWorkflowId);
  const tellParent = async (signal: () => Promise<void>) => {
    try {
      await signal();
    } catch {
      // The process already closed (its period ended): nobody left to tell.
    }
  };
  const finish = async (status: StepReport['status']): Promise<StepReport> => {
    await recordStepStatus({ stepId: step.stepId, status });
    const report = { key: step.key, status };
    await tellParent(() => parent.signal(stepFinishedSignal, report));
    return report;
  };

  const isTask = taskKinds.has(step.kind);
  const isSurvey = step.kind === 'CONSULTATION_HABITANTS';

  for (;;) {
    changed = false;
    if (cancelSequence !== null) {
      if (announcedSequence !== null) {
        step.sequence = cancelSequence;
        await sendStepMessages({ stepId: step.stepId, kind: 'CANCELLATION', sequence: cancelSequence });
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
      if (!lateFlagged) {
        if (!(await waitUntil(startsAt))) {
          continue;
        }
        lateFlagged = true;
        await markStepLate({ stepId: step.stepId });
        await send('STEP_LATE');
        await tellParent(() => parent.signal(stepLateSignal, { key: step.key }));
      }
      await condition(interrupted);
      if (changed && step.startsAt && Date.parse(step.startsAt) > Date.now()) lateFlagged = false;
      continue;
    }

    if (isSurvey) {
      if (!surveyOpened) {
        if (!(await waitUntil(startsAt))) continue;
        await send('SURVEY_OPENING');
        surveyOpened = true;
        announcedSequence = step.sequence;
        await tellParent(() => parent.signal(stepInvitedSignal, { key: step.key, sequence: step.sequence }));
      }
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

    // A meeting.
    if (announcedSequence === null) {
      if (!(await waitUntil(startsAt - step.invitationLeadDays * day))) continue; // rescheduled before the invitation
      await send('INVITATION');
    } else if (announcedSequence < step.sequence) {
      await send('UPDATE', { previous: announced! }); // rescheduled or moved after the invitation: update at once
    }
    if (announcedSequence !== step.sequence) {
      announcedSequence = step.sequence;
      announced = { startsAt: step.startsAt, endsAt: step.endsAt, location: step.location, onlineUrl: step.onlineUrl };
      await tellParent(() => parent.signal(stepInvitedSignal, { key: step.key, sequence: step.sequence }));
    }

    let restart = false;
    for (const days of step.reminderDays) {
      const at = startsAt - days * day;
      if (at <= Date.now()) continue; // no catch-up burst when invited late
      if (!(await waitUntil(at))) {
        restart = true;
        break;
      }
      // Late (a worker outage): a reminder after the meeting started would only confuse.
      if (Date.now() < startsAt) await send('REMINDER', { slot: `${days}j`, daysBefore: days });
    }
    if (restart) continue;
    if (step.kind !== 'ENTRETIEN_PARTENAIRE') {
      const at = startsAt - SUMMARY_DAYS_BEFORE * day;
      if (at > Date.now() && !(await waitUntil(at))) continue;
      if (Date.now() < startsAt) await send('REGISTRATION_SUMMARY'); // useful until the meeting starts, however late
    }
    if (!(await waitUntil(endsAt))) continue;
    await send('FOLLOW_UP');
    await send('MINUTES_REQUEST');
    return finish('HELD');
  }
}
