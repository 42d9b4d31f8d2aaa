// The Temporal workers of one process, by role: `all` (one process does everything: the default, and the
// tests), `workflows` (the workflows, their bookkeeping and the timely sends), `delivery` (bulk sends only;
// run as many as there are cores, or machines). Each queue has its own slots: a burst of invitations on
// the delivery queue cannot take those of a reminder on the timely queue, nor a workflow task's.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { deliveryQueueOf, timelyQueueOf, type WorkerRole } from '../domain/task-queues';
import type { Config } from '../infra/config';

export interface CtgWorkersOptions {
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>;
  deps: ActivityDeps;
  role?: WorkerRole;
  /** Reuse an existing connection (tests); otherwise one is opened to TEMPORAL_ADDRESS. */
  connection?: NativeConnection;
  /** A pre-built bundle (tests, and production from `npm run build`); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** 0 forces every workflow task to replay from history (used by replay-style tests). */
  maxCachedWorkflows?: number;
}

/**
 * Bulk activities at once per process: each sends 32 messages at a time through the outbox, whose group
 * commits share statements between them; more would only queue on the SMTP pool.
 */
const BULK_ACTIVITIES = 16;
/** Reserved for timely sends: a handful of recipients each, never behind a burst. */
const TIMELY_ACTIVITIES = 10;
/** The workflows' own activities (bookkeeping), and any delivery scheduled there before the queues existed. */
const WORKFLOW_QUEUE_ACTIVITIES = 10;

export const workflowsPath = require.resolve('../workflows');

/** The workers of this process, run and stopped together. */
export class CtgWorkers {
  constructor(readonly workers: Worker[]) {}

  run(): Promise<void> {
    // One stopping (a fatal error) stops the others: the process exits and is restarted whole.
    return Promise.all(this.workers.map((w) => w.run().finally(() => this.shutdown()))).then(() => undefined);
  }

  shutdown(): void {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
  }

  /** RUNNING while every one of them is. */
  getState(): string {
    const states = this.workers.map((w) => w.getState());
    return states.find((s) => s !== 'RUNNING') ?? 'RUNNING';
  }
}

export async function createCtgWorkers(options: CtgWorkersOptions): Promise<{ workers: CtgWorkers; connection: NativeConnection; queues: string[] }> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.config.TEMPORAL_ADDRESS }));
  const role = options.role ?? 'all';
  const base = options.config.TEMPORAL_TASK_QUEUE;
  const activities = createActivities(options.deps);
  const common = {
    connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    activities,
    // Let in-flight sends finish (they are idempotent anyway) before a rolling restart cuts them.
    shutdownGraceTime: '20 seconds',
    // Heartbeats reach the server at least every 10 s (the SDK's default, 0.8 × the 30 s timeout, left a
    // slow RPC on a busy server 6 s before the timeout declared a live send dead).
    maxHeartbeatThrottleInterval: '10 seconds',
  };
  const workers: Worker[] = [];
  if (role !== 'delivery') {
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: base,
        ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
        maxCachedWorkflows: options.maxCachedWorkflows,
        maxConcurrentActivityTaskExecutions: WORKFLOW_QUEUE_ACTIVITIES,
      }),
      await Worker.create({ ...common, taskQueue: timelyQueueOf(base), maxConcurrentActivityTaskExecutions: TIMELY_ACTIVITIES }),
    );
  }
  if (role !== 'workflows') {
    workers.push(await Worker.create({ ...common, taskQueue: deliveryQueueOf(base), maxConcurrentActivityTaskExecutions: BULK_ACTIVITIES }));
  }
  return { workers: new CtgWorkers(workers), connection, queues: workers.map((w) => w.options.taskQueue) };
}
