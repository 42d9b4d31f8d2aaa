// Launching a territory's process: the plan is stored with its steps, then its workflow is started under
// a deterministic id. Launching again finds the same process and the same workflow.
import { WorkflowNotFoundError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Plan } from '../../domain/plan';
import type { TemplateAnswers } from '../../domain/standard-plan';
import { realTimeline, type Timeline } from '../../domain/timeline';
import type { Step } from '../../infra/db/prisma';
import { createProcessRecords } from '../../infra/db/process-records';
import {
  cafNameAttribute,
  phaseAttribute,
  processStatusQuery,
  processWorkflowType,
  territoryIdAttribute,
  type ProcessStatusView,
  type ProcessWorkflowInput,
  infoFlashWorkflowType,
  type InfoFlashWorkflowInput,
} from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { territoryScope } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { pageOf } from '../pagination';
import { notFound, ProblemError } from '../problem';

export interface LaunchOptions {
  /** Tests and demos compress time (see domain/timeline.ts); real launches use the real calendar. */
  timeline?: Timeline;
  /** History length that makes the process workflow continue as new (tests lower it). */
  maxHistoryEvents?: number;
}

export async function launchProcess(deps: ApiDeps, territoryId: string, input: { plan: Plan; answers?: TemplateAnswers | null }, options: LaunchOptions = {}) {
  const { prisma, temporal, config, logger } = deps;
  const { plan } = input;
  const territory = await prisma.territory.findUnique({ where: { id: territoryId } });
  if (!territory) throw notFound('Territoire');

  const record = () =>
    prisma.$transaction((tx) => createProcessRecords(tx, { territoryId, plan, answers: input.answers ?? null, mailFrom: config.MAIL_FROM, timeZone: territory.timezone }));
  // Two launches at once: the second one's insert meets the unique period and finds the first one's process.
  const { created, process } = await record().catch((error) => {
    if ((error as { code?: string }).code === 'P2002') return record();
    throw error;
  });
  const timeline = options.timeline ?? realTimeline(process.periodStart, process.periodEnd, territory.timezone);

  try {
    await temporal.workflow.start(processWorkflowType, {
      workflowId: process.workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ processId: process.id, timeline, maxHistoryEvents: options.maxHistoryEvents } satisfies ProcessWorkflowInput],
      // A second launch, or a retry after a crash between the commit above and this call, joins the same run.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: territoryIdAttribute, value: territory.id },
        { key: cafNameAttribute, value: territory.cafName },
        { key: phaseAttribute, value: process.currentPhase },
      ]),
    });
  } catch (error) {
    // Never leave a process that no workflow runs: undo what this call wrote, and let the caller retry —
    // unless the start did happen (an answer lost on the way back), in which case the process stays.
    const started = await temporal.workflow
      .getHandle(process.workflowId)
      .describe()
      .then(() => true)
      .catch(() => false);
    if (created && !started) await prisma.process.delete({ where: { id: process.id } }).catch(() => undefined);
    logger.warn('workflow start failed', { processId: process.id, error });
    throw new ProblemError(503, 'Service momentanément indisponible', 'Le processus n’a pas pu démarrer ; réessayez.');
  }
  logger.info(created ? 'process launched' : 'process launch repeated', { processId: process.id, territoryId });
  return { created, process };
}

/**
 * A process as the database projection has it (what every page and poller reads: one query, however busy
 * the workers); with `live`, the workflow's own state too (a query to a worker, bounded to 3 s).
 */
export async function getProcess(deps: ApiDeps, viewer: Viewer, processId: string, options: { live?: boolean } = {}) {
  // The viewer's scope is in the same query: one read answers who may see it and what it is.
  const process = await deps.prisma.process.findFirst({
    where: { id: processId, territory: territoryScope(viewer) },
    include: { territory: true, steps: { orderBy: { position: 'asc' } } },
  });
  if (!process) throw notFound('Processus');
  let live: ProcessStatusView | null = null;
  if (options.live) {
    try {
      // Bounded: a query waits for a worker, and a status page must not hang while none is running.
      live = await deps.temporal.withDeadline(Date.now() + 3_000, () => deps.temporal.workflow.getHandle(process.workflowId).query(processStatusQuery));
    } catch (error) {
      // The projection in the database still answers while Temporal is unreachable or the run has closed.
      if (!(error instanceof WorkflowNotFoundError)) deps.logger.warn('status query failed', { processId, error });
    }
  }
  const { plan: _plan, ...rest } = process;
  return {
    ...rest,
    live,
    temporalUiUrl: deps.config.TEMPORAL_UI_URL
      ? `${deps.config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(deps.config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(process.workflowId)}`
      : null,
  };
}

/** The log of messages sent for a process (to whom, what, status), oldest first, a page at a time. */
export async function listProcessMessages({ prisma }: ApiDeps, processId: string, page: { limit: number; after: string[] | null }) {
  const [createdAt, id] = page.after ?? [];
  if (createdAt !== undefined && Number.isNaN(Date.parse(createdAt))) throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field: 'cursor', reason: 'curseur invalide : reprenez celui de la page précédente' }]);
  const rows = await prisma.message.findMany({
    where: {
      processId,
      ...(page.after ? { OR: [{ createdAt: { gt: new Date(createdAt!) } }, { createdAt: new Date(createdAt!), id: { gt: id } }] } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: page.limit + 1,
    select: {
      id: true,
      recipient: true,
      kind: true,
      sequence: true,
      status: true,
      subject: true,
      smtpResponse: true,
      error: true,
      attempts: true,
      createdAt: true,
      sentAt: true,
      stepId: true,
    },
  });
  return pageOf(rows, page.limit, (m) => [m.createdAt.toISOString(), m.id]);
}

/** Starts the on-demand Info flash workflow; the same key (or the same minute without one) sends one issue. */
export async function requestInfoFlash(deps: ApiDeps, processId: string, key: string | undefined) {
  const process = await deps.prisma.process.findUnique({ where: { id: processId } });
  if (!process) throw notFound('Processus');
  const slot = `demande-${key ?? new Date().toISOString().slice(0, 16).replace(/\D/g, '')}`;
  const workflowId = `${process.workflowId}/info-flash/${slot}`;
  await deps.temporal.workflow.start(infoFlashWorkflowType, {
    workflowId,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ processId, slot } satisfies InfoFlashWorkflowInput],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { workflowId, slot, page: `/info-flash/${processId}` };
}

/** The step of a process by its key, or 404. */
export async function stepOfProcess(deps: Pick<ApiDeps, 'prisma'>, processId: string, key: string): Promise<Step> {
  const step = await deps.prisma.step.findUnique({ where: { processId_key: { processId, key } } });
  if (!step) throw notFound('Étape');
  return step;
}
