// The retention policy, applied once a day by the `ctg-retention` Schedule: message bodies emptied after
// RETENTION_MESSAGE_DAYS (template and personal fields; the log keeps who, what kind, when, the outcome), tokens dropped a month after
// they expired or were revoked, members of the public who registered to a meeting erased
// RETENTION_PUBLIC_MONTHS after it, public requests never confirmed erased after two days. Idempotent: a retry or a second run removes nothing more.
import { Prisma } from '../infra/db/prisma';
import type { ActivityDeps } from './deps';

const DAY_MS = 86_400_000;
/** Kept a while after their end: « this link has expired » beats « unknown link » for a month. */
const TOKEN_GRACE_DAYS = 30;

export interface RetentionPolicy {
  messageDays: number;
  publicRegistrantMonths: number;
}

export interface RetentionReport {
  messageBodies: number;
  tokens: number;
  publicRegistrants: number;
  unconfirmed: number;
}

export function retentionActivities({ prisma, logger }: ActivityDeps) {
  async function purgeExpiredData(input: RetentionPolicy & { now?: string }): Promise<RetentionReport> {
    const now = input.now ? new Date(input.now) : new Date();
    const messagesBefore = new Date(now.getTime() - input.messageDays * DAY_MS);
    const tokensBefore = new Date(now.getTime() - TOKEN_GRACE_DAYS * DAY_MS);
    const meetingsBefore = new Date(now);
    meetingsBefore.setUTCMonth(meetingsBefore.getUTCMonth() - input.publicRegistrantMonths);

    // Only finished messages: a PENDING one may still be sent with these very bytes. What is left is the
    // log line (kind, recipient, subject, outcome); templates no message refers to any more go too.
    const messageBodies = await prisma.message.updateMany({
      where: { createdAt: { lt: messagesBefore }, status: { not: 'PENDING' }, OR: [{ raw: { not: null } }, { templateId: { not: null } }] },
      data: { raw: null, templateId: null, personal: Prisma.DbNull },
    });
    // Templates no message uses any more (emptied above, or erased with a person): gone the next day.
    await prisma.messageTemplate.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - DAY_MS) }, messages: { none: {} } } });
    const tokens = await prisma.accessToken.deleteMany({
      where: { OR: [{ expiresAt: { lt: tokensBefore } }, { revokedAt: { lt: tokensBefore } }] },
    });
    const purged = { contactId: null, step: { OR: [{ endsAt: { lt: meetingsBefore } }, { endsAt: null, startsAt: { lt: meetingsBefore } }] } };
    // Their messages go with them: the log must not keep the address of someone it no longer knows.
    const gone = await prisma.registration.findMany({ where: purged, select: { stepId: true, email: true } });
    for (let i = 0; i < gone.length; i += 500) {
      await prisma.message.deleteMany({ where: { OR: gone.slice(i, i + 500).map((r) => ({ stepId: r.stepId, recipient: r.email })) } });
    }
    const publicRegistrants = await prisma.registration.deleteMany({ where: purged });
    // Asked for on the public form and never confirmed from the email: nothing to keep after two days.
    const unconfirmed = await prisma.registration.deleteMany({ where: { status: 'UNCONFIRMED', updatedAt: { lt: new Date(now.getTime() - 2 * DAY_MS) } } });
    const report = { messageBodies: messageBodies.count, tokens: tokens.count, publicRegistrants: publicRegistrants.count, unconfirmed: unconfirmed.count };
    logger.info('retention applied', { ...report, messagesBefore: messagesBefore.toISOString(), meetingsBefore: meetingsBefore.toISOString() });
    return report;
  }

  return { purgeExpiredData };
}
