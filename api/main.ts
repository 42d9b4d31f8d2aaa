// API entry point: the HTTP service for coordinators, partners and Caf advisers.
import { Client, Connection } from '@temporalio/client';
import { createMailer } from '../infra/mail';
import { startService } from '../infra/startup';
import { createApp } from './app';

async function main() {
  const { config, logger, prisma } = await startService('api');
  if (config.ADMIN_EMAIL) {
    // The first administrator: they sign in at /connexion with a link sent to this address.
    await prisma.user.upsert({ where: { email: config.ADMIN_EMAIL }, create: { email: config.ADMIN_EMAIL, fullName: 'Administration', role: 'ADMIN' }, update: { role: 'ADMIN' } });
    logger.info('admin account ensured', { email: config.ADMIN_EMAIL });
  }
  // Lazy: the API starts (and answers 503 on workflow operations) even while Temporal is still coming up.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mailer = createMailer(config);
  const app = createApp({ prisma, temporal, config, logger, mailMode: mailer.mode, mailer });
  const server = app.listen(config.PORT, () => {
    logger.info('api listening', { url: config.PUBLIC_BASE_URL, port: config.PORT, temporal: config.TEMPORAL_ADDRESS });
  });
  const stop = () => {
    logger.info('api stopping');
    server.close(async () => {
      mailer.close();
      await connection.close();
      await prisma.$disconnect();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: 'api', msg: 'api failed', error: String(error?.stack ?? error) })}\n`);
  process.exit(1);
});
