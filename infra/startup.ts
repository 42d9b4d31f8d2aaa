// What both entry points (API and worker) do before serving: read the configuration, open the
// database (migrating it, advisory-locked so both can start together) and log where they stand.
import { linkSecretOf } from './auth/link-secret';
import { loadConfigOrExit, type Config } from './config';
import { applyMigrations, redactUrl } from './db/migrations';
import { createPrismaClient, type DatabaseTimeouts, type PrismaClient } from './db/prisma';
import { createLogger, type Logger } from './logger';

export interface Started {
  config: Config & { DATABASE_URL: string; LINK_SECRET: string };
  logger: Logger;
  prisma: PrismaClient;
}

export async function startService(service: 'api' | 'worker'): Promise<Started> {
  const config = loadConfigOrExit();
  const logger = createLogger(service, { level: config.LOG_LEVEL });
  if (!config.DATABASE_URL) {
    process.stderr.write(
      'Configuration invalide :\n  - DATABASE_URL : requis pour lancer ce processus seul (npm start fournit une base embarquée).\n',
    );
    process.exit(78);
  }
  const databaseUrl = config.DATABASE_URL;
  const { applied } = await retry(() => applyMigrations(databaseUrl, { log: (msg, fields) => logger.info(msg, fields) }), logger, 'database');
  logger.info('database ready', { database: redactUrl(databaseUrl), migrationsApplied: applied.length });
  const link = linkSecretOf(config);
  if (link.source === 'file') logger.warn('LINK_SECRET unset: partners’ links derive from a secret kept in DATA_DIR; set LINK_SECRET in production, the same for every worker');
  return { config: { ...config, DATABASE_URL: databaseUrl, LINK_SECRET: link.secret }, logger, prisma: createPrismaClient(databaseUrl, databaseTimeoutsOf(config)) };
}

/** Dependencies may start after us (docker compose): retry for about a minute before giving up. */
export async function retry<T>(action: () => Promise<T>, logger: Logger, what: string, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn(`${what} not reachable yet, retrying`, { attempt, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * attempt)));
    }
  }
}

/** The bounds on every database wait, from the configuration (Prisma's pool, the courier thread's). */
export function databaseTimeoutsOf(config: Pick<Config, 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_QUERY_TIMEOUT_MS'>): DatabaseTimeouts {
  return { connectMs: config.DATABASE_CONNECT_TIMEOUT_MS, queryMs: config.DATABASE_QUERY_TIMEOUT_MS };
}
