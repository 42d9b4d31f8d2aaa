// People's changes to a running process, sent as Workflow Updates: the workflow's validators decide,
// and the API answers with the new status or with the workflow's reason for refusing.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Phase, PlanStep } from '../../domain/plan';
import {
  addStepUpdate,
  cancelStepUpdate,
  changeStepUpdate,
  closePhaseUpdate,
  completeStepUpdate,
  pauseUpdate,
  resumeUpdate,
  type ProcessStatusView,
  type StepChanges,
} from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { notFound, ProblemError } from '../problem';

const isStarting = (error: WorkflowUpdateFailedError) => /No registered handler for update/i.test((error.cause as Error | undefined)?.message ?? '');

async function runUpdate(deps: ApiDeps, processId: string, update: (handle: ReturnType<ApiDeps['temporal']['workflow']['getHandle']>) => Promise<ProcessStatusView>) {
  const process = await deps.prisma.process.findUnique({ where: { id: processId }, select: { workflowId: true, status: true } });
  if (!process) throw notFound('Processus');
  const deadline = Date.now() + 15_000;
  try {
    for (;;) {
      try {
        // Bounded: an Update waits for a worker; without one, answer 503 rather than hang.
        return await deps.temporal.withDeadline(deadline, () => update(deps.temporal.workflow.getHandle(process.workflowId)));
      } catch (error) {
        // A process that has just started (or continued as new) registers its handlers once its state
        // is loaded: a change sent in that instant is refused without reason. Ask again shortly.
        if (!(error instanceof WorkflowUpdateFailedError && isStarting(error)) || Date.now() > deadline - 2_000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      if (isStarting(error)) throw new ProblemError(409, 'Modification refusée', 'Le processus est en cours de démarrage : réessayez dans quelques secondes.');
      const reason = (error.cause as Error | undefined)?.message ?? error.message;
      throw new ProblemError(409, 'Modification refusée', reason);
    }
    if (error instanceof WorkflowNotFoundError || /workflow execution already completed/i.test((error as Error).message)) {
      deps.logger.warn('update on a closed process', { processId, error });
      throw new ProblemError(409, 'Modification refusée', 'Ce processus est terminé.');
    }
    throw error;
  }
}

export const changeStep = (deps: ApiDeps, processId: string, key: string, changes: StepChanges) =>
  runUpdate(deps, processId, (h) => h.executeUpdate(changeStepUpdate, { args: [{ key, changes }] }));

export const addStep = (deps: ApiDeps, processId: string, step: PlanStep) =>
  runUpdate(deps, processId, (h) => h.executeUpdate(addStepUpdate, { args: [{ step }] }));

export const cancelStep = (deps: ApiDeps, processId: string, key: string, reason?: string) =>
  runUpdate(deps, processId, (h) => h.executeUpdate(cancelStepUpdate, { args: [{ key, reason }] }));

export const completeStep = (deps: ApiDeps, processId: string, key: string) =>
  runUpdate(deps, processId, (h) => h.executeUpdate(completeStepUpdate, { args: [{ key }] }));

export const closePhase = (deps: ApiDeps, processId: string, phase: Phase) =>
  runUpdate(deps, processId, (h) => h.executeUpdate(closePhaseUpdate, { args: [{ phase }] }));

export const pauseProcess = (deps: ApiDeps, processId: string) => runUpdate(deps, processId, (h) => h.executeUpdate(pauseUpdate));
export const resumeProcess = (deps: ApiDeps, processId: string) => runUpdate(deps, processId, (h) => h.executeUpdate(resumeUpdate));
