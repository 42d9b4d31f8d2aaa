// The outbox's rows (Message, MessageTemplate): a template saved once per content, claims and marks
// (./outbox-marks.ts) of concurrent sends gathered a batch per statement (group commit), nothing large
// returned, sent on the connection pool under Prisma (no query interpreter on the hot path; in a worker
// with an SMTP server the marks go from the courier thread, on its own pool). The sending side, what a
// claim or a mark means, is ../mail/outbox.ts.
import { createHash } from 'node:crypto';
import { TEMPLATE_VERSION, type EmailDraft } from '../mail/personalize';
import type { OutboxMessage, PersonalPart } from '../mail/outbox-message';
import { groupCommit } from './group-commit';
import { createMarks, type Mark } from './outbox-marks';
import { poolOf, type PrismaClient } from './prisma';

/** How long a sending attempt holds a message before another may take it over (longer than an SMTP timeout). */
export const CLAIM_LEASE_MS = 2 * 60_000;

export interface ClaimRequest {
  idempotencyKey: string;
  messageId: string;
  message: OutboxMessage;
  templateId: string;
  subject: string;
}

/** A claimed row: what is needed to build it (its own template and fields: a retry keeps the first attempt's). */
export interface ClaimedRow {
  id: string;
  templateId: string | null;
  personal: PersonalPart | null;
  raw: string | null;
  createdAt: Date;
}

export type ClaimResult =
  | { claimed: ClaimedRow }
  | { outcome: 'ALREADY_SENT' | 'ALREADY_FAILED' }
  /** Claimed by another attempt: until `leaseEndsAt` nobody else may take it. */
  | { outcome: 'IN_FLIGHT'; leaseEndsAt: Date | null };

export type { Mark };

export type OutboxRows = ReturnType<typeof createOutboxRows>;

