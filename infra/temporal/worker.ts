// Builds the worker that runs this service's workflows and activities on one task queue.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import type { Config } from '../config';

export interface CtgWorkerOptions {
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>;
  deps: ActivityDeps;
  /** Reuse an existing connection (tests); otherwise one is opened to TEMPORAL_ADDRESS. */
  connection?: NativeConnection;
  /** A pre-built bundle (tests bundle once for all workers); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** 0 forces every workflow task to replay from history (used by replay-style tests). */
  maxCachedWorkflows?: number;
}

const MAX_CONCURRENT_ACTIVITIES = 10;

export const workflowsPath = require.resolve('../../workflows');

export async function createCtgWorker(options: CtgWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.config.TEMPORAL_ADDRESS }));
  const worker = await Worker.create({
    connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    taskQueue: options.config.TEMPORAL_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.deps),
    maxCachedWorkflows: options.maxCachedWorkflows,
    // Each delivery activity sends 10 messages at a time on this one event loop: the default 100 activities
    // at once made every territory's invitations finish late together, and a reminder or a workflow task
    // wait behind them (bench: activity p50 14 s → 2 s, reminder 7 s → 2 s with 10). More workers scale out.
    maxConcurrentActivityTaskExecutions: MAX_CONCURRENT_ACTIVITIES,
    // Let in-flight sends finish (they are idempotent anyway) before a rolling restart cuts them.
    shutdownGraceTime: '20 seconds',
  });
  return { worker, connection };
}
