// The one place that builds a Prisma client: the generated client (no native engine) over the pg driver
// adapter. Callers own its lifetime and call $disconnect() on shutdown.
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { createPgPool, defaultDatabaseTimeouts, type DatabaseTimeouts } from './pg-pool';
import { PrismaClient } from '../../generated/prisma/client';

export * from '../../generated/prisma/client';

export { defaultDatabaseTimeouts, type DatabaseTimeouts } from './pg-pool';

const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createPrismaClient(databaseUrl: string, timeouts: DatabaseTimeouts = defaultDatabaseTimeouts): PrismaClient {
  const pool = createPgPool(databaseUrl, timeouts);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The connection pool under a client, for the outbox's claims and marks alone (./outbox-rows.ts): a
 * statement each for many messages, thousands a minute in a burst, where Prisma's query interpreter
 * cost the delivery worker a tenth of its CPU. The same pool, timeouts and connections as every query.
 */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('a Prisma client made by createPrismaClient is needed');
  return pool;
}
