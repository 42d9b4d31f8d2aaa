// API entry point: the HTTP service for coordinators, partners and Caf advisers.
import { Client, Connection } from '@temporalio/client';
import { createMailer, createOutbox } from '../infra/mail';
import { startService } from '../infra/startup';
import { temporalConnectionOptions } from '../infra/temporal/connection-options';
import { ensureRetentionSchedule } from '../infra/temporal/retention-schedule';
import { ensureDigestSchedule } from '../infra/temporal/digest-schedule';
import { createApp } from './app';

async function main() {
  const { config, logger, prisma } = await startService('api');
  if (config.ADMIN_EMAIL) {
    // The first administrator: they sign in at /connexion with a link sent to this address.
    await prisma.user.upsert({ where: { email: config.ADMIN_EMAIL }, create: { email: config.ADMIN_EMAIL, fullName: 'Administration', role: 'ADMIN' }, update: { role: 'ADMIN' } });
    logger.info('admin account ensured', { email: config.ADMIN_EMAIL });
  }
  // Lazy: the API starts (and answers 503 on workflow operations) even while Temporal is still coming up.
  const connection = Connection.lazy(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mailer = createMailer(config);
  const outbox = createOutbox({ prisma, mailer, mailFrom: config.MAIL_FROM, linkSecret: config.LINK_SECRET });
  const app = createApp({ prisma, temporal, config, logger, mailMode: mailer.mode, outbox });
  const server = app.listen(config.PORT, config.HOST, (error?: Error) => {
    // Express 5 hands a listen error (port taken, address not on this machine) to this callback.
    if (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'EADDRINUSE'
          ? `le port ${config.PORT} est déjà utilisé sur ${config.HOST} : arrêtez l’autre service ou choisissez un autre PORT`
          : code === 'EADDRNOTAVAIL'
            ? `l’adresse ${config.HOST} n’est pas une adresse de cette machine (HOST)`
            : code === 'EACCES'
              ? `le port ${config.PORT} demande des droits que ce processus n’a pas (PORT)`
              : String(error.message);
      logger.error('api cannot listen', { host: config.HOST, port: config.PORT, code, reason });
      process.stderr.write(`Le service ne peut pas écouter sur ${config.HOST}:${config.PORT} : ${reason}.\n`);
      process.exit(1);
    }
    logger.info('api listening', { url: config.PUBLIC_BASE_URL, host: config.HOST, port: config.PORT, temporal: config.TEMPORAL_ADDRESS });
  });
  // The nightly retention run, as a Temporal Schedule: ensured once Temporal answers (it may start after us).
  const policy = { messageDays: config.RETENTION_MESSAGE_DAYS, publicRegistrantMonths: config.RETENTION_PUBLIC_MONTHS };
  void (async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await ensureRetentionSchedule(temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE, policy });
        logger.info('retention schedule ensured', { outcome, ...policy });
        logger.info('adviser digest schedule ensured', { outcome: await ensureDigestSchedule(temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE }) });
        return;
      } catch (error) {
        if (attempt % 6 === 1) logger.warn('retention schedule not ensured yet, retrying', { attempt, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      }
    }
  })();
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
