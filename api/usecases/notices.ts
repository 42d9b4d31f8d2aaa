// Starts the small workflow that sends the notice of one change (a registration's, a booking's): under a
// deterministic id, so asking again finds the same run and a completed notice is not sent twice.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';

export async function startNotice(deps: ApiDeps, notice: { workflowType: string; workflowId: string; input: object }): Promise<void> {
  try {
    // Bounded: while Temporal is unreachable the client would retry for longer than a person waits.
    await deps.temporal.withDeadline(Date.now() + 10_000, () =>
      deps.temporal.workflow.start(notice.workflowType, {
        workflowId: notice.workflowId,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [notice.input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A completed notice was sent; a failed or terminated one may run again.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    deps.logger.warn('notice start failed', { workflowId: notice.workflowId, error });
    // The change is saved; asking again is safe and starts its notice.
    throw new ProblemError(503, 'Service momentanément indisponible', 'Votre demande est enregistrée, mais le courriel qui la confirme n’a pas pu partir : réessayez dans un instant.');
  }
}
