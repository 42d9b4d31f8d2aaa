// A territory's convention for one period, from launch to the period's end: starts each step once the
// steps it depends on are finished, moves through the phases, creates the mise en œuvre after the
// signature, starts the renewal before the period ends, and applies people's changes (Updates).
// Step workflows are abandoned children that report back by signal, so the process can continue as new.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { processWorkflowId, stepWorkflowId } from '../domain/ids';
import { behaviourOf, isWorkItem, phases, type Phase } from '../domain/vocabulary';
import { renewalInstant } from '../domain/timeline';
import { bookkeepingActivityOptions, deliveryActivities } from './activity-options';
import {
  addStepUpdate,
  cafNameAttribute,
  cancelStepUpdate,
  changeStepUpdate,
  closePhaseUpdate,
  completeStepUpdate,
  pauseUpdate,
  phaseAttribute,
  processStatusQuery,
  resumeUpdate,
  stepCancelSignal,
  stepChangedSignal,
  stepCompleteSignal,
  stepFinishedSignal,
  stepInvitedSignal,
  stepLateSignal,
  stepPausedSignal,
  territoryIdAttribute,
  type ProcessState,
  type ProcessStatusView,
  type ProcessWorkflowInput,
  type StepState,
} from './definitions';
import { ctgStepWorkflow } from './step';

const {
  loadProcessState,
  recordProcessProgress,
  applyStepChanges,
  insertStep,
  recordStepCancelled,
  recordStepCompleted,
  createImplementationSteps,
  createRenewalProcess,
} = proxyActivities<Activities>(bookkeepingActivityOptions);

const DEFAULT_MAX_HISTORY_EVENTS = 8_000;
const finished = (step: StepState) => step.status === 'HELD' || step.status === 'DONE' || step.status === 'CANCELLED';

