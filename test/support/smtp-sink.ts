// A real SMTP server for tests: receives over TCP what the service sends and parses each message.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Makes the next RCPT TO for these addresses fail with this SMTP code (e.g. 550 or 451). */
  reject(address: string, code: number): void;
  /** While true, every AUTH fails with 535 (a wrong password on the service's side). */
  refuseLogins(refuse: boolean): void;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const rejections = new Map<string, number>();
  let refusingLogins = false;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      if (refusingLogins) return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      callback(null, { user: 'test' });
    },
    onRcptTo(address, _session, callback) {
      const code = rejections.get(address.address.toLowerCase());
      if (code) {
        const error = Object.assign(new Error(`Refused by test sink (${code})`), { responseCode: code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await simpleParser(raw),
          receivedAt: new Date(),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: expected ${count} messages, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return received;
    },
    refuseLogins(refuse) {
      refusingLogins = refuse;
    },
    reject(address, code) {
      rejections.set(address.toLowerCase(), code);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
