// Worker entry point: runs the CTG workflows and activities. Scale by running more of these.
import { NativeConnection } from '@temporalio/worker';
import { createMailer } from '../infra/mail';
import { retry, startService } from '../infra/startup';
import { installTemporalRuntime } from '../infra/temporal/runtime';
import { createCtgWorker } from '../infra/temporal/worker';

async function main() {
  const { config, logger, prisma } = await startService('worker');
  installTemporalRuntime(logger); // also turns SIGINT/SIGTERM into a graceful worker shutdown
  const mailer = createMailer(config);
  const connection = await retry(() => NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }), logger, 'temporal');
  const { worker } = await createCtgWorker({ config, connection, deps: { prisma, mailer, config, logger } });
  logger.info('worker started', {
    temporal: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    mail: mailer.mode,
  });
  try {
    await worker.run();
  } finally {
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