/** One per process: its group commits gather the claims and marks of every concurrent send. */
export function createOutboxRows(prisma: PrismaClient) {
  // Claims and marks straight on the pool under Prisma (see poolOf): the rest goes through Prisma.
  const pool = poolOf(prisma);
  const templateCache = new Map<string, EmailDraft>();

  const saveTemplate = groupCommit<{ hash: string; content: EmailDraft }, string>(async (items) => {
    const unique = [...new Map(items.map((item) => [item.hash, item])).values()];
    const rows = await prisma.$queryRaw<{ id: string; hash: string }[]>`
      INSERT INTO "MessageTemplate" ("id", "hash", "version", "content", "createdAt")
      SELECT gen_random_uuid(), t.hash, ${TEMPLATE_VERSION}, t.content::jsonb, now()
      FROM unnest(${unique.map((u) => u.hash)}::text[], ${unique.map((u) => JSON.stringify(u.content))}::text[]) AS t(hash, content)
      ON CONFLICT ("hash") DO UPDATE SET "hash" = EXCLUDED."hash"
      RETURNING "id"::text AS id, "hash"`;
    const ids = new Map(rows.map((row) => [row.hash, row.id]));
    return items.map((item) => ids.get(item.hash)!);
  });

  async function templateIdOf(template: EmailDraft): Promise<string> {
    const content = JSON.stringify(template);
    const hash = createHash('sha256').update(`${TEMPLATE_VERSION}\n${content}`).digest('hex');
    const id = await saveTemplate({ hash, content: template });
    templateCache.set(id, template);
    if (templateCache.size > 500) templateCache.delete(templateCache.keys().next().value!);
    return id;
  }

  async function claimStatement(requests: ClaimRequest[]): Promise<ClaimResult[]> {
    const now = new Date();
    const leaseExpired = new Date(now.getTime() - CLAIM_LEASE_MS);
    const column = <T>(pick: (r: ClaimRequest) => T) => requests.map(pick);
    const { rows } = await pool.query<ClaimedRow & { idempotencyKey: string }>(
      `INSERT INTO "Message" ("id", "idempotencyKey", "messageId", "processId", "stepId", "contactId", "recipient", "kind", "sequence", "subject", "templateId", "personal", "claimedAt", "createdAt")
       SELECT gen_random_uuid(), t.key, t.mid, t.pid::uuid, t.sid::uuid, t.cid::uuid, t.rcpt, t.kind, t.seq, t.subject, t.tid::uuid, t.personal::jsonb, $12, $12
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[])
         AS t(key, mid, pid, sid, cid, rcpt, kind, seq, subject, tid, personal)
       ON CONFLICT ("idempotencyKey") DO UPDATE SET "claimedAt" = $12
       WHERE "Message"."status" = 'PENDING' AND ("Message"."claimedAt" IS NULL OR "Message"."claimedAt" < $13)
       RETURNING "id"::text AS id, "idempotencyKey", "templateId"::text AS "templateId", "personal", "raw", "createdAt"`,
      [
        column((r) => r.idempotencyKey),
        column((r) => r.messageId),
        column((r) => r.message.processId),
        column((r) => r.message.key.stepId),
        column((r) => r.message.contactId),
        column((r) => r.message.key.recipient.toLowerCase()),
        column((r) => r.message.key.kind),
        column((r) => r.message.key.sequence),
        column((r) => r.subject),
        column((r) => r.templateId),
        column((r) => JSON.stringify(r.message.personal)),
        now,
        leaseExpired,
      ],
    );
    const claimed = new Map(rows.map((row) => [row.idempotencyKey, row]));
    const missing = requests.filter((r) => !claimed.has(r.idempotencyKey)).map((r) => r.idempotencyKey);
    const statuses = missing.length
      ? new Map(
          (await prisma.message.findMany({ where: { idempotencyKey: { in: missing } }, select: { idempotencyKey: true, status: true, claimedAt: true } })).map((m) => [m.idempotencyKey, m]),
        )
      : new Map<string, { status: string; claimedAt: Date | null }>();
    return requests.map((r): ClaimResult => {
      const row = claimed.get(r.idempotencyKey);
      if (row) return { claimed: row };
      const other = statuses.get(r.idempotencyKey);
      if (other?.status === 'SENT' || other?.status === 'CAPTURED') return { outcome: 'ALREADY_SENT' };
      if (other?.status === 'FAILED') return { outcome: 'ALREADY_FAILED' };
      return { outcome: 'IN_FLIGHT', leaseEndsAt: other?.claimedAt ? new Date(other.claimedAt.getTime() + CLAIM_LEASE_MS) : null };
    });
  }

  const claim = groupCommit<ClaimRequest, ClaimResult>(async (requests) => {
    // One statement may not touch a row twice: a key asked twice (two attempts at once) waits for the next.
    const first = new Map<string, number>();
    const again: number[] = [];
    requests.forEach((r, i) => (first.has(r.idempotencyKey) ? again.push(i) : first.set(r.idempotencyKey, i)));
    const results = new Array<ClaimResult>(requests.length);
    const firstIndexes = [...first.values()];
    (await claimStatement(firstIndexes.map((i) => requests[i]!))).forEach((result, j) => (results[firstIndexes[j]!] = result));
    for (const i of again) results[i] = (await claimStatement([requests[i]!]))[0]!;
    return results;
    // One statement at a time: the claims arriving meanwhile go together in the next (6 a statement at
    // 100 × 150 where two at once carried 3): each statement costs the worker and PostgreSQL more than its rows.
  }, { parallel: 1 });

  const mark = createMarks(pool);

  async function templateById(id: string): Promise<EmailDraft> {
    const cached = templateCache.get(id);
    if (cached) return cached;
    const row = await prisma.messageTemplate.findUniqueOrThrow({ where: { id }, select: { content: true } });
    const template = row.content as unknown as EmailDraft;
    templateCache.set(id, template);
    return template;
  }

  return { templateIdOf, templateById, claim, mark };
}
