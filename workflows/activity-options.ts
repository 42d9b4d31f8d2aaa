import { patched, proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deliveryQueueOf, timelyQueueOf, type DeliveryLane } from '../domain/task-queues';

/**
 * Database and SMTP work: retried with backoff on temporary failures (connection, 4xx). Sends heartbeat at
 * least every 5 s (../infra/mail/outbox.ts): a task whose dispatch to a worker was lost (a busy Temporal
 * server cancelling the poll that carried it) is retried after 30 s, not a minute.
 */
export const deliveryActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};

export const bookkeepingActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** The workflows' own records (process, steps) on the workflow's queue. */
export const bookkeeping = proxyActivities<Activities>(bookkeepingActivityOptions);

/**
 * The delivery activities on their lane's queue: bulk sends on the delivery queue (scaled by delivery
 * workers), timely ones on the timely queue (slots of their own). Histories recorded before the queues
 * scheduled them on the workflow's own queue, and replay so.
 */
export function deliveryActivities(lane: DeliveryLane) {
  if (!patched('delivery-queues')) return proxyActivities<Activities>(deliveryActivityOptions);
  const base = workflowInfo().taskQueue;
  return proxyActivities<Activities>({ ...deliveryActivityOptions, taskQueue: lane === 'timely' ? timelyQueueOf(base) : deliveryQueueOf(base) });
}
