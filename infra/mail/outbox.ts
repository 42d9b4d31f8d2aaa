// The outbox every email goes through (workflow activities and the API's sign-in mail alike). A message is
// a row per business key (kind + slot, step, recipient, sequence): claimed before it is sent, with a lease
// so two attempts never both send it, marked once the SMTP server accepted it (by the courier, ./courier.ts;
// in a worker, on a thread of its own: ./courier-thread.ts). A retry, a replay or a
// second worker reaching the same key finds the row and sends nothing again; a claim left by a dead
// attempt expires and the next attempt sends the same bytes under the same Message-ID.
//
// Cheap on the hot path: a row stores the shared template id and the recipient's fields (no MIME, no
// link in clear); claims, marks and templates of concurrent sends are written a batch per statement
// (group commit, ../db/outbox-rows.ts), returning nothing large; the MIME is built synchronously (./mime.ts).
import type { PrismaClient } from '../db/prisma';
import { ApplicationFailure } from '@temporalio/common';
import { CLAIM_LEASE_MS, createOutboxRows, type ClaimedRow } from '../db/outbox-rows';
import { idempotencyKeyOf, messageIdOf, type OutboxMessage, type PersonalPart } from './outbox-message';
import { messagesTotal } from '../metrics';
import { tokenOfLink } from '../auth/personal-links';
import { composeMail } from './mime';
import { fillTemplate, fillText, type EmailDraft } from './personalize';
import { courierOf, type Courier } from './courier';
import { addressOf, type Mailer } from './transport';

export { CLAIM_LEASE_MS };

export type DeliveryOutcome = 'SENT' | 'CAPTURED' | 'FAILED' | 'ALREADY_SENT' | 'ALREADY_FAILED' | 'IN_FLIGHT';

export interface DeliveryReport {
  recipients: number;
  delivered: number;
  failed: number;
  alreadyDone: number;
}

/**
 * An activity met messages claimed by another attempt (`IN_FLIGHT`): perhaps one still sending, perhaps
 * one that died with its worker between the claim and the mark. They are not done: the activity fails
 * with this (retryable) error after sending everything else, and its retries find them sent, or take
 * them over once the claim's lease has expired. Completing instead would lose them for good.
 *
 * Given the instant the last of those claims expires, the next attempt comes just after it, or within
 * 15 s when that is further (Temporal's nextRetryDelay), rather than at the backoff's next step: after a
 * killed worker the doubling (2, 4, 8, 16, 32, 64 s…) put the retry up to a minute past the lease, while
 * an attempt still alive marks its messages within seconds.
 */
export class MessagesInFlightError extends ApplicationFailure {
  constructor(
    readonly count: number,
    leasesEndAt: Date | null = null,
    now = Date.now(),
  ) {
    const retryInMs = leasesEndAt ? Math.min(IN_FLIGHT_RETRY_MAX_MS, Math.max(0, leasesEndAt.getTime() - now) + LEASE_MARGIN_MS) : undefined;
    super(
      `${count} message(s) claimed by another attempt and not yet marked sent: retrying until they are, or their claim expires`,
      'MessagesInFlightError',
      false,
      undefined,
      undefined,
      retryInMs,
    );
  }
}

/** After a lease's end, before trying again: the workers that wrote and read a claim may differ a little in time. */
const LEASE_MARGIN_MS = 1_000;
/** The longest wait for another attempt's claims before looking again. */
const IN_FLIGHT_RETRY_MAX_MS = 15_000;

