// The newsletter's sending. An issue leaves once: frozen as it leaves (what the archive shows forever),
// then one message per partner and elected official who did not unsubscribe, each with their own page,
// calendar and one-click unsubscribe link (RFC 8058). When a phase begins, a draft is prepared and the
// coordinator is asked to read it: nothing goes to partners without them.
import { issueName } from '../domain/newsletter';
import { paths } from '../domain/urls';
import { preparePartnerLinks } from '../infra/auth/personal-links';
import { createDraftIssue, findIssue, freezeIssue, issueForRequest, type IssueRecord } from '../infra/db/newsletter-issues';
import { formatFrenchDate } from '../domain/time';
import { defaultNewsletterContacts, loadInfoFlashView, reviveInfoFlashView } from '../infra/db/info-flash-view';
import { messageContextOf } from '../infra/db/message-views';
import { mailbox, type DeliveryReport } from '../infra/mail';
import { renderInfoFlashEmail, type InfoFlashView } from '../templates/info-flash';
import { meetingEmail } from '../templates/messages/meeting-email';
import type { ActivityContext } from './deps';
import { heartbeat } from './sending';
import { personalMessages } from './personal-messages';
import { partnerPageUrl } from './recipient-links';

export function infoFlashActivities({ prisma, config, logger, outbox }: ActivityContext) {
  const base = config.PUBLIC_BASE_URL;

  async function processOf(processId: string) {
    return prisma.process.findUniqueOrThrow({ where: { id: processId }, include: { territory: true } });
  }

  /** The issue as it leaves: frozen the first time, read back from the freeze on a retry. */
  async function frozenView(processId: string, issueId: string): Promise<InfoFlashView> {
    const issue = await findIssue(prisma, issueId);
    if (!issue || issue.processId !== processId) throw new Error(`newsletter issue ${issueId} not found in process ${processId}`);
    if (issue.status === 'SENT' && issue.frozen) return reviveInfoFlashView(issue.frozen);
    const view = (await loadInfoFlashView(prisma, processId, { issue, issuedAt: new Date(), publicBaseUrl: base }))!;
    return reviveInfoFlashView((await freezeIssue(prisma, issueId, view)).frozen);
  }

  async function sendIssue(processId: string, slot: string, view: InfoFlashView): Promise<DeliveryReport> {
    const process = await processOf(processId);
    const { territory } = process;
    const context = messageContextOf(territory, process);
    const recipients = await prisma.contact.findMany({
      where: { territoryId: territory.id, roles: { hasSome: ['PARTENAIRE', 'ELU'] }, newsletterOptOutAt: null },
      orderBy: { email: 'asc' },
    });
    const links = await preparePartnerLinks(prisma, recipients.map((c) => c.id), config.LINK_SECRET);
    const messageFor = personalMessages((person, _link, token) => ({
      from: config.MAIL_FROM,
      replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
      to: mailbox(person.fullName, person.email),
      ...renderInfoFlashEmail(context, {
        ...view,
        links: token
          ? { pageUrl: partnerPageUrl(base, token), calendarFeedUrl: `${base}${paths.partnerFeed(token)}`, unsubscribeUrl: `${base}${paths.newsletterUnsubscribe(token)}` }
          : { pageUrl: null, calendarFeedUrl: null, unsubscribeUrl: null },
      }),
    }));
    return outbox.send(
      recipients.map((contact) =>
        messageFor(
          { fullName: contact.fullName, email: contact.email, contactId: contact.id },
          { key: { kind: 'INFO_FLASH', slot: `${process.id}/${slot}`, stepId: null, recipient: contact.email, sequence: 0 }, processId: process.id },
          links.get(contact.id) ?? null,
        ),
      ),
      heartbeat,
    );
  }

  /** Asks the coordinator to read a draft (once per `slot`). */
  async function askToRead(processId: string, slot: string, issue: IssueRecord, reason: string): Promise<DeliveryReport & { number: number }> {
    const process = await processOf(processId);
    const { territory } = process;
    const context = messageContextOf(territory, process);
    const view = { kind: 'NEWSLETTER_DRAFT' as const, issueName: issueName(issue), reason, editUrl: `${base}${paths.newsletterIssue(processId, issue.id)}` };
    const messageFor = personalMessages((person) => meetingEmail({ context, view, from: config.MAIL_FROM, to: mailbox(person.fullName, person.email) }));
    const coordinator = { fullName: territory.coordinatorName, email: territory.coordinatorEmail, contactId: null };
    const report = await outbox.send([messageFor(coordinator, { key: { kind: 'NEWSLETTER_DRAFT', slot: `${processId}/${slot}`, stepId: null, recipient: coordinator.email, sequence: 0 }, processId }, null)], heartbeat);
    return { ...report, number: issue.number };
  }

  /** A phase began: a draft for the coordinator to read, complete and send (the pending one if any). */
  async function draftForPhase(processId: string, slot: string): Promise<DeliveryReport & { number: number }> {
    const process = await processOf(processId);
    const pending = await prisma.newsletterIssue.findFirst({ where: { processId, status: { not: 'SENT' } }, orderBy: { number: 'desc' } });
    const issue = pending ? (await findIssue(prisma, pending.id))! : await createDraftIssue(prisma, processId, defaultNewsletterContacts(process.territory, process));
    return askToRead(processId, slot, issue, 'Une nouvelle phase de la démarche commence');
  }

  /** A newsletter step of the plan, a week before its date: its own draft (once), and the coordinator asked to read it. */
  async function draftPlannedIssue(input: { stepId: string }): Promise<DeliveryReport & { number: number }> {
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId }, include: { process: { include: { territory: true } }, newsletterIssue: true } });
    const issue = step.newsletterIssue ? (await findIssue(prisma, step.newsletterIssue.id))! : await createDraftIssue(prisma, step.processId, defaultNewsletterContacts(step.process.territory, step.process), step.id);
    const due = step.startsAt ? ` le ${formatFrenchDate(step.startsAt, step.process.territory.timezone)}` : '';
    return askToRead(step.processId, `etape-${step.id}`, issue, `« ${step.title} » est prévue${due}`);
  }

  /**
   * `issueId`: that issue, frozen and sent (again: nothing new). Without one: a phase's draft for the
   * coordinator, or (an API request) an issue of the standard words, numbered, frozen and archived like
   * the others, found again by its request's slot on a retry.
   */
  async function sendInfoFlash(input: { processId: string; slot: string; issueId?: string }): Promise<DeliveryReport & { number: number }> {
    if (!input.issueId && input.slot.startsWith('phase-')) return draftForPhase(input.processId, input.slot);
    const process = await processOf(input.processId);
    const issueId = input.issueId ?? (await issueForRequest(prisma, input.processId, `${input.processId}/${input.slot}`, defaultNewsletterContacts(process.territory, process))).id;
    const view = await frozenView(input.processId, issueId);
    // A request that began sending before issues existed keeps its messages' keys: nobody gets it twice.
    const begun = !input.issueId && (await prisma.message.findFirst({ where: { idempotencyKey: { startsWith: `INFO_FLASH/${input.processId}/${input.slot}:` } }, select: { id: true } }));
    const report = await sendIssue(input.processId, begun ? input.slot : `issue-${issueId}`, view);
    logger.info('info flash', { processId: input.processId, slot: input.slot, issueId, number: view.number, ...report });
    return { ...report, number: view.number };
  }

  return { sendInfoFlash, draftPlannedIssue };
}
