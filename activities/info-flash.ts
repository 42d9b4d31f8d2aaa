// The Info flash: a newsletter built from the process's state, sent to every partner and elected official
// at each phase milestone and on demand. One idempotent message per recipient and issue.
import { mailbox } from '../infra/mail';
import { Context } from '@temporalio/activity';
import { loadInfoFlashView } from '../infra/db/read-models';
import { renderInfoFlashEmail } from '../templates/info-flash';
import { deliverMessage, MessagesInFlightError, type DeliveryOutcome } from './deliver';
import type { ActivityDeps } from './deps';
import type { DeliveryReport } from './messages';

export function infoFlashActivities({ prisma, mailer, config, logger }: ActivityDeps) {
  /** `slot` names the issue (« phase-PLAN_ACTIONS », « demande-… »): sending it again sends nothing new. */
  async function sendInfoFlash(input: { processId: string; slot: string }): Promise<DeliveryReport & { number: number }> {
    const process = await prisma.process.findUniqueOrThrow({ where: { id: input.processId }, include: { territory: true } });
    // Issues are numbered in the order they were first sent.
    const issues = await prisma.message.findMany({
      where: { processId: process.id, kind: 'INFO_FLASH' },
      orderBy: { createdAt: 'asc' },
      select: { idempotencyKey: true },
    });
    const slots = [...new Set(issues.map((m) => m.idempotencyKey.split(':')[0]!))];
    const own = `INFO_FLASH/${process.id}/${input.slot}`;
    const number = slots.includes(own) ? slots.indexOf(own) + 1 : slots.length + 1;
    const view = (await loadInfoFlashView(prisma, process.id, { number, issuedAt: new Date(), publicBaseUrl: config.PUBLIC_BASE_URL }))!;
    const { territory } = process;
    const context = {
      territory: { name: territory.name, timezone: territory.timezone },
      coordinator: { name: territory.coordinatorName, email: territory.coordinatorEmail },
      cafAdviser: territory.cafAdviserEmail ? { name: territory.cafAdviserName ?? territory.cafAdviserEmail, email: territory.cafAdviserEmail } : null,
      cafName: territory.cafName,
      period: { start: process.periodStart, end: process.periodEnd },
    };
    const email = renderInfoFlashEmail(context, view);
    const recipients = await prisma.contact.findMany({
      where: { territoryId: territory.id, roles: { hasSome: ['PARTENAIRE', 'ELU'] } },
      orderBy: { email: 'asc' },
    });
    const report: DeliveryReport = { recipients: recipients.length, delivered: 0, failed: 0, alreadyDone: 0 };
    let inFlight = 0;
    for (const contact of recipients) {
      const outcome: DeliveryOutcome = await deliverMessage(
        { prisma, mailer, mailFrom: config.MAIL_FROM },
        {
          key: { kind: 'INFO_FLASH', slot: `${process.id}/${input.slot}`, stepId: null, recipient: contact.email, sequence: 0 },
          processId: process.id,
          contactId: contact.id,
          build: () => ({
            from: config.MAIL_FROM,
            replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
            to: mailbox(contact.fullName, contact.email),
            ...email,
          }),
        },
      );
      if (outcome === 'SENT' || outcome === 'CAPTURED') report.delivered += 1;
      else if (outcome === 'FAILED') report.failed += 1;
      else if (outcome === 'IN_FLIGHT') inFlight += 1;
      else report.alreadyDone += 1;
      Context.current().heartbeat(contact.email); // a long send stays one attempt, not two racing ones
    }
    if (inFlight > 0) throw new MessagesInFlightError(inFlight);
    logger.info('info flash', { processId: process.id, slot: input.slot, number, ...report });
    return { ...report, number };
  }

  return { sendInfoFlash };
}