/** Runs `work`, calling `tick` every `everyMs` meanwhile (an activity's heartbeat, however slow the work). */
async function ticking<T>(tick: (() => void) | undefined, everyMs: number, work: () => Promise<T>): Promise<T> {
  const ticker = tick ? setInterval(tick, everyMs) : null;
  try {
    return await work();
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** Messages one send works on at once. */
const SEND_CONCURRENCY = 32;
/** A send reports its progress at least this often (an activity's heartbeat), however slowly it goes. */
const PROGRESS_EVERY_MS = 5_000;
/**
 * Messages claimed and not yet marked, in this whole process, per lane: enough to keep the SMTP pool and
 * the group commits busy, few enough that a worker killed leaves few claims to wait out their lease.
 * Timely sends have their own: a burst of invitations never holds them.
 */
const IN_FLIGHT = { bulk: 160, timely: 32 } as const;
export type OutboxLane = keyof typeof IN_FLIGHT;

/** At most `size` at once; the others wait their turn, in order. */
function semaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

export interface OutboxDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  /** Sends and marks (a worker's courier thread, ./threaded-courier.ts); otherwise `mailer` and marks in this thread. */
  courier?: Courier;
  mailFrom: string;
  linkSecret: string;
  /** How often a send reports its progress when no message ends meanwhile (default 5 s; tests shorten it). */
  progressEveryMs?: number;
}

export type Outbox = ReturnType<typeof createOutbox>;

/** One per process: its lanes and group commits gather every concurrent send's. */
export function createOutbox(deps: OutboxDeps) {
  const { prisma, mailer, mailFrom, linkSecret, progressEveryMs = PROGRESS_EVERY_MS } = deps;
  const { templateIdOf, templateById, claim, mark } = createOutboxRows(prisma);
  const courier = deps.courier ?? courierOf(mailer, mark);
  const lanes = { bulk: semaphore(IN_FLIGHT.bulk), timely: semaphore(IN_FLIGHT.timely) };

  /** The exact bytes of a message: its stored source (rows older than templates), else built from template and fields. */
  async function sourceOf(row: { raw: string | null; templateId: string | null; personal: unknown; messageId: string; createdAt: Date }): Promise<Buffer | null> {
    if (row.raw !== null) return Buffer.from(row.raw, 'utf8');
    if (!row.templateId || !row.personal) return null; // erased by the retention schedule
    const personal = row.personal as PersonalPart;
    const draft = fillTemplate(await templateById(row.templateId), {
      name: personal.name,
      email: personal.email,
      token: personal.link ? tokenOfLink(personal.link, linkSecret) : null,
    });
    return composeMail({ ...draft, messageId: row.messageId }, row.createdAt);
  }

  async function deliverClaimed(row: ClaimedRow, messageId: string, recipient: string): Promise<DeliveryOutcome> {
    const raw = await sourceOf({ ...row, messageId });
    if (!raw) throw new Error(`message ${row.id} has nothing to build it from`);
    return courier.carry({ id: row.id, raw, envelope: { from: addressOf(mailFrom), to: recipient }, messageId });
  }

  /** `inFlight` hears when another attempt's claim ends (the message is `IN_FLIGHT`). */
  async function sendOne(message: OutboxMessage, templateId: string, lane: OutboxLane, inFlight?: (leaseEndsAt: Date | null) => void): Promise<DeliveryOutcome> {
    const idempotencyKey = idempotencyKeyOf(message.key);
    const messageId = messageIdOf(idempotencyKey, mailFrom);
    const subject = fillText(message.template.subject, { ...message.personal, token: null });
    return lanes[lane](async () => {
      const result = await claim({ idempotencyKey, messageId, message, templateId, subject });
      if ('outcome' in result) {
        if (result.outcome === 'IN_FLIGHT') inFlight?.(result.leaseEndsAt);
        return result.outcome;
      }
      return deliverClaimed(result.claimed, messageId, message.key.recipient.toLowerCase());
    });
  }

  /**
   * Sends each message once, `SEND_CONCURRENCY` at a time, calling `progress` as they go and on a clock
   * (an activity's heartbeat). A temporary failure stops it (those under way finish) and is thrown, for
   * Temporal to retry; messages in another attempt's hands make it throw `MessagesInFlightError` at the
   * end, which asks for the next attempt just after the last of their claims expires.
   */
  async function send(messages: OutboxMessage[], progress?: (done: number) => void, lane: OutboxLane = 'bulk'): Promise<DeliveryReport> {
    const report: DeliveryReport = { recipients: messages.length, delivered: 0, failed: 0, alreadyDone: 0 };
    const templateIds = new Map<EmailDraft, Promise<string>>();
    const idOf = (template: EmailDraft) => {
      if (!templateIds.has(template)) templateIds.set(template, templateIdOf(template));
      return templateIds.get(template)!;
    };
    let inFlight = 0;
    let leasesEndAt: Date | null = null;
    const noteLease = (end: Date | null) => {
      if (end && (!leasesEndAt || end > leasesEndAt)) leasesEndAt = end;
    };
    let next = 0;
    let done = 0;
    let temporary: unknown = null;
    const worker = async () => {
      while (next < messages.length && !temporary) {
        const message = messages[next++]!;
        try {
          const outcome = await sendOne(message, await idOf(message.template), lane, noteLease);
          messagesTotal.inc({ kind: message.key.kind, outcome });
          if (outcome === 'SENT' || outcome === 'CAPTURED') report.delivered += 1;
          else if (outcome === 'FAILED') report.failed += 1;
          else if (outcome === 'IN_FLIGHT') inFlight += 1;
          else report.alreadyDone += 1;
        } catch (error) {
          messagesTotal.inc({ kind: message.key.kind, outcome: 'RETRY' });
          temporary ??= error;
        }
        done += 1;
        if (done % 25 === 0) progress?.(done);
      }
    };
    // Also on a clock: a send waiting its turn behind a burst is alive, and a task lost on its way to a
    // worker is noticed after the heartbeat timeout (../../workflows/activity-options.ts), not later.
    await ticking(progress && (() => progress(done)), progressEveryMs, () => Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, messages.length) }, worker)));
    if (temporary) throw temporary;
    if (inFlight > 0) throw new MessagesInFlightError(inFlight, leasesEndAt);
    return report;
  }

  /**
   * One message (a notice, a sign-in link): its outcome, `IN_FLIGHT` included, for the caller to act on;
   * `progress` is called on a clock meanwhile, as by `send`.
   */
  async function deliver(message: OutboxMessage, lane: OutboxLane = 'timely', progress?: (done: number) => void): Promise<DeliveryOutcome> {
    try {
      const outcome = await ticking(progress && (() => progress(0)), progressEveryMs, async () => sendOne(message, await templateIdOf(message.template), lane));
      messagesTotal.inc({ kind: message.key.kind, outcome });
      return outcome;
    } catch (error) {
      messagesTotal.inc({ kind: message.key.kind, outcome: 'RETRY' });
      throw error;
    }
  }

  return { send, deliver, sourceOf };
}
