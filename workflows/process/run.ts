// What a process workflow knows and does to its steps, in one place (the shape of Temporal's
// `safe-message-handlers` sample): the handlers and the main loop call these methods, so « start a step »,
// « cancel a step » or « move to the next phase » is written once.
import { ApplicationFailure, condition, getExternalWorkflowHandle, ParentClosePolicy, patched, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { behaviourOf, isWorkItem, phases, type Phase } from '../../domain/vocabulary';
import { bookkeeping, deliveryActivities } from '../activity-options';
import { phaseAttribute, stepCancelSignal, type ProcessState, type ProcessStatusView, type StepState } from '../definitions';
import { ctgStepWorkflow } from '../step/workflow';

export const isFinished = (step: StepState) => step.status === 'HELD' || step.status === 'DONE' || step.status === 'CANCELLED';

type StepHandle = ReturnType<typeof getExternalWorkflowHandle>;

export class ProcessRun {
  readonly selfId: string;
  /** A report or a change the main loop has not looked at yet: it wakes up and looks again. */
  pendingChange = true;
  /** Steps whose workflow is being started: a change waits for it, or the new workflow would miss it. */
  private readonly starting = new Set<string>();

  constructor(readonly state: ProcessState) {
    this.selfId = processWorkflowId(state.processId);
  }

  stepByKey(key: string): StepState | undefined {
    return this.state.steps.find((s) => s.key === key);
  }

  noteChange() {
    this.pendingChange = true;
  }

  /** Resolves once the step's workflow, if it is being started, has started. */
  untilStarted(key: string) {
    return condition(() => !this.starting.has(key));
  }

  isStarting(key: string) {
    return this.starting.has(key);
  }

  /** Signals a step's workflow; one that just closed on its own has nothing left to hear. */
  async tellStep(step: StepState, signal: (handle: StepHandle) => Promise<void>) {
    try {
      await signal(getExternalWorkflowHandle(stepWorkflowId(this.state.processId, step.key)));
    } catch (error) {
      if (!(error instanceof ApplicationFailure) && !/not found/i.test((error as Error).message)) throw error;
    }
  }

  /**
   * Records the cancellation, tells the step's workflow (it sends the cancellation if it had invited).
   * The step keeps the sequence the cancellation got, whoever cancels (before this was one method, only a
   * person's cancellation kept it; a phase closed or the period's end left the old one in the status).
   */
  async cancel(step: StepState, reason: string | null) {
    const { sequence } = await bookkeeping.recordStepCancelled({ stepId: step.stepId, reason });
    step.sequence = sequence;
    if (step.status === 'RUNNING') await this.tellStep(step, (h) => h.signal(stepCancelSignal, { sequence }));
    step.status = 'CANCELLED';
  }

  status(): ProcessStatusView {
    const { state } = this;
    const now = Date.now();
    const next = state.steps
      .filter((s) => !isFinished(s) && s.startsAt && Date.parse(s.startsAt) >= now && !isWorkItem(behaviourOf(s)))
      .sort((a, b) => Date.parse(a.startsAt!) - Date.parse(b.startsAt!))[0];
    return {
      processId: state.processId,
      phase: state.phase,
      paused: state.paused,
      completed: state.completed,
      closedPhases: state.closedPhases,
      // Whether a step was announced is the database's to say (Step.status): no longer reported here.
      steps: state.steps.map(({ key, title, kind, phase, status, startsAt, endsAt, location, onlineUrl, late, sequence, ...rest }) => ({
        key, title, behaviour: behaviourOf({ ...rest, kind }), kind, phase, status, startsAt, endsAt, location, onlineUrl, late, sequence,
      })),
      nextStep: next ? { key: next.key, title: next.title, startsAt: next.startsAt! } : null,
      lateSteps: state.steps.filter((s) => s.late && !isFinished(s)).map((s) => s.key),
      undatedSteps: state.steps.filter((s) => !s.startsAt && !isFinished(s)).map((s) => s.key),
      renewalProcessId: state.renewalProcessId,
      periodEndsAt: state.timeline.periodEndsAt,
      historyLength: workflowInfo().historyLength,
    };
  }

  /** Starts every waiting step whose predecessors are over. */
  async startReadySteps() {
    // Order is not delay: a step starts (and invites at its lead time) without waiting for the steps it
    // follows, only for those it must invite after. Runs recorded before waited for all it depended on,
    // and so do steps carried from before (no `inviteAfter`).
    // A step with neither a date nor a month still waits for the steps it follows, so its coordinator is
    // asked for a date when it becomes the next thing to do, not for every step from the launch on.
    const waitsFor = patched('order-without-delay')
      ? (step: StepState) => (step.inviteAfter === undefined ? step.dependsOn : step.startsAt || step.nudgeFrom ? step.inviteAfter : [...step.inviteAfter, ...step.dependsOn])
      : (step: StepState) => step.dependsOn;
    const ready = this.state.steps.filter(
      (step) => step.status === 'WAITING' && !this.starting.has(step.key) && waitsFor(step).every((key) => { const d = this.stepByKey(key); return !d || isFinished(d); }),
    );
    // Started together (a step whose dependencies just ended should not wait for its siblings' round
    // trips); runs recorded before this change started them one by one.
    if (patched('parallel-step-start')) await Promise.all(ready.map((step) => this.start(step)));
    else for (const step of ready) await this.start(step);
  }

  private async start(step: StepState) {
    const { state } = this;
    this.starting.add(step.key);
    try {
      await startChild(ctgStepWorkflow, {
        workflowId: stepWorkflowId(state.processId, step.key),
        args: [{ processId: state.processId, processWorkflowId: this.selfId, step: { ...step }, dayMs: state.timeline.dayMs, nudgeEveryDays: state.nudgeEveryDays, paused: state.paused }],
        // Steps outlive a continue-as-new of the process: they report back by signal.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      step.status = 'RUNNING';
    } finally {
      this.starting.delete(step.key);
    }
  }

  /** The first phase with a step still open (and not closed), else where the process stands. */
  private currentPhase(): Phase {
    const { state } = this;
    if (state.renewalProcessId) return 'RENOUVELLEMENT';
    const open = state.steps.filter((s) => !isFinished(s) && !state.closedPhases.includes(s.phase));
    return phases.find((phase) => open.some((s) => s.phase === phase)) ?? (state.implementationCreated ? 'MISE_EN_OEUVRE' : state.phase);
  }

  /** Moves to the current phase: search attribute, database, and the partners told. */
  async publishPhase() {
    const { state } = this;
    const next = this.currentPhase();
    if (next === state.phase) return;
    await condition(() => !state.paused); // « pause all sending » covers the process's own messages
    const previous = state.phase;
    state.phase = next;
    upsertSearchAttributes([{ key: phaseAttribute, value: next }]);
    await bookkeeping.recordProcessProgress({ processId: state.processId, phase: next, status: state.paused ? 'PAUSED' : 'RUNNING' });
    await deliveryActivities('bulk').sendProcessMessages({ processId: state.processId, kind: 'PHASE_CHANGED', slot: `${previous}-${next}`, from: previous, to: next });
    // Added after processes were already running: their histories have no Info flash here.
    if (patched('info-flash-on-phase-change')) await deliveryActivities('bulk').sendInfoFlash({ processId: state.processId, slot: `phase-${next}` });
  }

  /**
   * The mise en œuvre follows this plan's end, whatever closes it (a signature of any title, the phase
   * closed): nothing of the diagnostic and plan phases left open. Runs recorded before waited for a step of
   * the standard kind SIGNATURE.
   */
  implementationDue(): boolean {
    const { state } = this;
    const signed = () => state.steps.some((s) => s.kind === 'SIGNATURE' && (s.status === 'HELD' || s.status === 'DONE'));
    const built = () => {
      const building = state.steps.filter((s) => s.phase === 'DIAGNOSTIC' || s.phase === 'PLAN_ACTIONS');
      return building.length > 0 && building.every((s) => isFinished(s) || state.closedPhases.includes(s.phase));
    };
    return patched('implementation-after-plan') ? built() || signed() : signed();
  }
}