export async function ctgProcessWorkflow(input: ProcessWorkflowInput): Promise<ProcessStatusView> {
  const state: ProcessState = input.carried ?? (await loadProcessState({ processId: input.processId, timeline: input.timeline }));
  const selfId = processWorkflowId(state.processId);
  let dirty = true;
  const touch = () => {
    dirty = true;
  };
  const find = (key: string) => state.steps.find((s) => s.key === key);
  const child = (step: StepState) => getExternalWorkflowHandle(stepWorkflowId(state.processId, step.key));
  /** Signals a step's workflow; one that just closed on its own has nothing left to hear. */
  const tellStep = async (step: StepState, signal: (handle: ReturnType<typeof child>) => Promise<void>) => {
    try {
      await signal(child(step));
    } catch (error) {
      if (!(error instanceof ApplicationFailure) && !/not found/i.test((error as Error).message)) throw error;
    }
  };
  // Steps whose start is under way: a change must wait for it, or the new workflow would miss it.
  const starting = new Set<string>();
  const settled = (key: string) => condition(() => !starting.has(key));

  const status = (): ProcessStatusView => {
    const now = Date.now();
    const next = state.steps
      .filter((s) => !finished(s) && s.startsAt && Date.parse(s.startsAt) >= now && !isWorkItem(behaviourOf(s)))
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
      lateSteps: state.steps.filter((s) => s.late && !finished(s)).map((s) => s.key),
      undatedSteps: state.steps.filter((s) => !s.startsAt && !finished(s)).map((s) => s.key),
      renewalProcessId: state.renewalProcessId,
      periodEndsAt: state.timeline.periodEndsAt,
      historyLength: workflowInfo().historyLength,
    };
  };
  setHandler(processStatusQuery, status);

  // Reports from step workflows.
  setHandler(stepFinishedSignal, ({ key, status: result }) => {
    const step = find(key);
    if (step && !finished(step)) step.status = result;
    touch();
  });
  setHandler(stepInvitedSignal, ({ key, sequence }) => {
    const step = find(key);
    if (step) Object.assign(step, { invited: true, sequence: Math.max(step.sequence, sequence) });
  });
  setHandler(stepLateSignal, ({ key }) => {
    const step = find(key);
    if (step) step.late = true;
  });

  // Changes from people. Validators refuse with a reason in French; handlers answer with the new status.
  const requireOpenStep = (key: string) => {
    const step = find(key);
    if (!step) throw new Error(`Étape « ${key} » inconnue dans ce processus.`);
    if (finished(step)) throw new Error(`L’étape « ${step.title} » est terminée (${step.status === 'CANCELLED' ? 'annulée' : 'tenue'}) : elle ne peut plus être modifiée.`);
    return step;
  };
  const requireRunningProcess = () => {
    if (state.completed) throw new Error('Ce processus est terminé.');
  };

  setHandler(
    changeStepUpdate,
    async ({ key, changes }) => {
      await settled(key);
      const step = find(key)!;
      const { startsAt, endsAt, location, onlineUrl, sequence, late, nudgeFrom, title, dependsOn, inviteAfter } = await applyStepChanges({ stepId: step.stepId, changes });
      // Only what the change touched: the run status is the workflow's own.
      Object.assign(step, { startsAt, endsAt, location, onlineUrl, sequence, late, nudgeFrom, title, dependsOn, inviteAfter });
      // A new audience after the invitation: the step invites those it gained (runs recorded before did not).
      const audienceChanged = (changes.audience !== undefined || changes.audienceEmails !== undefined) && patched('invite-newcomers');
      if (step.status === 'RUNNING') {
        await tellStep(step, (h) =>
          h.signal(stepChangedSignal, {
            startsAt: step.startsAt,
            endsAt: step.endsAt,
            location: step.location,
            onlineUrl: step.onlineUrl,
            sequence: step.sequence,
            nudgeFrom: step.nudgeFrom,
            ...(audienceChanged ? { audienceChanged: true } : {}),
          }),
        );
      }
      touch();
      return status();
    },
    {
      validator: ({ key, changes }) => {
        requireRunningProcess();
        const open = requireOpenStep(key);
        const campaign = behaviourOf(open) === 'INTERVIEWS';
        if (campaign && (changes.startsAt !== undefined || changes.durationMinutes !== undefined)) {
          throw new Error(`« ${open.title} » est datée par ses créneaux : ajoutez ou retirez des créneaux plutôt que de changer sa date ou sa durée.`);
        }
        if (!campaign && changes.slots) throw new Error(`« ${open.title} » n’est pas une campagne d’entretiens : elle n’a pas de créneaux.`);
        if (changes.startsAt && Number.isNaN(Date.parse(changes.startsAt))) throw new Error('Date invalide.');
        if (changes.durationMinutes !== undefined && !(changes.durationMinutes > 0)) throw new Error('Durée invalide.');
        for (const other of [...(changes.dependsOn ?? []), ...(changes.inviteAfter ?? [])]) {
          if (other === key || !find(other)) throw new Error(`Étape « ${other} » inconnue dans ce processus.`);
        }
      },
    },
  );

  setHandler(
    addStepUpdate,
    async ({ step: planned }) => {
      const added = await insertStep({ processId: state.processId, step: planned });
      if (!find(added.key)) state.steps.push(added);
      touch();
      return status();
    },
    {
      validator: ({ step }) => {
        requireRunningProcess();
        if (find(step.key)) throw new Error(`Une étape « ${step.key} » existe déjà dans ce processus.`);
        for (const dependency of step.dependsOn) {
          if (!find(dependency)) throw new Error(`Étape « ${dependency} » inconnue dans ce processus.`);
        }
        if (state.closedPhases.includes(step.phase)) throw new Error('Cette phase est close.');
      },
    },
  );

  setHandler(
    cancelStepUpdate,
    async ({ key, reason }) => {
      await settled(key);
      const step = find(key)!;
      const { sequence } = await recordStepCancelled({ stepId: step.stepId, reason: reason ?? null });
      step.sequence = sequence;
      if (step.status === 'RUNNING') await tellStep(step, (h) => h.signal(stepCancelSignal, { sequence }));
      step.status = 'CANCELLED';
      touch();
      return status();
    },
    {
      validator: ({ key }) => {
        requireRunningProcess();
        const step = requireOpenStep(key);
        if (!isWorkItem(behaviourOf(step)) && step.startsAt && Date.parse(step.startsAt) <= Date.now()) {
          throw new Error(`La rencontre « ${step.title} » a déjà commencé : elle ne peut plus être annulée.`);
        }
      },
    },
  );

  setHandler(
    completeStepUpdate,
    async ({ key }) => {
      await settled(key);
      const step = find(key)!;
      await recordStepCompleted({ stepId: step.stepId });
      if (step.status === 'RUNNING') await tellStep(step, (h) => h.signal(stepCompleteSignal));
      Object.assign(step, { status: 'DONE', late: false });
      touch();
      return status();
    },
    {
      validator: ({ key }) => {
        requireRunningProcess();
        const step = find(key);
        if (!step) throw new Error(`Étape « ${key} » inconnue dans ce processus.`);
        if (step.status === 'DONE' || step.status === 'CANCELLED') throw new Error(`L’étape « ${step.title} » est déjà terminée.`);
        if (!isWorkItem(behaviourOf(step)) && (!step.startsAt || Date.parse(step.startsAt) > Date.now())) {
          throw new Error(`La rencontre « ${step.title} » n’a pas encore eu lieu : elle ne peut pas être marquée comme faite.`);
        }
      },
    },
  );

  setHandler(
    closePhaseUpdate,
    async ({ phase }) => {
      state.closedPhases.push(phase);
      // Steps of the phase not started yet, or still without a date, are dropped; dated ones under way
      // finish on their own.
      for (const step of state.steps.filter((s) => s.phase === phase && (s.status === 'WAITING' || (s.status === 'RUNNING' && !s.startsAt)))) {
        await settled(step.key);
        const { sequence } = await recordStepCancelled({ stepId: step.stepId, reason: 'Phase close' });
        if (step.status === 'RUNNING') await tellStep(step, (h) => h.signal(stepCancelSignal, { sequence }));
        step.status = 'CANCELLED';
      }
      touch();
      return status();
    },
    {
      validator: ({ phase }) => {
        requireRunningProcess();
        if (state.closedPhases.includes(phase)) throw new Error('Cette phase est déjà close.');
        if (!state.steps.some((s) => s.phase === phase)) throw new Error('Ce processus n’a aucune étape dans cette phase.');
      },
    },
  );

  const setPaused = async (paused: boolean) => {
    state.paused = paused;
    await recordProcessProgress({ processId: state.processId, phase: state.phase, status: paused ? 'PAUSED' : 'RUNNING' });
    for (const step of state.steps.filter((s) => s.status === 'RUNNING' || starting.has(s.key))) {
      await settled(step.key);
      await tellStep(step, (h) => h.signal(stepPausedSignal, { paused }));
    }
    touch();
    return status();
  };
  setHandler(pauseUpdate, () => setPaused(true), {
    validator: () => {
      requireRunningProcess();
      if (state.paused) throw new Error('Le processus est déjà en pause.');
    },
  });
  setHandler(resumeUpdate, () => setPaused(false), {
    validator: () => {
      requireRunningProcess();
      if (!state.paused) throw new Error('Le processus n’est pas en pause.');
    },
  });

  const startReadySteps = async () => {
    // Order is not delay: a step starts (and invites at its lead time) without waiting for the steps it
    // follows, only for those it must invite after. Runs recorded before waited for all it depended on,
    // and so do steps carried from before (no `inviteAfter`).
    // A step with neither a date nor a month still waits for the steps it follows, so its coordinator is
    // asked for a date when it becomes the next thing to do, not for every step from the launch on.
    const waitsFor = patched('order-without-delay')
      ? (step: StepState) => (step.inviteAfter === undefined ? step.dependsOn : step.startsAt || step.nudgeFrom ? step.inviteAfter : [...step.inviteAfter, ...step.dependsOn])
      : (step: StepState) => step.dependsOn;
    const ready = state.steps.filter(
      (step) => step.status === 'WAITING' && !starting.has(step.key) && waitsFor(step).every((key) => { const d = find(key); return !d || finished(d); }),
    );
    // Started together (a step whose dependencies just ended should not wait for its siblings' round
    // trips); runs recorded before this change started them one by one.
    if (patched('parallel-step-start')) await Promise.all(ready.map(start));
    else for (const step of ready) await start(step);
  };
  const start = async (step: StepState) => {
    starting.add(step.key);
    try {
      await startChild(ctgStepWorkflow, {
        workflowId: stepWorkflowId(state.processId, step.key),
        args: [{ processId: state.processId, processWorkflowId: selfId, step: { ...step }, dayMs: state.timeline.dayMs, nudgeEveryDays: state.nudgeEveryDays, paused: state.paused }],
        // Steps outlive a continue-as-new of the process: they report back by signal.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      step.status = 'RUNNING';
    } finally {
      starting.delete(step.key);
    }
  };

  const currentPhase = (): Phase => {
    if (state.renewalProcessId) return 'RENOUVELLEMENT';
    const open = state.steps.filter((s) => !finished(s) && !state.closedPhases.includes(s.phase));
    return phases.find((phase) => open.some((s) => s.phase === phase)) ?? (state.implementationCreated ? 'MISE_EN_OEUVRE' : state.phase);
  };
  const publishPhase = async () => {
    const next = currentPhase();
    if (next === state.phase) return;
    await condition(() => !state.paused); // « pause all sending » covers the process's own messages
    const previous = state.phase;
    state.phase = next;
    upsertSearchAttributes([{ key: phaseAttribute, value: next }]);
    await recordProcessProgress({ processId: state.processId, phase: next, status: state.paused ? 'PAUSED' : 'RUNNING' });
    await deliveryActivities('bulk').sendProcessMessages({ processId: state.processId, kind: 'PHASE_CHANGED', slot: `${previous}-${next}`, from: previous, to: next });
    // Added after processes were already running: their histories have no Info flash here.
    if (patched('info-flash-on-phase-change')) await deliveryActivities('bulk').sendInfoFlash({ processId: state.processId, slot: `phase-${next}` });
  };

  const signed = () => state.steps.some((s) => s.kind === 'SIGNATURE' && (s.status === 'HELD' || s.status === 'DONE'));
  /** The convention is built once nothing of its diagnostic and plan phases is left open (finished, or its phase closed). */
  const built = () => {
    const building = state.steps.filter((s) => s.phase === 'DIAGNOSTIC' || s.phase === 'PLAN_ACTIONS');
    return building.length > 0 && building.every((s) => finished(s) || state.closedPhases.includes(s.phase));
  };
  // The mise en œuvre follows this plan's end, whatever closes it (a signature of any title, the phase closed);
  // runs recorded before waited for a step of the standard kind SIGNATURE.
  const implementationDue = () => (patched('implementation-after-plan') ? built() || signed() : signed());
  const renewalAt = renewalInstant(state.timeline, state.renewalLeadMonths);
  const periodEndsAt = Date.parse(state.timeline.periodEndsAt);

  while (!state.completed) {
    dirty = false;
    if (!state.paused) await startReadySteps();
    if (!state.implementationCreated && implementationDue()) {
      const added = await createImplementationSteps({ processId: state.processId, timeline: state.timeline });
      for (const step of added) if (!find(step.key)) state.steps.push(step);
      state.implementationCreated = true;
      continue; // start them at once
    }
    if (!state.renewalProcessId && Date.now() >= renewalAt) {
      const renewal = await createRenewalProcess({ processId: state.processId, timeline: state.timeline });
      try {
        await startChild(ctgProcessWorkflow, {
          workflowId: processWorkflowId(renewal.processId),
          args: [{ processId: renewal.processId, timeline: renewal.timeline, maxHistoryEvents: input.maxHistoryEvents }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: [
            { key: territoryIdAttribute, value: state.territoryId },
            { key: cafNameAttribute, value: state.cafName },
            { key: phaseAttribute, value: 'DIAGNOSTIC' },
          ],
        });
      } catch (error) {
        // The coordinator already launched the next period: that process is the renewal.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      state.renewalProcessId = renewal.processId;
      await condition(() => !state.paused);
      await deliveryActivities('bulk').sendProcessMessages({ processId: state.processId, kind: 'RENEWAL_STARTED', slot: renewal.processId, renewalProcessId: renewal.processId });
    }
    await publishPhase();
    if (Date.now() >= periodEndsAt) {
      // The period is over: what is still open ends with it.
      for (const step of state.steps.filter((s) => !finished(s))) {
        const { sequence } = await recordStepCancelled({ stepId: step.stepId, reason: 'Fin de la période de la convention' });
        if (step.status === 'RUNNING') await tellStep(step, (h) => h.signal(stepCancelSignal, { sequence }));
        step.status = 'CANCELLED';
      }
      state.completed = true;
      await recordProcessProgress({ processId: state.processId, phase: state.phase, status: 'COMPLETED' });
      break;
    }
    if (workflowInfo().historyLength > (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof ctgProcessWorkflow>({ processId: state.processId, timeline: state.timeline, carried: state, maxHistoryEvents: input.maxHistoryEvents });
    }
    const deadline = Math.min(state.renewalProcessId ? Infinity : renewalAt, periodEndsAt) - Date.now();
    if (deadline > 0) await condition(() => dirty, deadline);
  }
  await condition(allHandlersFinished);
  return status();
}
