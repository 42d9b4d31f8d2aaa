// The courier thread as a worker runs it, through a real SMTP server and PostgreSQL: what it sends is marked
// by the thread itself (sent, refused for good, or left PENDING for a retry), even while the main thread is
// blocked; the bytes are those the process built; a thread that dies fails its jobs for a retry and the next
// job starts another. (Its priority, left alone when a delivery worker lowers the others':
// test/unit/process-priority.test.ts.) The outboxes here are given a capture mailer: a message that did
// not go through the thread would be CAPTURED, not SENT, and never reach the SMTP server.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import path from 'node:path';
import { createMailer, createOutbox, EMAIL_PLACEHOLDER, NAME_PLACEHOLDER, type Mailer, type OutboxMessage } from '../../infra/mail';
import { startCourierThread, type ThreadedCourier } from '../../infra/mail/threaded-courier';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmtpSink, type SmtpSink } from '../../scripts/lib/smtp-sink';

const sinkModule = path.resolve(__dirname, '../../scripts/lib/smtp-sink.ts');
const mailFrom = 'Coordination CTG <ctg@ctg.example.org>';
const linkSecret = randomBytes(32).toString('base64url');
const shared = {
  from: mailFrom,
  to: { name: NAME_PLACEHOLDER, address: EMAIL_PLACEHOLDER },
  subject: 'Invitation au comité de pilotage',
  text: `Bonjour ${NAME_PLACEHOLDER},\nÀ bientôt.`,
  html: `<p>Bonjour ${NAME_PLACEHOLDER},</p><p>À bientôt.</p>`,
};
const message = (recipient: string, sequence = 0): OutboxMessage => ({
  key: { kind: 'INVITATION', stepId: null, recipient, sequence },
  processId: null,
  contactId: null,
  template: shared,
  personal: { name: `Élise « ${recipient} » & fils`, email: recipient, link: null },
});

describe('the courier thread', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let courier: ThreadedCourier;
  const stops: string[] = [];
  const restarts: { priority: number; wanted: number }[] = [];
  const capture: Mailer = createMailer({ SMTP_URL: undefined });
  const outboxOf = () => createOutbox({ prisma: db.prisma, mailer: capture, courier, mailFrom, linkSecret });

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createTestDatabase('ctg_courier'), startSmtpSink({ parse: true })]);
    courier = await startCourierThread({ smtpUrl: smtp.url, databaseUrl: db.url, onStopped: (reason) => stops.push(reason), onRestarted: (info) => restarts.push(info) });
  });
  afterAll(async () => {
    await courier?.close();
    await smtp?.stop();
    await db?.drop();
  });

  const rowOf = (recipient: string) => db.prisma.message.findFirstOrThrow({ where: { recipient } });

  it('sends a batch and marks every row from the thread, with the bytes the process builds', async () => {
    const outbox = outboxOf();
    const batch = Array.from({ length: 40 }, (_, i) => message(`fil-${i}@example.org`));
    expect(await outbox.send(batch)).toEqual({ recipients: 40, delivered: 40, failed: 0, alreadyDone: 0 });
    const rows = await db.prisma.message.findMany({ where: { recipient: { startsWith: 'fil-' } } });
    expect(rows.map((r) => r.status)).toEqual(Array(40).fill('SENT'));
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1 && /^250/.test(r.smtpResponse ?? ''))).toBe(true);
    // What arrived is, to the byte, what the outbox builds from the row.
    const row = rows.find((r) => r.recipient === 'fil-7@example.org')!;
    const arrived = smtp.received.find((m) => m.envelope.to[0] === 'fil-7@example.org')!;
    expect(arrived.raw.replace(/\r\n$/, '')).toBe((await outbox.sourceOf(row))!.toString('utf8').replace(/\r\n$/, ''));
    // Sent again: nothing leaves.
    expect(await outbox.send(batch)).toEqual({ recipients: 40, delivered: 0, failed: 0, alreadyDone: 40 });
    expect(smtp.received.filter((m) => m.envelope.to[0]!.startsWith('fil-'))).toHaveLength(40);
  });

  it('sends and marks while the main thread is busy', async () => {
    // An SMTP server in another process: this thread is about to stop answering anything.
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(sinkModule)}).startSmtpSink().then((s) => console.log(s.url))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once('exit', (code) => reject(new Error(`sink exited ${code}`)));
      });
      const elsewhere = await startCourierThread({ smtpUrl: url, databaseUrl: db.url });
      try {
        const outbox = createOutbox({ prisma: db.prisma, mailer: capture, courier: elsewhere, mailFrom, linkSecret });
        expect(await outbox.deliver(message('avant@example.org'))).toBe('SENT'); // the pool's connection is open
        // A row as a claim leaves it (here: a first attempt refused for now), carried straight to the thread.
        const first = await db.prisma.message.findFirstOrThrow({ where: { recipient: 'avant@example.org' } });
        const row = await db.prisma.message.create({
          data: { idempotencyKey: `occupe-${randomBytes(4).toString('hex')}`, messageId: `<occupe-${randomBytes(4).toString('hex')}@test>`, recipient: 'occupe@example.org', kind: 'INVITATION', subject: 'Invitation', templateId: first.templateId, personal: first.personal ?? undefined, claimedAt: new Date() },
        });
        const raw = (await outbox.sourceOf(row))!;
        const carried = elsewhere.carry({ id: row.id, raw, envelope: { from: 'ctg@ctg.example.org', to: 'occupe@example.org' }, messageId: row.messageId });
        await new Promise((resolve) => setImmediate(resolve)); // the job is posted
        const blockedAt = Date.now();
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000); // this thread does nothing for a second
        const unblockedAt = Date.now();
        expect(await carried).toBe('SENT');
        const marked = await db.prisma.message.findUniqueOrThrow({ where: { id: row.id } });
        // Accepted and recorded while the main thread could not have read the server's answer.
        expect(marked.status).toBe('SENT');
        expect(marked.sentAt!.getTime()).toBeGreaterThanOrEqual(blockedAt);
        expect(marked.sentAt!.getTime()).toBeLessThan(unblockedAt);
      } finally {
        await elsewhere.close();
      }
    } finally {
      child.kill();
    }
  });

  it('records a permanent refusal, and leaves a temporary one for the retry', async () => {
    const outbox = outboxOf();
    smtp.reject('parti@example.org', 550);
    smtp.reject('plein@example.org', 452);
    expect(await outbox.deliver(message('parti@example.org'))).toBe('FAILED');
    expect(await rowOf('parti@example.org')).toMatchObject({ status: 'FAILED', attempts: 1 });
    await expect(outbox.deliver(message('plein@example.org'))).rejects.toThrow(/452/);
    expect(await rowOf('plein@example.org')).toMatchObject({ status: 'PENDING', claimedAt: null, attempts: 1 });
    smtp.reject('plein@example.org', 0);
  });

  it('fails the jobs of a thread that died, for the activity to retry, and starts another for the next', async () => {
    const outbox = outboxOf();
    const before = smtp.received.length;
    const sending = outbox.send(Array.from({ length: 300 }, (_, i) => message(`coupe-${i}@example.org`))).catch((error: Error) => error);
    await waitFor(() => smtp.received.length >= before + 10);
    await courier.terminateThread();
    expect(String(await sending)).toMatch(/courier thread stopped/);
    expect(stops).toHaveLength(1);
    expect(await outbox.deliver(message('apres@example.org'))).toBe('SENT');
    expect(restarts).toEqual([{ priority: getPriority(), wanted: getPriority() }]);
    expect(courier.threadId).not.toBeNull();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
