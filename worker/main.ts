// Worker entry point: runs the CTG workflows and activities. Scale by running more of these.
import { NativeConnection } from '@temporalio/worker';
import { createMailer } from '../infra/mail';
import { startCourierThread } from '../infra/mail/threaded-courier';
import { databaseTimeoutsOf, retry, startService } from '../infra/startup';
import { temporalConnectionOptions } from '../infra/temporal/connection-options';
import { installTemporalRuntime } from '../infra/temporal/runtime';
import { createCtgWorkers } from './ctg-workers';
import { prebuiltWorkflowBundle } from './workflow-bundle';
import { startHealthServer } from './health-server';
import { lowerProcessPriority } from '../infra/process-priority';

async function main() {
  const { config, logger, prisma } = await startService('worker');
  // Also turns SIGINT/SIGTERM into a graceful worker shutdown; publishes the SDK's metrics when asked.
  installTemporalRuntime(logger, 'WARN', config.TEMPORAL_METRICS_PORT ? { metricsAddress: `${config.HOST}:${config.TEMPORAL_METRICS_PORT}` } : {});
  const mailer = createMailer(config);
  // With an SMTP server, the sends and their marks run on a thread of their own: see infra/mail/courier-thread.ts.
  const courier = config.SMTP_URL
    ? await startCourierThread({
        smtpUrl: config.SMTP_URL,
        databaseUrl: config.DATABASE_URL,
        timeouts: databaseTimeoutsOf(config),
        onStopped: (reason) => logger.warn('courier thread stopped: its messages are retried, the next one starts another', { reason }),
        onRestarted: ({ priority, wanted }) => {
          if (priority === wanted) logger.info('courier thread started again', { priority });
          else logger.warn('courier thread started again at the lowered priority (taking it back needs CAP_SYS_NICE): a kill may duplicate more until the worker restarts', { priority, wanted });
        },
      })
    : undefined;
  const options = temporalConnectionOptions(config);
  const connection = await retry(() => NativeConnection.connect(options), logger, 'temporal');
  const { workers, queues } = await createCtgWorkers({
    config,
    connection,
    role: config.WORKER_ROLE,
    workflowBundle: prebuiltWorkflowBundle(),
    maxCachedWorkflows: config.WORKER_WORKFLOW_CACHE,
    deps: { prisma, mailer, courier, config, logger },
  });
  // Bulk sends may yield the CPU to what people wait for (reminders, the status page): lowered once every
  // thread of the workers exists, the courier's aside (it reads the SMTP answers: the sooner, the fewer a
  // kill duplicates; it takes little CPU).
  const nice = config.WORKER_ROLE === 'delivery' && config.DELIVERY_NICE > 0 ? lowerProcessPriority(config.DELIVERY_NICE, { except: courier?.threadId ? [courier.threadId] : [] }) : null;
  const health = config.WORKER_HEALTH_PORT ? await startHealthServer({ port: config.WORKER_HEALTH_PORT, host: config.HOST, state: () => workers.getState() }) : null;
  logger.info('worker started', {
    temporal: config.TEMPORAL_ADDRESS,
    tls: Boolean(options.tls),
    namespace: config.TEMPORAL_NAMESPACE,
    role: config.WORKER_ROLE,
    taskQueues: queues,
    nice,
    mail: courier ? 'smtp (courier thread)' : mailer.mode,
    health: health ? `http://${config.HOST}:${config.WORKER_HEALTH_PORT}/healthz` : null,
  });
  try {
    await workers.run();
  } finally {
    health?.close();
    await courier?.close();
    mailer.close();
    await connection.close();
    await prisma.$disconnect();
    logger.info('worker stopped');
  }
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: 'worker', msg: 'worker failed', error: String(error?.stack ?? error) })}\n`);
  process.exit(1);
});
