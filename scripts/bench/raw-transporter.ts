// The ceiling the end-to-end rate is compared with: the same pooled transporter the service uses, sending
// the bytes of a real invitation straight to the same sink, as many times (no Temporal, no database).
import { createMailer, createOutbox } from '../../infra/mail';
import { MAIL_FROM, type BenchStack } from './stack';

export async function rawTransporterRate(stack: BenchStack, expected: number): Promise<{ perSecond: number | null; invitationBytes: number | null }> {
  const sample = await stack.prisma.message.findFirst({ where: { kind: 'INVITATION', status: 'SENT' } });
  const mailer = createMailer({ SMTP_URL: stack.sink.url });
  const raw = sample ? await createOutbox({ prisma: stack.prisma, mailer, mailFrom: MAIL_FROM, linkSecret: stack.linkSecret }).sourceOf(sample) : null;
  if (!raw) {
    mailer.close();
    return { perSecond: null, invitationBytes: null };
  }
  const count = Math.min(5_000, Math.max(500, expected));
  const started = Date.now();
  await Promise.all(Array.from({ length: count }, (_, i) => mailer.deliver(raw, { from: 'ctg@bench.example.org', to: `raw${i}@bench.example.org` }, sample!.messageId)));
  const perSecond = count / ((Date.now() - started) / 1000);
  mailer.close();
  return { perSecond, invitationBytes: raw.length };
}
