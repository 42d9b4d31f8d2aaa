// The territory's newsletter issues: drafted from the process's state, edited by the coordinator, sent
// (or scheduled) once by a durable workflow under the issue's own id: a double click, a retry or a
// second tab send nothing more. Rules in domain/newsletter.ts; writes in infra/db/newsletter-issues.ts.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { isEditable, issueName, newsletterEditSchema, shownContactsSchema } from '../../domain/newsletter';
import { createDraftIssue, findIssue, issuesOfProcess, scheduleIssue, updateIssue, type IssueRecord } from '../../infra/db/newsletter-issues';
import { Prisma, type Process, type Territory } from '../../infra/db/prisma';
import { defaultNewsletterContacts } from '../../infra/db/info-flash-view';
import { infoFlashWorkflowType, type InfoFlashWorkflowInput } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { notFound, parseOrThrow, ProblemError } from '../problem';
import { completeStep } from './process-changes';

type ProcessWithTerritory = Process & { territory: Territory };

export const draftIssue = (deps: Pick<ApiDeps, 'prisma'>, process: ProcessWithTerritory) => createDraftIssue(deps.prisma, process.id, defaultNewsletterContacts(process.territory, process));

/** The process's « Vos contacts » for its emails, pages and new issues (an empty list: back to the coordinator and the Caf adviser). */
export async function setProcessContacts(deps: Pick<ApiDeps, 'prisma'>, process: Process, input: unknown) {
  const contacts = parseOrThrow(shownContactsSchema, input);
  await deps.prisma.process.update({ where: { id: process.id }, data: { contacts: contacts.length ? (contacts as unknown as Prisma.InputJsonValue) : Prisma.DbNull } });
  return contacts;
}

export async function issueOf(deps: Pick<ApiDeps, 'prisma'>, process: Process, issueId: string): Promise<IssueRecord> {
  const issue = await findIssue(deps.prisma, issueId);
  if (!issue || issue.processId !== process.id) throw notFound('Numéro');
  return issue;
}

const frozen = (issue: { title: string; number: number }) =>
  new ProblemError(409, 'Numéro déjà envoyé', `${issueName(issue)} est parti : il ne change plus. Préparez un nouveau numéro pour la suite.`);

export async function editIssue(deps: Pick<ApiDeps, 'prisma'>, process: Process, issueId: string, input: unknown): Promise<IssueRecord> {
  const issue = await issueOf(deps, process, issueId);
  if (!isEditable(issue.status)) throw frozen(issue);
  const edit = parseOrThrow(newsletterEditSchema, input);
  const saved = await updateIssue(deps.prisma, issueId, edit);
  if (saved.outcome === 'saved') return saved.issue;
  if (saved.outcome === 'frozen') throw frozen(issue);
  if (saved.outcome === 'number-taken') throw new ProblemError(400, 'Numéro refusé', `number : le n°${edit.number} existe déjà pour cette démarche.`);
  throw notFound('Numéro');
}

const workflowIdOf = (process: Process, issueId: string) => `${process.workflowId}/info-flash/issue-${issueId}`;

/**
 * Sends the issue now, or at `at`. Asked again (double click, retry), the same workflow answers: one
 * email per person per issue. `already`: it had been sent or asked for before.
 */
export async function sendIssue(deps: ApiDeps, process: Process, issueId: string, at: Date | null = null): Promise<{ already: boolean; issue: IssueRecord }> {
  const issue = await issueOf(deps, process, issueId);
  if (issue.status === 'SENT') return { already: true, issue };
  if (at && at.getTime() <= Date.now()) throw new ProblemError(400, 'Envoi refusé', 'scheduledFor : cette date est passée.');
  try {
    await deps.temporal.workflow.start(infoFlashWorkflowType, {
      workflowId: workflowIdOf(process, issueId),
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ processId: process.id, slot: `issue-${issueId}`, issueId } satisfies InfoFlashWorkflowInput],
      ...(at ? { startDelay: at.getTime() - Date.now() } : {}),
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { already: true, issue };
    throw error;
  }
  if (at) await scheduleIssue(deps.prisma, issueId, at);
  // The plan's newsletter step is done once its coordinator approved the issue (sent, or scheduled).
  if (issue.stepId) {
    const step = await deps.prisma.step.findUnique({ where: { id: issue.stepId } });
    if (step && step.status !== 'DONE' && step.status !== 'CANCELLED') {
      await completeStep(deps, process.id, step.key).catch((error) => {
        if (!(error instanceof ProblemError && error.status === 409)) throw error; // already finished
      });
    }
  }
  return { already: false, issue };
}

/** A scheduled issue back to a draft: its waiting workflow is cancelled (an issue already gone stays sent). */
export async function unscheduleIssue(deps: ApiDeps, process: Process, issueId: string): Promise<void> {
  const issue = await issueOf(deps, process, issueId);
  if (issue.status !== 'SCHEDULED') return;
  try {
    await deps.temporal.workflow.getHandle(workflowIdOf(process, issueId)).terminate('envoi déprogrammé par la coordination');
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  if (!(await scheduleIssue(deps.prisma, issueId, null))) throw frozen(issue);
}

/** A process's issues, the latest first. */
export const issuesOf = (deps: Pick<ApiDeps, 'prisma'>, process: Pick<Process, 'id'>) => issuesOfProcess(deps.prisma, process.id);
