// The Info flash: a newsletter built from the process's state, sent to every partner and elected official
// at each phase milestone and on demand. One idempotent message per recipient and issue.
import { mailbox, type DeliveryReport } from '../infra/mail';
import { loadInfoFlashView } from '../infra/db/read-models';
import { renderInfoFlashEmail } from '../templates/info-flash';
import type { ActivityContext } from './deps';
import { heartbeat } from './messages';
import { personalMessages } from './personal-messages';

export function infoFlashActivities({ prisma, config, logger, outbox }: ActivityContext) {
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
    const messageFor = personalMessages((person) => ({
      from: config.MAIL_FROM,
      replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
      to: mailbox(person.fullName, person.email),
      ...email,
    }));
    const report: DeliveryReport = await outbox.send(
      recipients.map((contact) =>
        messageFor({ fullName: contact.fullName, email: contact.email, contactId: contact.id }, { key: { kind: 'INFO_FLASH', slot: `${process.id}/${input.slot}`, stepId: null, recipient: contact.email, sequence: 0 }, processId: process.id }, null),
      ),
      heartbeat,
    );
    logger.info('info flash', { processId: process.id, slot: input.slot, number, ...report });
    return { ...report, number };
  }

  return { sendInfoFlash };
}
