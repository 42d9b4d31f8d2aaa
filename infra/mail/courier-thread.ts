// The courier thread: the SMTP pool and the marks of a worker process, on a thread of their own. Its event
// loop does nothing but read the SMTP server's answers and send the marks, so an acceptance is recorded
// within a few milliseconds however busy the main thread is building messages; it also keeps its normal
// CPU priority when a delivery worker lowers the rest (../process-priority.ts). Started by ./threaded-courier.ts.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createMarks } from '../db/outbox-marks';
import { createPgPool, type DatabaseTimeouts } from '../db/pg-pool';
import { courierOf, type CourierJob } from './courier';
import { createMailer } from './transport';

export interface CourierThreadData {
  smtpUrl: string;
  databaseUrl: string;
  timeouts?: DatabaseTimeouts;
  /** The niceness to run at: the process's before a delivery worker lowered it (a thread inherits its starter's). */
  priority: number;
  /** How long closing waits for the messages under way. */
  closeGraceMs: number;
}

export type CourierRequest = { type: 'carry'; n: number; job: CourierJob } | { type: 'close' };
export type CourierReply =
  | { type: 'ready'; threadId: number | null; priority: number }
  | { type: 'carried'; n: number; status: 'SENT' | 'CAPTURED' | 'FAILED' }
  /** A temporary failure (a permanent refusal is carried: FAILED). */
  | { type: 'failed'; n: number; message: string }
  | { type: 'closed' };

/** This thread's id for the kernel (Linux), which per-thread priorities are set by; null elsewhere. */
function kernelThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

/** Back to the process's first niceness when started by a lowered thread (allowed to root or CAP_SYS_NICE only). */
function restorePriority(wanted: number): number {
  try {
    if (getPriority() !== wanted) setPriority(wanted); // this thread only, on Linux
  } catch {
    // not allowed: stays at the lowered priority (the worker logs it)
  }
  return getPriority();
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as CourierThreadData;
  // One connection: the marks go one statement at a time (../db/outbox-marks.ts).
  const pool = createPgPool(data.databaseUrl, data.timeouts, 1);
  const courier = courierOf(createMailer({ SMTP_URL: data.smtpUrl }), createMarks(pool));
  const underWay = new Set<Promise<unknown>>();
  const reply = (message: CourierReply) => port.postMessage(message);

  async function close() {
    // The messages under way finish and are marked first (bounded), then the SMTP pool, then the connections.
    await Promise.race([Promise.allSettled([...underWay]), new Promise((resolve) => setTimeout(resolve, data.closeGraceMs))]);
    await courier.close();
    await pool.end();
  }

  port.on('message', (request: CourierRequest) => {
    if (request.type === 'close') {
      void close().finally(() => {
        reply({ type: 'closed' });
        port.close();
      });
      return;
    }
    const { n, job } = request;
    const carried = courier.carry(job).then(
      (status) => reply({ type: 'carried', n, status }),
      (error: unknown) => reply({ type: 'failed', n, message: error instanceof Error ? error.message : String(error) }),
    );
    underWay.add(carried);
    void carried.finally(() => underWay.delete(carried));
  });
  reply({ type: 'ready', threadId: kernelThreadId(), priority: restorePriority(data.priority) });
}
