// The outbox through a real SMTP server and PostgreSQL: a retried send delivers nothing twice; a batch
// where some keys are already sent, some claimed by a live attempt and some by a dead one sends only what
// it should; a message whose worker died after the SMTP server accepted it is built again to the same
// bytes (personal link included, never stored); a permanent refusal is recorded, a temporary one retried.
import { randomBytes } from 'node:crypto';
import { preparePartnerLinks, tokenOfLink } from '../../infra/auth/personal-links';
import {
  CLAIM_LEASE_MS,
  createMailer,
  createOutbox,
  EMAIL_PLACEHOLDER,
  idempotencyKeyOf,
  MessagesInFlightError,
  NAME_PLACEHOLDER,
  TOKEN_PLACEHOLDER,
  type Mailer,
  type OutboxMessage,
} from '../../infra/mail';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpSink, type SmtpSink } from '../../scripts/lib/smtp-sink';

const mailFrom = 'Coordination CTG <ctg@ctg.example.org>';
const linkSecret = randomBytes(32).toString('base64url');

/** A shared template: the person's name and address as placeholders, as every invitation is stored. */
const template = (subject: string) => ({
  from: mailFrom,
  to: { name: NAME_PLACEHOLDER, address: EMAIL_PLACEHOLDER },
  subject,
  text: `Bonjour ${NAME_PLACEHOLDER},\nVotre page : https://ctg.example.org/p/${TOKEN_PLACEHOLDER}`,
  html: `<p>Bonjour ${NAME_PLACEHOLDER},</p><p><a href="https://ctg.example.org/p/${TOKEN_PLACEHOLDER}">Votre page</a></p>`,
});

function message(recipient: string, sequence = 0, shared = template(`Invitation ${sequence}`)): OutboxMessage {
  return {
    key: { kind: 'INVITATION', stepId: null, recipient, sequence },
    processId: null,
    contactId: null,
    template: shared,
    personal: { name: `Nom de ${recipient}`, email: recipient, link: null },
  };
}

