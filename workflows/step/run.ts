// What a step workflow knows and the moves every behaviour shares: its signals, an interruptible wait,
// sending a kind of message, announcing the step, the reminders, reporting to the process.
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { stepMessageRules } from '../../domain/message-kinds';
import { behaviourOf, isWorkItem } from '../../domain/vocabulary';
import { bookkeeping, deliveryActivities } from '../activity-options';
import { meetingClosedSignal, stepCancelSignal, stepChangedSignal, stepCompleteSignal, stepFinishedSignal, stepInvitedSignal, stepLateSignal, stepPausedSignal, type StepReport, type StepState, type StepWorkflowInput } from '../definitions';

export type Announced = Pick<StepState, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>;
type Kind = Parameters<Activities['sendStepMessages']>[0]['kind'];
type SendOptions = { slot?: string; daysBefore?: number; previous?: Announced; sequence?: number };

/** What a behaviour's turn ends with: the step's report when it is over, null to start over (a change came). */
export type Outcome = StepReport | null;

const beforeTheMeeting: ReadonlySet<Kind> = new Set(['INVITATION', 'UPDATE', 'REMINDER', 'REGISTRATION_SUMMARY']);

export class StepRun {
  readonly step: StepState;
  readonly day: number;
  readonly behaviour: ReturnType<typeof behaviourOf>;
  readonly createdAt = Date.now();
  // What the process said (signals).
  changed = false;
  cancelSequence: number | null = null;
  completed = false;
  paused: boolean;
  closed = false;
  // What this step did already: kept across start-overs.
  announced: Announced | null = null; // what the last invitation or update said
  announcedSequence: number | null = null;
  lateFlagged: boolean;
  /** The audience gained people since it was announced: they are invited in turn (`nouveaux-<n>`). */
  newcomers = false;
  private additions = 0;
  /** A survey's: its opening was sent. */
  surveyOpened = false;
  /** A planned newsletter's: its issue was drafted. */
  drafted = false;
  /** An undated step's: how many times its coordinator was asked for a date. */
  nudges = 0;
  private readonly parent: ReturnType<typeof getExternalWorkflowHandle>;

  constructor(readonly input: StepWorkflowInput) {
    this.step = { ...input.step };
    this.day = input.dayMs;
    this.paused = input.paused;
    this.lateFlagged = this.step.late;
    this.behaviour = behaviourOf(this.step);
    this.parent = getExternalWorkflowHandle(input.processWorkflowId);
    setHandler(stepChangedSignal, ({ audienceChanged, ...change }) => {
      Object.assign(this.step, change);
      if (audienceChanged) this.newcomers = true;
      this.changed = true;
    });
    setHandler(stepCancelSignal, ({ sequence }) => {
      this.cancelSequence = sequence;
    });
    setHandler(stepCompleteSignal, () => {
      this.completed = true;
    });
    setHandler(stepPausedSignal, ({ paused }) => {
      this.paused = paused;
    });
    setHandler(meetingClosedSignal, () => {
      this.closed = true;
    });
  }

  get isTask() {
    return isWorkItem(this.behaviour);
  }

  get isCampaign() {
    return this.behaviour === 'INTERVIEWS';
  }

  interrupted = () => this.changed || this.cancelSequence !== null || this.completed;

  /** Waits until `instant`; false when a change interrupted the wait (the caller starts over). */
  async waitUntil(instant: number): Promise<boolean> {
    const remaining = instant - Date.now();
    if (remaining <= 0) return !this.interrupted();
    return !(await condition(this.interrupted, remaining));
  }

  /**
   * Sends unless, after a pause, the step was cancelled or completed, or the meeting already began: false then.
   * (A campaign of interviews « begins » at its first slot but books until its last: only its end closes it.)
   */
  async send(kind: Kind, extra: SendOptions = {}): Promise<boolean> {
    const { step } = this;
    // Paused: messages wait for the resume (a cancellation or completion releases them, unsent).
    await condition(() => !this.paused || this.cancelSequence !== null || this.completed);
    if (this.cancelSequence !== null || this.completed) return false;
    if (beforeTheMeeting.has(kind) && step.startsAt && !this.isTask && Date.now() >= Date.parse(this.isCampaign && step.endsAt ? step.endsAt : step.startsAt)) return false;
    await deliveryActivities(stepMessageRules[kind].timely ? 'timely' : 'bulk').sendStepMessages({ stepId: step.stepId, kind, sequence: step.sequence, ...extra });
    return true;
  }

