// The one SMTP server that receives what the service sends, for the tests, the bench and the fault runs.
// Every message leaves an Arrival (recipients, Message-ID, subject, when the 250 went back) read from its
// head only, so the bench's hundreds of thousands cost little; with `parse`, the tests also get each whole
// message parsed (mailparser). It can refuse a recipient or a login, be taken down (the port refuses
// connections and open sessions are cut) or answer every transaction with a temporary refusal, then come
// back on the same port: the service's SMTP_URL stays valid across an outage.
import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { closeListener, listenOn, portOf } from './ports';

export interface Arrival {
  /** One entry per envelope recipient (lower case). */
  to: string;
  /** The Message-ID header, angle brackets included ('' when missing). */
  messageId: string;
  subject: string;
  /** Epoch ms when the message was accepted (the 250 follows at once). */
  at: number;
}

/** A whole message, kept with `parse: true`. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

export type SinkMode = 'up' | 'down' | 'tempfail';

export interface SmtpSinkOptions {
  host?: string;
  port?: number;
  /** Keep and parse every whole message into `received` (the tests); off, only heads are read. */
  parse?: boolean;
}

export interface SmtpSink {
  url: string;
  port: number;
  arrivals: Arrival[];
  /** Empty unless started with `parse: true`. */
  received: ReceivedMail[];
  readonly mode: SinkMode;
  /** Connections opened (refused ones are invisible: the port is closed). */
  readonly connections: number;
  /** Transactions answered with a temporary refusal while in `tempfail` mode. */
  readonly tempFailures: number;
  /** Resolves once at least `count` messages were received (`parse: true`); rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Makes every RCPT TO for this address fail with this SMTP code (e.g. 550 or 451). */
  reject(address: string, code: number): void;
  /** While true, every AUTH fails with 535 (a wrong password on the service's side). */
  refuseLogins(refuse: boolean): void;
  /** Closes the port and cuts every open session: the server is gone, as after a crash. */
  goDown(): Promise<void>;
  /** Keeps the port open but answers 451 to every transaction (an overloaded or greylisting server). */
  tempFail(): void;
  /** Listens again on the same port and accepts everything. */
  comeBack(): Promise<void>;
  stop(): Promise<void>;
}

/** RFC 2047 encoded words (what nodemailer writes for a French subject), UTF-8 only. */
export function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const arrivals: Arrival[] = [];
  const received: ReceivedMail[] = [];
  const rejections = new Map<string, number>();
  let refusingLogins = false;
  let mode: SinkMode = 'up';
  let connections = 0;
  let tempFailures = 0;
  const sockets = new Set<Socket>();

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(_auth, _session, callback) {
      if (refusingLogins) return callback(smtpError(535, 'Authentication failed'));
      callback(null, { user: 'sink' });
    },
    onMailFrom(_address, _session, callback) {
      if (mode === 'tempfail') {
        tempFailures += 1;
        return callback(smtpError(451, 'Requested action aborted: local error in processing (fault injection)'));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      const code = rejections.get(address.address.toLowerCase());
      if (code) return callback(smtpError(code, `Refused by the sink (${code})`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let head = '';
      let headDone = false;
      stream.on('data', (chunk: Buffer) => {
        if (options.parse) chunks.push(chunk);
        if (headDone) return;
        head += chunk.toString('utf8');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          headDone = true;
        }
      });
      stream.on('end', async () => {
        if (mode !== 'up') {
          tempFailures += 1;
          return callback(smtpError(451, 'Requested action aborted (fault injection)'));
        }
        const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
        const subject = decodeHeader(/^Subject: ?(.*)$/im.exec(unfolded)?.[1] ?? '');
        const messageId = (/^Message-ID: ?(.*)$/im.exec(unfolded)?.[1] ?? '').trim();
        const at = Date.now();
        for (const recipient of session.envelope.rcptTo) arrivals.push({ to: recipient.address.toLowerCase(), messageId, subject, at });
        if (options.parse) {
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
          received.push({ envelope, raw, parsed: await simpleParser(raw), receivedAt: new Date() });
        }
        callback(null);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // smtp-server reports cut sessions as errors; they are the point here.
  server.on('error', () => undefined);

  await listenOn(server.server, options.port ?? 0, host);
  const port = portOf(server.server);

  return {
    url: `smtp://${host}:${port}`,
    port,
    arrivals,
    received,
    get mode() {
      return mode;
    },
    get connections() {
      return connections;
    },
    get tempFailures() {
      return tempFailures;
    },
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: expected ${count} messages, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return received;
    },
    reject(address, code) {
      rejections.set(address.toLowerCase(), code);
    },
    refuseLogins(refuse) {
      refusingLogins = refuse;
    },
    async goDown() {
      mode = 'down';
      const closed = closeListener(server.server);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    tempFail() {
      mode = 'tempfail';
    },
    async comeBack() {
      if (!server.server.listening) await listenOn(server.server, port, host);
      mode = 'up';
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await closeListener(server.server);
    },
  };
}
