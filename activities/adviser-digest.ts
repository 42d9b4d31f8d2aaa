// The Caf advisers' digest: for each adviser who takes it (or the one who asked), their Caf's week as
// the projection records it, one message each through the outbox (business key: the week).
import { paths } from '../domain/urls';
import { isEmptyDigest, loadAdviserDigest } from '../infra/db/adviser-digest';
import { mailbox, type DeliveryReport } from '../infra/mail';
import { meetingEmail } from '../templates/messages/meeting-email';
import type { MessageContext } from '../templates/messages/types';
import type { ActivityContext } from './deps';
import { heartbeat } from './sending';
import { personalMessages } from './personal-messages';

/** The service's own address (MAIL_FROM), as the digest's contact. */
const serviceContact = (mailFrom: string) => ({ name: 'Le service CTG', email: /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom });

export function adviserDigestActivities({ prisma, config, logger, outbox }: ActivityContext) {
  async function sendAdviserDigests(input: { slot: string; userId?: string }): Promise<DeliveryReport> {
    const advisers = await prisma.user.findMany({
      where: { role: 'CAF_ADVISER', disabledAt: null, cafName: { not: null }, ...(input.userId ? { id: input.userId } : { notices: { in: ['DIGEST', 'BOTH'] } }) },
      orderBy: { email: 'asc' },
    });
    const year = new Date().getUTCFullYear();
    const messages = [];
    for (const adviser of advisers) {
      const data = await loadAdviserDigest(prisma, { cafName: { equals: adviser.cafName!, mode: 'insensitive' } });
      // A quiet week is not worth an email, unless the adviser asked for it.
      if (isEmptyDigest(data) && !input.userId) continue;
      const context: MessageContext = { territory: { name: adviser.cafName!, timezone: 'Europe/Paris' }, coordinator: serviceContact(config.MAIL_FROM), cafAdviser: null, cafName: adviser.cafName!, period: { start: year, end: year } };
      const view = { kind: 'ADVISER_DIGEST' as const, cafName: adviser.cafName!, data, portfolioUrl: `${config.PUBLIC_BASE_URL}/portefeuille`, accountUrl: `${config.PUBLIC_BASE_URL}${paths.account}` };
      const messageFor = personalMessages((person) => meetingEmail({ context, view, from: config.MAIL_FROM, to: mailbox(person.fullName, person.email) }));
      messages.push(messageFor({ fullName: adviser.fullName, email: adviser.email, contactId: null }, { key: { kind: 'ADVISER_DIGEST', slot: input.slot, stepId: null, recipient: adviser.email, sequence: 0 }, processId: null }, null));
    }
    const report = await outbox.send(messages, heartbeat);
    logger.info('adviser digests', { slot: input.slot, advisers: advisers.length, ...report });
    return report;
  }
  return { sendAdviserDigests };
}
