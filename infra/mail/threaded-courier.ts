// Starts the courier thread (./courier-thread.ts) and speaks to it: a job goes over as a copy of its bytes,
// its outcome comes back once the row is marked. A thread that dies fails the jobs it held (temporary:
// their activities retry, their claims expire as after a killed worker) and the next job starts another.
import path from 'node:path';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DatabaseTimeouts } from '../db/pg-pool';
import type { CarriedStatus, Courier, CourierJob } from './courier';
import type { CourierReply, CourierRequest, CourierThreadData } from './courier-thread';

export interface ThreadedCourier extends Courier {
  /** The current thread's kernel id (Linux), to leave its priority alone; it changes when a thread is started again. */
  readonly threadId: number | null;
  /** Ends the thread at once, as a crash would (the tests). */
  terminateThread(): Promise<void>;
}

export interface CourierThreadOptions {
  smtpUrl: string;
  databaseUrl: string;
  timeouts?: DatabaseTimeouts;
  /** The thread stopped (its jobs failed for a retry); the next job starts another. */
  onStopped?: (reason: string) => void;
  /** A thread started after one stopped, at `priority` (the process's first: `wanted`, unless it could not be restored). */
  onRestarted?: (info: { priority: number; wanted: number }) => void;
}

/**
 * The thread holds little (the SMTP pool's connections, the messages in flight: ~200 × 11 KB): a small young
 * generation rather than V8's default, sized for a whole process.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };
/** How long closing waits for the messages under way, then for the SMTP pool and the connections. */
const CLOSE_GRACE_MS = 5_000;
/**
 * A job unanswered this long fails for a retry (under the claim's 2-minute lease, over the SMTP and database
 * timeouts); a thread that answered nothing meanwhile is stuck and is ended.
 */
const JOB_DEADLINE_MS = 90_000;

/** Compiled, the .js beside this one; from the sources (tsx, the tests), the .ts through tsx's require hook. */
function threadEntry(): { entry: string; eval: boolean } {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `courier-thread${extension}`);
  if (extension !== '.ts') return { entry: file, eval: false };
  return { entry: `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, eval: true };
}

export async function startCourierThread(options: CourierThreadOptions): Promise<ThreadedCourier> {
  // The niceness now, before a delivery worker lowers its threads: a thread started again later asks for it back.
  const data: CourierThreadData = { smtpUrl: options.smtpUrl, databaseUrl: options.databaseUrl, timeouts: options.timeouts, priority: getPriority(), closeGraceMs: CLOSE_GRACE_MS };
  const pending = new Map<number, { resolve: (status: CarriedStatus) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let next = 0;
  let threadId: number | null = null;
  let lastAnswerAt = Date.now();
  let closing = false;
  let starts = 0;
  let current: Promise<Worker> | null = null;

  const settle = (n: number) => {
    const job = pending.get(n);
    pending.delete(n);
    if (job) clearTimeout(job.timer);
    return job;
  };

  function start(): Promise<Worker> {
    const { entry, eval: isCode } = threadEntry();
    const worker = new Worker(entry, { workerData: data, eval: isCode, execArgv: [], resourceLimits: THREAD_HEAP });
    // The Temporal workers keep a worker process alive; a thread left behind by a failed start must not.
    worker.unref();
    starts += 1;
    const started = new Promise<Worker>((resolve, reject) => {
      worker.on('message', (reply: CourierReply) => {
        lastAnswerAt = Date.now();
        if (reply.type === 'ready') {
          threadId = reply.threadId;
          if (starts > 1) options.onRestarted?.({ priority: reply.priority, wanted: data.priority });
          resolve(worker);
        } else if (reply.type === 'carried') settle(reply.n)?.resolve(reply.status);
        else if (reply.type === 'failed') settle(reply.n)?.reject(new Error(reply.message));
      });
      let over = false;
      const stopped = (reason: string) => {
        if (over) return; // an error is followed by the exit
        over = true;
        reject(new Error(`courier thread: ${reason}`));
        if (current === started) current = null;
        threadId = null;
        for (const n of [...pending.keys()]) settle(n)?.reject(new Error(`courier thread stopped (${reason}) before the SMTP server's answer was recorded`));
        if (!closing) options.onStopped?.(reason);
      };
      worker.on('error', (error) => stopped(error.message));
      worker.on('exit', (code) => stopped(`exit ${code}`));
      // A reply that could not be read: which job it answered is unknown, so the thread is ended (its jobs retried).
      worker.on('messageerror', () => void worker.terminate());
    });
    return started;
  }

  current = start();
  await current;

  return {
    mode: 'smtp',
    get threadId() {
      return threadId;
    },
    async carry(job: CourierJob) {
      if (closing) throw new Error('courier closed');
      current ??= start();
      const worker = await current;
      const n = next++;
      const postedAt = Date.now();
      return new Promise<CarriedStatus>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(n)?.reject(new Error(`courier thread: no answer for message ${job.messageId} in ${JOB_DEADLINE_MS / 1000} s`));
          if (lastAnswerAt <= postedAt) void worker.terminate(); // stuck: nothing answered since
        }, JOB_DEADLINE_MS);
        pending.set(n, { resolve, reject, timer });
        worker.postMessage({ type: 'carry', n, job } satisfies CourierRequest);
      });
    },
    async terminateThread() {
      const worker = await current?.catch(() => null);
      await worker?.terminate();
    },
    async close() {
      closing = true;
      const worker = await current?.catch(() => null);
      if (!worker) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (reply: CourierReply) => reply.type === 'closed' && void worker.terminate());
        worker.postMessage({ type: 'close' } satisfies CourierRequest);
        // A connection that does not close (a frozen server) does not hold the shutdown.
        setTimeout(() => void worker.terminate(), 2 * CLOSE_GRACE_MS).unref();
      });
    },
  };
}