  /**
   * The invitation at the lead time before `startsAt` (flagged late instead when `deadline` passed first),
   * or the update when the step changed since; then the newcomers. False: start over.
   */
  async announce(startsAt: number, deadline: number): Promise<boolean> {
    const { step } = this;
    // What this announcement says, taken before sending: a change arriving during a long send is announced
    // by the next update instead of being taken as already said.
    const sequence = step.sequence;
    const snapshot: Announced = { startsAt: step.startsAt, endsAt: step.endsAt, location: step.location, onlineUrl: step.onlineUrl };
    if (this.announcedSequence === null) {
      if (!(await this.waitUntil(startsAt - step.invitationLeadDays * this.day))) return false; // rescheduled before the invitation
      if (Date.now() >= deadline) {
        // Its date passed before anyone could be invited (its dependencies ended late, or a long pause):
        // flagged late, it waits for the coordinator to move, complete or cancel it.
        await this.flagLate();
        await condition(this.interrupted);
        return false;
      }
      if (!(await this.send('INVITATION', { sequence }))) return false;
      this.newcomers = false;
    } else if (this.announcedSequence < sequence && Date.now() < deadline) {
      if (!(await this.send('UPDATE', { previous: this.announced!, sequence }))) return false; // changed after the invitation: at once
    }
    if (this.announcedSequence !== sequence) {
      this.announcedSequence = sequence;
      this.announced = snapshot;
      await this.reportAnnounced(sequence);
    }
    if (this.changed) return false;
    await this.inviteNewcomers('INVITATION');
    return true;
  }

  /** The reminders before `instant` still to come (no catch-up burst when announced late). False: start over. */
  async remindBefore(instant: number, kind: 'REMINDER' | 'SURVEY_CLOSING_REMINDER'): Promise<boolean> {
    for (const days of this.step.reminderDays) {
      const at = instant - days * this.day;
      if (at <= Date.now()) continue;
      if (!(await this.waitUntil(at))) return false;
      await this.send(kind, { slot: `${days}j`, daysBefore: days });
    }
    return true;
  }

  /** Announces the step to those its audience gained since (the activity leaves out anyone already told). */
  async inviteNewcomers(kind: 'INVITATION' | 'SURVEY_OPENING') {
    if (!this.newcomers) return;
    this.newcomers = false;
    this.additions += 1;
    await this.send(kind, { slot: `nouveaux-${this.additions}` });
  }

  /**
   * Each announcement was reported to the process by signal (a round trip per step in a burst); the
   * database records it (Step.status INVITED, written by the sending activity), and nothing in the process
   * waits for it: runs started since send nothing.
   */
  async reportAnnounced(sequence: number) {
    if (patched('announced-in-database')) return;
    await this.tellParent(() => this.parent.signal(stepInvitedSignal, { key: this.step.key, sequence }));
  }

  /** Records the step's end and tells the process. */
  async finish(status: StepReport['status']): Promise<StepReport> {
    await bookkeeping.recordStepStatus({ stepId: this.step.stepId, status });
    const report = { key: this.step.key, status };
    await this.tellParent(() => this.parent.signal(stepFinishedSignal, report));
    return report;
  }

  /** Tells the coordinator and the Caf adviser, once per due date, that the step's date passed. */
  async flagLate() {
    if (this.lateFlagged) return;
    this.lateFlagged = true;
    await bookkeeping.markStepLate({ stepId: this.step.stepId });
    await this.send('STEP_LATE', { slot: `echeance-${this.step.startsAt}` });
    await this.tellParent(() => this.parent.signal(stepLateSignal, { key: this.step.key }));
  }

  private async tellParent(signal: () => Promise<void>) {
    try {
      await signal();
    } catch {
      // The process already closed (its period ended): nobody left to tell.
    }
  }
}
