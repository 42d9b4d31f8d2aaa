// What a message in the outbox is: its business key (one row, one Message-ID, whatever retries), the
// shared rendering and the recipient's own part.
import { createHash } from 'node:crypto';
import type { LinkRef } from '../auth/personal-links';
import type { EmailDraft } from './personalize';
import { addressOf } from './transport';

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

/** The recipient's part of a message, stored with it: their name, address, and which personal link. */
export interface PersonalPart {
  name: string;
  email: string;
  link: LinkRef | null;
}

export interface OutboxMessage {
  key: MessageKey;
  processId: string | null;
  contactId: string | null;
  /** The rendering, personal fields as placeholders (shared by every recipient of one send). */
  template: EmailDraft;
  personal: PersonalPart;
}
