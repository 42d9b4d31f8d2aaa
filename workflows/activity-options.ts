import type { ActivityOptions } from '@temporalio/workflow';

/** Database and SMTP work: retried with backoff on temporary failures (connection, 4xx); bulk sends heartbeat. */
export const deliveryActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};

export const bookkeepingActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
