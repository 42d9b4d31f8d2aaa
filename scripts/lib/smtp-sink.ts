// An SMTP server that records what it accepts, for benchmarks and fault runs on the real stack. It keeps
// only the head of each message (recipients, Message-ID, subject, when the 250 went back), so tens of
// thousands of messages cost little memory. It can be taken down (the port refuses connections and open
// sessions are cut) or made to answer every transaction with a temporary refusal, then brought back on the
// same port: the service's SMTP_URL stays valid across an outage.
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  /** One entry per envelope recipient (lower case). */
  to: string;
  /** The Message-ID header, angle brackets included ('' when missing). */
  messageId: string;
  subject: string;
  /** Epoch ms when the message was accepted (the 250 follows at once). */
  at: number;
}

export type SinkMode = 'up' | 'down' | 'tempfail';

export interface SmtpSink {
  url: string;
  port: number;
  arrivals: Arrival[];
  readonly mode: SinkMode;
  /** Connections opened (refused ones are invisible: the port is closed). */
  readonly connections: number;
  /** Transactions answered with a temporary refusal while in `tempfail` mode. */
  readonly tempFailures: number;
  /** Closes the port and cuts every open session: the server is gone, as after a crash. */
  goDown(): Promise<void>;
  /** Keeps the port open but answers 421/451 to every transaction (an overloaded or greylisting server). */
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

const temporaryError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpSink(options: { host?: string; port?: number } = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const arrivals: Arrival[] = [];
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
    onMailFrom(_address, _session, callback) {
      if (mode === 'tempfail') {
        tempFailures += 1;
        return callback(temporaryError(451, 'Requested action aborted: local error in processing (fault injection)'));
      }
      callback();
    },
    onData(stream, session, callback) {
      let head = '';
      let headDone = false;
      stream.on('data', (chunk: Buffer) => {
        if (headDone) return;
        head += chunk.toString('utf8');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          headDone = true;
        }
      });
      stream.on('end', () => {
        if (mode !== 'up') {
          tempFailures += 1;
          return callback(temporaryError(451, 'Requested action aborted (fault injection)'));
        }
        const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
        const subject = decodeHeader(/^Subject: ?(.*)$/im.exec(unfolded)?.[1] ?? '');
        const messageId = (/^Message-ID: ?(.*)$/im.exec(unfolded)?.[1] ?? '').trim();
        const at = Date.now();
        for (const recipient of session.envelope.rcptTo) arrivals.push({ to: recipient.address.toLowerCase(), messageId, subject, at });
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

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(port, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const port = (server.server.address() as { port: number }).port;

  const closeListener = () => new Promise<void>((resolve) => (server.server.listening ? server.server.close(() => resolve()) : resolve()));

  return {
    url: `smtp://${host}:${port}`,
    port,
    arrivals,
    get mode() {
      return mode;
    },
    get connections() {
      return connections;
    },
    get tempFailures() {
      return tempFailures;
    },
    async goDown() {
      mode = 'down';
      const closed = closeListener();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    tempFail() {
      mode = 'tempfail';
    },
    async comeBack() {
      if (!server.server.listening) await listen(port);
      mode = 'up';
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await closeListener();
    },
  };
}
