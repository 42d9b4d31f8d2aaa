// One pooled SMTP transporter per process, or, when no SMTP server is configured, capture: the message is
// built exactly as it would be sent and kept (with its full MIME source) in the messages table, never
// silently dropped. Messages are composed to bytes by ./mime.ts.
import nodemailer from 'nodemailer';
import type { Config } from '../config';

export type MailMode = 'smtp' | 'capture';

/** A person's mailbox: name and address apart, so a name containing « <x@y> » cannot become the address shown. */
export interface Mailbox {
  name: string;
  address: string;
}

export const mailbox = (name: string, address: string): Mailbox => ({ name, address });

export interface OutgoingMail {
  from: string;
  to: string | Mailbox;
  replyTo?: string | Mailbox;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
  /** An iCalendar object; sent as a `text/calendar; method=…` alternative and as an .ics attachment. */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string; filename: string };
}

export interface DeliveryResult {
  /** What the SMTP server answered, or a note that the message was captured. */
  response: string;
}

/** A refusal that retrying will not fix (SMTP 5xx except 503, bad address…). */
export class PermanentDeliveryError extends Error {
  constructor(message: string, readonly responseCode?: number) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface Mailer {
  readonly mode: MailMode;
  deliver(raw: Buffer, envelope: { from: string; to: string }, messageId: string): Promise<DeliveryResult>;
  close(): void;
}

export function addressOf(mailbox: string): string {
  const match = /<([^>]+)>/.exec(mailbox);
  return (match?.[1] ?? mailbox).trim();
}

/**
 * Permanent for this message only when the server refused the recipient or the message itself (5xx at
 * RCPT TO or DATA). A refused login or sender (5xx at AUTH or MAIL FROM) is the service's configuration:
 * retried, so fixing it delivers everything instead of having failed every message meanwhile.
 */
function isPermanent(error: unknown): error is Error & { responseCode: number } {
  const { responseCode: code, command } = (error ?? {}) as { responseCode?: unknown; command?: unknown };
  if (typeof code !== 'number' || code < 500 || code >= 600 || code === 503) return false;
  return typeof command !== 'string' || /^(RCPT|DATA)/i.test(command);
}

export function createMailer(config: Pick<Config, 'SMTP_URL'>): Mailer {
  if (!config.SMTP_URL) {
    return {
      mode: 'capture',
      deliver: async () => ({ response: 'capturé : aucun serveur SMTP configuré (SMTP_URL)' }),
      close: () => undefined,
    };
  }
  const transport = nodemailer.createTransport({
    url: config.SMTP_URL,
    pool: true,
    maxConnections: 16,
    maxMessages: 200,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    mode: 'smtp',
    async deliver(raw, envelope, messageId) {
      try {
        // The Message-ID already in `raw`, given again so that nodemailer does not draw a random one to log.
        const info = await transport.sendMail({ envelope, raw, messageId });
        return { response: String((info as { response?: string }).response ?? 'accepted') };
      } catch (error) {
        if (isPermanent(error)) throw new PermanentDeliveryError(error.message, error.responseCode);
        throw error; // temporary (4xx, 503, connection): the activity is retried with backoff
      }
    },
    close: () => transport.close(),
  };
}
