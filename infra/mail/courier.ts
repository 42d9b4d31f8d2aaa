// The last step of a send: hand a built message to the mailer and mark its row with the answer. Between the
// SMTP server's acceptance and the mark lies the one window where a killed worker leaves a message that the
// next attempt sends again; the courier is what keeps it short. The same function runs in the process
// (capture, the API's sign-in mail, the tests' fake mailers) and in the courier thread (./courier-thread.ts).
import type { Mark } from '../db/outbox-marks';
import { PermanentDeliveryError, type MailMode, type Mailer } from './transport';

export interface CourierJob {
  /** The claimed row to mark. */
  id: string;
  raw: Uint8Array;
  envelope: { from: string; to: string };
  messageId: string;
}

export type CarriedStatus = 'SENT' | 'CAPTURED' | 'FAILED';

export interface Courier {
  readonly mode: MailMode;
  /** Sends and marks: SENT or CAPTURED, FAILED for a permanent refusal; a temporary failure throws. */
  carry(job: CourierJob): Promise<CarriedStatus>;
  close(): Promise<void>;
}

/** Waits before trying an accepted message's mark again (a dropped connection, a statement timed out). */
const MARK_RETRIES_MS = [200, 1_000, 3_000];

export function courierOf(mailer: Mailer, mark: (mark: Mark) => Promise<void>): Courier {
  /**
   * The server has the message: it must never be marked PENDING (sent again at once), only SENT. Tried
   * again a few times; failing that, thrown with the claim left in place, so that the message goes again
   * only once its lease expires (a duplicate, never a loss).
   */
  async function markAccepted(id: string, status: 'SENT' | 'CAPTURED', response: string) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await mark({ id, status, response, error: null });
      } catch (error) {
        const wait = MARK_RETRIES_MS[attempt];
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  return {
    mode: mailer.mode,
    async carry({ id, raw, envelope, messageId }) {
      let response: string;
      try {
        response = (await mailer.deliver(Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), envelope, messageId)).response;
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        // Not accepted: refused for good (FAILED), or free for the activity's retry (PENDING, claim released).
        await mark({ id, status: permanent ? 'FAILED' : 'PENDING', response: null, error: (error as Error).message.slice(0, 1000) });
        if (permanent) return 'FAILED';
        throw error; // temporary: Temporal retries the activity with backoff
      }
      const status = mailer.mode === 'capture' ? 'CAPTURED' : 'SENT';
      await markAccepted(id, status, response);
      return status;
    },
    async close() {
      mailer.close();
    },
  };
}
