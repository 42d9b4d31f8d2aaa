// The newsletter as anyone reads it, without signing in: a process's Info flash as it stands, a sent
// issue frozen as it left, a territory's archive, and a coordinator's preview (email or page).
import { paths } from '../../domain/urls';
import { sentIssuesOfTerritory, type IssueRecord } from '../../infra/db/newsletter-issues';
import { messageContextOf } from '../../infra/db/message-views';
import type { Process, Territory } from '../../infra/db/prisma';
import { loadInfoFlashView, reviveInfoFlashView } from '../../infra/db/info-flash-view';
import { renderInfoFlashEmail, renderInfoFlashPage } from '../../templates/info-flash';
import { archivePage } from '../../templates/pages/newsletter';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';
import { sharedCalendarUrl } from './territory-calendar';

/** The Info flash of a process, as a page (the same content as the newsletter sent by email). */
export async function processInfoFlashHtml(deps: ApiDeps, processId: string): Promise<string> {
  const { prisma } = deps;
  const sent = await prisma.message.findMany({ where: { processId, kind: 'INFO_FLASH' }, distinct: ['idempotencyKey'], select: { idempotencyKey: true } });
  const issues = new Set(sent.map((m) => m.idempotencyKey.split(':')[0])).size;
  const view = await loadInfoFlashView(prisma, processId, { issue: null, number: Math.max(1, issues), issuedAt: new Date(), publicBaseUrl: deps.config.PUBLIC_BASE_URL });
  if (!view) throw notFound('Processus');
  const { territory } = await prisma.process.findUniqueOrThrow({ where: { id: processId }, select: { territory: { select: { id: true, publishContactDetails: true } } } });
  return renderInfoFlashPage({ ...view, calendarFeedUrl: await sharedCalendarUrl(deps, territory.id) }, { contactDetails: territory.publishContactDetails });
}

/** A sent issue, with the territory's calendar as it is shared today (its link may have been renewed). */
export async function sentIssueHtml(deps: ApiDeps, issueId: string): Promise<string> {
  const issue = await deps.prisma.newsletterIssue.findFirst({ where: { id: issueId, status: 'SENT' }, include: { process: { select: { territoryId: true } } } });
  if (!issue?.frozen) throw notFound('Numéro');
  const view = { ...reviveInfoFlashView(issue.frozen), calendarFeedUrl: await sharedCalendarUrl(deps, issue.process.territoryId) };
  return renderInfoFlashPage(view, { contactDetails: issue.publishContactDetails });
}

/** The public archive: sent issues only, frozen as they left. */
export async function archiveHtml(deps: ApiDeps, territoryId: string): Promise<string> {
  const territory = await deps.prisma.territory.findUnique({ where: { id: territoryId } });
  if (!territory) throw notFound('Territoire');
  return archivePage({ territoryName: territory.name, timeZone: territory.timezone, issues: await sentIssuesOfTerritory(deps.prisma, territoryId) });
}

/** What partners will read: the email (a sample link in place of each one's own) or the public page. */
export async function issuePreviewHtml(deps: ApiDeps, process: Process & { territory: Territory }, issue: IssueRecord, as: 'email' | 'page'): Promise<string> {
  const { config } = deps;
  const view = issue.status === 'SENT' && issue.frozen ? reviveInfoFlashView(issue.frozen) : (await loadInfoFlashView(deps.prisma, process.id, { issue, issuedAt: new Date(), publicBaseUrl: config.PUBLIC_BASE_URL }))!;
  if (as === 'page') return renderInfoFlashPage(view, { contactDetails: issue.publishContactDetails });
  const sample = 'lien-personnel-du-partenaire';
  const links = {
    pageUrl: `${config.PUBLIC_BASE_URL}${paths.partnerPage(sample)}`,
    calendarFeedUrl: `${config.PUBLIC_BASE_URL}${paths.partnerFeed(sample)}`,
    unsubscribeUrl: `${config.PUBLIC_BASE_URL}${paths.newsletterUnsubscribe(sample)}`,
  };
  return renderInfoFlashEmail(messageContextOf(process.territory, process), { ...view, links }).html;
}
