// The process workflow's messages: reports from its steps (signals), people's changes (Updates whose
// validators refuse in French; the API maps a refusal to 409) and the status query.
import { patched, setHandler } from '@temporalio/workflow';
import { automaticCancellationReasons, behaviourOf, isWorkItem } from '../../domain/vocabulary';
import { bookkeeping } from '../activity-options';
import { addStepUpdate, cancelStepUpdate, changeStepUpdate, closePhaseUpdate, completeStepUpdate, pauseUpdate, processStatusQuery, resumeUpdate, stepChangedSignal, stepCompleteSignal, stepFinishedSignal, stepInvitedSignal, stepLateSignal, stepPausedSignal } from '../definitions';
import { isFinished, type ProcessRun } from './run';

export function registerProcessHandlers(run: ProcessRun) {
  const { state } = run;
  setHandler(processStatusQuery, () => run.status());
  registerStepReports(run);

  const requireOpenStep = (key: string) => {
    const step = run.stepByKey(key);
    if (!step) throw new Error(`Étape « ${key} » inconnue dans ce processus.`);
    if (isFinished(step)) throw new Error(`L’étape « ${step.title} » est terminée (${step.status === 'CANCELLED' ? 'annulée' : 'tenue'}) : elle ne peut plus être modifiée.`);
    return step;
  };
  const requireRunningProcess = () => {
    if (state.completed) throw new Error('Ce processus est terminé.');
  };

  setHandler(
    changeStepUpdate,
    async ({ key, changes }) => {
      await run.untilStarted(key);
      const step = run.stepByKey(key)!;
      const { startsAt, endsAt, location, onlineUrl, sequence, late, nudgeFrom, title, dependsOn, inviteAfter } = await bookkeeping.applyStepChanges({ stepId: step.stepId, changes });
      // Only what the change touched: the run status is the workflow's own.
      Object.assign(step, { startsAt, endsAt, location, onlineUrl, sequence, late, nudgeFrom, title, dependsOn, inviteAfter });
      // A new audience after the invitation: the step invites those it gained (runs recorded before did not).
      const audienceChanged = (changes.audience !== undefined || changes.audienceEmails !== undefined) && patched('invite-newcomers');
      if (step.status === 'RUNNING') {
        await run.tellStep(step, (h) =>
          h.signal(stepChangedSignal, { startsAt, endsAt, location, onlineUrl, sequence, nudgeFrom, ...(audienceChanged ? { audienceChanged: true } : {}) }),
        );
      }
      run.noteChange();
      return run.status();
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
          if (other === key || !run.stepByKey(other)) throw new Error(`Étape « ${other} » inconnue dans ce processus.`);
        }
      },
    },
  );

  setHandler(
    addStepUpdate,
    async ({ step: planned }) => {
      const added = await bookkeeping.insertStep({ processId: state.processId, step: planned });
      if (!run.stepByKey(added.key)) state.steps.push(added);
      run.noteChange();
      return run.status();
    },
    {
      validator: ({ step }) => {
        requireRunningProcess();
        if (run.stepByKey(step.key)) throw new Error(`Une étape « ${step.key} » existe déjà dans ce processus.`);
        for (const dependency of step.dependsOn) {
          if (!run.stepByKey(dependency)) throw new Error(`Étape « ${dependency} » inconnue dans ce processus.`);
        }
        if (state.closedPhases.includes(step.phase)) throw new Error('Cette phase est close.');
      },
    },
  );

  setHandler(
    cancelStepUpdate,
    async ({ key, reason }) => {
      await run.untilStarted(key);
      await run.cancel(run.stepByKey(key)!, reason ?? null);
      run.noteChange();
      return run.status();
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
      await run.untilStarted(key);
      const step = run.stepByKey(key)!;
      await bookkeeping.recordStepCompleted({ stepId: step.stepId });
      if (step.status === 'RUNNING') await run.tellStep(step, (h) => h.signal(stepCompleteSignal));
      Object.assign(step, { status: 'DONE', late: false });
      run.noteChange();
      return run.status();
    },
    {
      validator: ({ key }) => {
        requireRunningProcess();
        const step = run.stepByKey(key);
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
        await run.untilStarted(step.key);
        await run.cancel(step, automaticCancellationReasons.phaseClosed);
      }
      run.noteChange();
      return run.status();
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
    await bookkeeping.recordProcessProgress({ processId: state.processId, phase: state.phase, status: paused ? 'PAUSED' : 'RUNNING' });
    for (const step of state.steps.filter((s) => s.status === 'RUNNING' || run.isStarting(s.key))) {
      await run.untilStarted(step.key);
      await run.tellStep(step, (h) => h.signal(stepPausedSignal, { paused }));
    }
    run.noteChange();
    return run.status();
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
}

/** What step workflows report: finished (held, done, cancelled), announced (old runs only), late. */
function registerStepReports(run: ProcessRun) {
  setHandler(stepFinishedSignal, ({ key, status }) => {
    const step = run.stepByKey(key);
    if (step && !isFinished(step)) step.status = status;
    run.noteChange();
  });
  setHandler(stepInvitedSignal, ({ key, sequence }) => {
    const step = run.stepByKey(key);
    if (step) Object.assign(step, { invited: true, sequence: Math.max(step.sequence, sequence) });
  });
  setHandler(stepLateSignal, ({ key }) => {
    const step = run.stepByKey(key);
    if (step) step.late = true;
  });
}
