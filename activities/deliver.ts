// Idempotent delivery: claim a row by business key, send, mark. A retry or a replay that reaches the
// same key finds the row and sends nothing again; a crash between claim and send leaves a PENDING row
// that the next attempt completes with the same bytes and the same Message-ID.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../infra/db/prisma';
import { messagesTotal } from '../infra/metrics';
import { addressOf, PermanentDeliveryError, type Mailer, type OutgoingMail } from '../infra/mail';

export interface MessageKey {
  kind: string;
  /** Tells apart several messages of one kind for one step and sequence (reminder at 7 or 1 day, nth nudge). */
  slot?: string;
  stepId: string | null;
  recipient: string;
  sequence: number;
}

export function idempotencyKeyOf(key: MessageKey): string {
  const kind = key.slot ? `${key.kind}/${key.slot}` : key.kind;
  return [kind, key.stepId ?? '-', key.recipient.toLowerCase(), key.sequence].join(':');
}

/** Deterministic RFC 5322 Message-ID: the same message always carries the same id, so duplicates are recognisable. */
export function messageIdOf(idempotencyKey: string, mailFrom: string): string {
  const domain = addressOf(mailFrom).split('@')[1] ?? 'localhost';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<ctg.${digest}@${domain}>`;
}

export type DeliveryOutcome = 'SENT' | 'CAPTURED' | 'FAILED' | 'ALREADY_SENT' | 'ALREADY_FAILED' | 'IN_FLIGHT';

/** How long a sending attempt holds a message before another may take it over (longer than an SMTP timeout). */
const CLAIM_LEASE_MS = 2 * 60_000;

export interface DeliveryRequest {
  key: MessageKey;
  processId: string | null;
  contactId: string | null;
  /** Built lazily: only when no row exists yet for this key. */
  build: (messageId: string) => Omit<OutgoingMail, 'messageId'> | Promise<Omit<OutgoingMail, 'messageId'>>;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002';

/**
 * An activity met messages claimed by another attempt (`IN_FLIGHT`): perhaps one still sending, perhaps
 * one that died with its worker between the claim and the mark. They are not done: the activity fails
 * with this (retryable) error after sending everything else, and its retries find them sent, or take
 * them over once the claim's lease has expired. Completing instead would lose them for good.
 */
export class MessagesInFlightError extends Error {
  constructor(readonly count: number) {
    super(`${count} message(s) claimed by another attempt and not yet marked sent: retrying until they are, or their claim expires`);
    this.name = 'MessagesInFlightError';
  }
}

/** Delivers once (see `deliverOnce`), counted by kind and outcome for the metrics (`RETRY`: a temporary failure, retried). */
export async function deliverMessage(deps: { prisma: PrismaClient; mailer: Mailer; mailFrom: string }, request: DeliveryRequest): Promise<DeliveryOutcome> {
  try {
    const outcome = await deliverOnce(deps, request);
    messagesTotal.inc({ kind: request.key.kind, outcome });
    return outcome;
  } catch (error) {
    messagesTotal.inc({ kind: request.key.kind, outcome: 'RETRY' });
    throw error;
  }
}

async function deliverOnce(deps: { prisma: PrismaClient; mailer: Mailer; mailFrom: string }, request: DeliveryRequest): Promise<DeliveryOutcome> {
  const { prisma, mailer } = deps;
  const idempotencyKey = idempotencyKeyOf(request.key);

  let row = await prisma.message.findUnique({ where: { idempotencyKey } });
  if (!row) {
    const messageId = messageIdOf(idempotencyKey, deps.mailFrom);
    const mail = { ...(await request.build(messageId)), messageId };
    const raw = await mailer.compose(mail);
    try {
      row = await prisma.message.create({
        data: {
          idempotencyKey,
          messageId,
          processId: request.processId,
          stepId: request.key.stepId,
          contactId: request.contactId,
          recipient: request.key.recipient.toLowerCase(),
          kind: request.key.kind,
          sequence: request.key.sequence,
          subject: mail.subject,
          raw: raw.toString('utf8'),
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      row = await prisma.message.findUniqueOrThrow({ where: { idempotencyKey } });
    }
  }
  if (row.status === 'SENT' || row.status === 'CAPTURED') return 'ALREADY_SENT';
  if (row.status === 'FAILED') return 'ALREADY_FAILED';

  // Claim it: only one attempt sends (an attempt timed out by Temporal may still be running). A claim
  // left by a crashed attempt expires after the lease.
  const now = new Date();
  const claimed = await prisma.message.updateMany({
    where: { id: row.id, status: 'PENDING', OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } }] },
    data: { claimedAt: now },
  });
  if (claimed.count === 0) return 'IN_FLIGHT';

  const envelope = { from: addressOf(deps.mailFrom), to: row.recipient };
  try {
    const result = await mailer.deliver(Buffer.from(row.raw, 'utf8'), envelope);
    const status = mailer.mode === 'capture' ? 'CAPTURED' : 'SENT';
    await prisma.message.update({
      where: { id: row.id },
      data: { status, smtpResponse: result.response, sentAt: new Date(), attempts: { increment: 1 }, error: null },
    });
    return status;
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError;
    await prisma.message.update({
      where: { id: row.id },
      data: {
        status: permanent ? 'FAILED' : 'PENDING',
        claimedAt: null, // released: the retry claims it again
        error: (error as Error).message.slice(0, 1000),
        attempts: { increment: 1 },
      },
    });
    if (permanent) return 'FAILED';
    throw error; // temporary: Temporal retries the activity with backoff
  }
}
