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
    // Let in-flight sends finish (they are idempotent anyway) before a rolling restart cuts them.
    shutdownGraceTime: '20 seconds',
  });
  return { worker, connection };
}
