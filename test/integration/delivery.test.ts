// Idempotent delivery through a real SMTP server: a retried send delivers nothing twice, a permanent
// refusal is recorded and not retried, a temporary one is retried with the same Message-ID.
import { deliverMessage, type DeliveryRequest } from '../../activities/deliver';
import { createMailer, type Mailer } from '../../infra/mail';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const mailFrom = 'Coordination CTG <ctg@ctg.example.org>';

function request(recipient: string, sequence = 0): DeliveryRequest {
  return {
    key: { kind: 'INVITATION', stepId: null, recipient, sequence },
    processId: null,
    contactId: null,
    build: () => ({ from: mailFrom, to: recipient, subject: `Invitation ${sequence}`, text: 'Bonjour', html: '<p>Bonjour</p>' }),
  };
}

describe('idempotent delivery', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let mailer: Mailer;

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createTestDatabase(), startSmtpSink()]);
    mailer = createMailer({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.stop();
    await db?.drop();
  });

  const deliver = (r: DeliveryRequest) => deliverMessage({ prisma: db.prisma, mailer, mailFrom }, r);

  it('sends once, however many times it is retried, concurrently or not', async () => {
    expect(await deliver(request('anne@example.org'))).toBe('SENT');
    const again = await Promise.all([deliver(request('ANNE@example.org')), deliver(request('anne@example.org'))]);
    expect(again).toEqual(['ALREADY_SENT', 'ALREADY_SENT']);
    expect(smtp.received.filter((m) => m.envelope.to[0] === 'anne@example.org')).toHaveLength(1);
    // a new sequence (a rescheduled meeting) is a new message
    expect(await deliver(request('anne@example.org', 1))).toBe('SENT');
    expect(smtp.received.filter((m) => m.envelope.to[0] === 'anne@example.org')).toHaveLength(2);
  });

  it('sends a new message once when two attempts race for it from the start', async () => {
    const outcomes = await Promise.all([deliver(request('race@example.org')), deliver(request('race@example.org')), deliver(request('race@example.org'))]);
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'SENT').every((o) => o === 'IN_FLIGHT' || o === 'ALREADY_SENT')).toBe(true);
    expect(smtp.received.filter((m) => m.envelope.to[0] === 'race@example.org')).toHaveLength(1);
  });

  it('does not let a login refused by the server fail the message for good', async () => {
    const badLogin = createMailer({ SMTP_URL: `${smtp.url.replace('smtp://', 'smtp://nobody:wrong@')}` });
    smtp.refuseLogins(true);
    try {
      await expect(deliverMessage({ prisma: db.prisma, mailer: badLogin, mailFrom }, request('auth@example.org'))).rejects.toThrow();
      expect(await db.prisma.message.findFirstOrThrow({ where: { recipient: 'auth@example.org' } })).toMatchObject({ status: 'PENDING', claimedAt: null });
    } finally {
      smtp.refuseLogins(false);
      badLogin.close();
    }
    expect(await deliver(request('auth@example.org'))).toBe('SENT');
  });

  it('records a permanent refusal (5xx) and does not retry it', async () => {
    smtp.reject('gone@example.org', 550);
    expect(await deliver(request('gone@example.org'))).toBe('FAILED');
    expect(await deliver(request('gone@example.org'))).toBe('ALREADY_FAILED');
    const row = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'gone@example.org' } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.error).toMatch(/550/);
  });

  it('throws on a temporary refusal (4xx) so Temporal retries, then sends the same message', async () => {
    smtp.reject('busy@example.org', 451);
    await expect(deliver(request('busy@example.org'))).rejects.toThrow(/451/);
    const pending = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'busy@example.org' } });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });

    smtp.reject('busy@example.org', 0);
    expect(await deliver(request('busy@example.org'))).toBe('SENT');
    const sent = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'busy@example.org' } });
    expect(sent).toMatchObject({ id: pending.id, status: 'SENT', attempts: 2 });
    const received = smtp.received.filter((m) => m.envelope.to[0] === 'busy@example.org');
    expect(received).toHaveLength(1);
    expect(received[0]!.parsed.messageId).toBe(pending.messageId);
  });
});