describe('the outbox', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let mailer: Mailer;
  let outbox: ReturnType<typeof createOutbox>;

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createTestDatabase(), startSmtpSink({ parse: true })]);
    mailer = createMailer({ SMTP_URL: smtp.url });
    outbox = createOutbox({ prisma: db.prisma, mailer, mailFrom, linkSecret });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.stop();
    await db?.drop();
  });

  const receivedBy = (to: string) => smtp.received.filter((m) => m.envelope.to[0] === to);

  it('sends once, however many times it is retried, concurrently or not', async () => {
    expect(await outbox.deliver(message('anne@example.org'))).toBe('SENT');
    const again = await Promise.all([outbox.deliver(message('ANNE@example.org')), outbox.deliver(message('anne@example.org'))]);
    expect(again).toEqual(['ALREADY_SENT', 'ALREADY_SENT']);
    expect(receivedBy('anne@example.org')).toHaveLength(1);
    // a new sequence (a rescheduled meeting) is a new message
    expect(await outbox.deliver(message('anne@example.org', 1))).toBe('SENT');
    expect(receivedBy('anne@example.org')).toHaveLength(2);
  });

  it('sends a new message once when attempts race for it from the start', async () => {
    const outcomes = await Promise.all([outbox.deliver(message('race@example.org')), outbox.deliver(message('race@example.org')), outbox.deliver(message('race@example.org'))]);
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'SENT').every((o) => o === 'IN_FLIGHT' || o === 'ALREADY_SENT')).toBe(true);
    expect(receivedBy('race@example.org')).toHaveLength(1);
  });

  it('sends a batch where some keys are sent, some claimed by a live attempt and some by a dead one: new and dead ones only', async () => {
    const shared = template('Invitation au lot');
    const batch = ['lot-1', 'lot-2', 'lot-3', 'lot-4', 'lot-5', 'lot-6'].map((n) => message(`${n}@example.org`, 0, shared));
    // lot-1 already sent; lot-2 claimed a moment ago by an attempt still sending; lot-3 claimed by an attempt whose worker died.
    expect(await outbox.deliver(batch[0]!)).toBe('SENT');
    const claimedRow = (m: OutboxMessage, claimedAt: Date) =>
      db.prisma.message.create({
        data: {
          idempotencyKey: idempotencyKeyOf(m.key),
          messageId: `<${m.key.recipient}@test>`,
          recipient: m.key.recipient,
          kind: 'INVITATION',
          subject: 'Invitation au lot',
          raw: `From: ${mailFrom}\r\nTo: ${m.key.recipient}\r\nSubject: Invitation au lot\r\nMessage-ID: <${m.key.recipient}@test>\r\n\r\nBonjour\r\n`,
          claimedAt,
        },
      });
    await claimedRow(batch[1]!, new Date());
    await claimedRow(batch[2]!, new Date(Date.now() - CLAIM_LEASE_MS - 1_000));

    const heartbeats: number[] = [];
    const error = await outbox.send(batch, (done) => heartbeats.push(done)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessagesInFlightError);
    expect((error as MessagesInFlightError).count).toBe(1);
    // Temporal is asked to look again within 15 s (the live attempt's claim has two minutes to run)…
    expect(Number((error as MessagesInFlightError).nextRetryDelay)).toBe(15_000);
    // … and, for claims about to expire, a second after the last one does (at once when already past).
    expect(Number(new MessagesInFlightError(2, new Date(10_000), 6_000).nextRetryDelay)).toBe(5_000);
    expect(Number(new MessagesInFlightError(2, new Date(10_000), 60_000).nextRetryDelay)).toBe(1_000);
    expect(new MessagesInFlightError(2, null).nextRetryDelay).toBeUndefined(); // no lease known: Temporal's backoff
    expect(batch.map((m) => receivedBy(m.key.recipient).length)).toEqual([1, 0, 1, 1, 1, 1]);
    // The dead attempt's row is sent with the bytes it stored (an older row: its source), under its Message-ID.
    expect(receivedBy('lot-3@example.org')[0]!.parsed.messageId).toBe('<lot-3@example.org@test>');
    const rows = await db.prisma.message.findMany({ where: { recipient: { startsWith: 'lot-' } }, orderBy: { recipient: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'PENDING', 'SENT', 'SENT', 'SENT', 'SENT']);
    // One template for the four new rows, no MIME and no personal link stored with them.
    const fresh = rows.slice(3);
    expect(new Set(fresh.map((r) => r.templateId)).size).toBe(1);
    expect(fresh.every((r) => r.raw === null)).toBe(true);

    // The live attempt finishes; a retry of the whole batch then sends nothing more.
    await db.prisma.message.update({ where: { idempotencyKey: idempotencyKeyOf(batch[1]!.key) }, data: { status: 'SENT', claimedAt: null } });
    await expect(outbox.send(batch)).resolves.toEqual({ recipients: 6, delivered: 0, failed: 0, alreadyDone: 6 });
    expect(batch.map((m) => receivedBy(m.key.recipient).length)).toEqual([1, 0, 1, 1, 1, 1]);
  });

  it('builds a message again to the same bytes after its worker died past the SMTP server’s acceptance, its personal link derived, never stored', async () => {
    const territory = await db.prisma.territory.create({ data: { name: 'CC du Test', cafName: 'Caf du Test', coordinatorName: 'Coordination', coordinatorEmail: 'coord@example.org' } });
    const contact = await db.prisma.contact.create({ data: { territoryId: territory.id, email: 'elise@example.org', fullName: 'Élise « Lou » O’Brien & fils <🎉>', roles: ['PARTENAIRE'] } });
    const link = (await preparePartnerLinks(db.prisma, [contact.id], linkSecret)).get(contact.id)!;
    const token = tokenOfLink(link, linkSecret);
    const crashing: Mailer = {
      mode: 'smtp',
      // Accepted by the server, then the worker dies before recording it: the mark never comes.
      deliver: async (raw, envelope, messageId) => {
        await mailer.deliver(raw, envelope, messageId);
        return new Promise(() => undefined);
      },
      close: () => undefined,
    };
    const personal = { ...message('elise@example.org', 7), contactId: contact.id, personal: { name: contact.fullName, email: contact.email, link } };
    void createOutbox({ prisma: db.prisma, mailer: crashing, mailFrom, linkSecret }).deliver(personal);
    await smtp.waitFor(smtp.received.length + 1);
    const first = receivedBy('elise@example.org')[0]!;
    expect(first.parsed.text).toContain(`/p/${token}`);
    expect((first.parsed.to as { value: { name: string }[] }).value[0]?.name).toBe(contact.fullName);

    const row = await db.prisma.message.findUniqueOrThrow({ where: { idempotencyKey: idempotencyKeyOf(personal.key) } });
    expect(row.status).toBe('PENDING');
    // Nothing in the database holds the link in clear.
    const tables = await db.prisma.$queryRaw<{ found: number }[]>`SELECT count(*)::int AS found FROM "Message" m LEFT JOIN "MessageTemplate" t ON t.id = m."templateId" WHERE m::text LIKE ${`%${token}%`} OR t::text LIKE ${`%${token}%`}`;
    expect(tables[0]!.found).toBe(0);

    // The lease over, another process (nothing in memory) takes it over: the same bytes, to the byte.
    await db.prisma.message.update({ where: { id: row.id }, data: { claimedAt: new Date(Date.now() - CLAIM_LEASE_MS - 1_000) } });
    const other = createOutbox({ prisma: db.prisma, mailer, mailFrom, linkSecret });
    expect(await other.deliver({ ...personal, template: template('ignored: the row keeps its own template') })).toBe('SENT');
    const copies = receivedBy('elise@example.org');
    expect(copies).toHaveLength(2);
    expect(copies[1]!.raw).toBe(copies[0]!.raw);
    expect(((await other.sourceOf(await db.prisma.message.findUniqueOrThrow({ where: { id: row.id } }))) ?? Buffer.alloc(0)).toString('utf8').replace(/\r\n$/, '')).toBe(copies[0]!.raw.replace(/\r\n$/, ''));
  });

  it('reports its progress on a clock while a message is slow, so a live send or notice keeps its heartbeat', async () => {
    const slow: Mailer = { ...mailer, deliver: async (...args) => (await new Promise((resolve) => setTimeout(resolve, 700)), mailer.deliver(...args)) };
    const ticking = createOutbox({ prisma: db.prisma, mailer: slow, mailFrom, linkSecret, progressEveryMs: 150 });
    const calls: number[] = [];
    const report = await ticking.send([message(`lent-${randomBytes(4).toString('hex')}@exemple.fr`)], (done) => calls.push(done));
    expect(report.delivered).toBe(1);
    expect(calls.filter((done) => done === 0).length).toBeGreaterThanOrEqual(3);
    const after = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls).toHaveLength(after); // the clock stops with the send

    // A single notice too: a slow SMTP exchange must not look like a dead attempt.
    const noticeCalls: number[] = [];
    expect(await ticking.deliver(message(`lent-${randomBytes(4).toString('hex')}@exemple.fr`), 'timely', (done) => noticeCalls.push(done))).toBe('SENT');
    expect(noticeCalls.length).toBeGreaterThanOrEqual(3);
  });

  it('does not let a login refused by the server fail the message for good', async () => {
    const badLogin = createMailer({ SMTP_URL: `${smtp.url.replace('smtp://', 'smtp://nobody:wrong@')}` });
    smtp.refuseLogins(true);
    try {
      await expect(createOutbox({ prisma: db.prisma, mailer: badLogin, mailFrom, linkSecret }).deliver(message('auth@example.org'))).rejects.toThrow();
      expect(await db.prisma.message.findFirstOrThrow({ where: { recipient: 'auth@example.org' } })).toMatchObject({ status: 'PENDING', claimedAt: null });
    } finally {
      smtp.refuseLogins(false);
      badLogin.close();
    }
    expect(await outbox.deliver(message('auth@example.org'))).toBe('SENT');
  });

  it('records a permanent refusal (5xx) and does not retry it', async () => {
    smtp.reject('gone@example.org', 550);
    expect(await outbox.deliver(message('gone@example.org'))).toBe('FAILED');
    expect(await outbox.deliver(message('gone@example.org'))).toBe('ALREADY_FAILED');
    const row = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'gone@example.org' } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.error).toMatch(/550/);
  });

  it('throws on a temporary refusal (4xx) so Temporal retries, then sends the same message', async () => {
    smtp.reject('busy@example.org', 451);
    await expect(outbox.deliver(message('busy@example.org'))).rejects.toThrow(/451/);
    const pending = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'busy@example.org' } });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });

    smtp.reject('busy@example.org', 0);
    expect(await outbox.deliver(message('busy@example.org'))).toBe('SENT');
    const sent = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'busy@example.org' } });
    expect(sent).toMatchObject({ id: pending.id, status: 'SENT', attempts: 2 });
    const received = receivedBy('busy@example.org');
    expect(received).toHaveLength(1);
    expect(received[0]!.parsed.messageId).toBe(pending.messageId);
  });
});
