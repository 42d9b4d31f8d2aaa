// The service's Temporal task queues, derived from TEMPORAL_TASK_QUEUE: the workflows and their bookkeeping
// on the queue itself; bulk sends (invitations to a whole audience, the Info flash) on its delivery queue;
// timely sends (reminders, changes, cancellations, registration and interview notices) on its timely queue,
// polled with slots of their own, so a burst of invitations never makes them wait.
export const deliveryQueueOf = (taskQueue: string): string => `${taskQueue}-delivery`;
export const timelyQueueOf = (taskQueue: string): string => `${taskQueue}-timely`;

export type DeliveryLane = 'bulk' | 'timely';

/** What a worker process polls: everything (one process, the default), the workflows, or bulk deliveries. */
export type WorkerRole = 'all' | 'workflows' | 'delivery';
export const workerRoles: readonly WorkerRole[] = ['all', 'workflows', 'delivery'];
