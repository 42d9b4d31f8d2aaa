// The one place that builds a Prisma client: the generated client (no native engine) over the pg driver
// adapter. Callers own its lifetime and call $disconnect() on shutdown.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client';

export * from '../../generated/prisma/client';

export interface DatabaseTimeouts {
  /** Waiting for a connection (a server down, a port black-holed). */
  connectMs: number;
  /** Any one statement, server side (statement_timeout, lock waits included) and client side (a frozen server). */
  queryMs: number;
}

export const defaultDatabaseTimeouts: DatabaseTimeouts = { connectMs: 5_000, queryMs: 20_000 };

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** A frozen or partitioned PostgreSQL must not hold requests for as long as it lasts: every wait is bounded. */
export function createPrismaClient(databaseUrl: string, timeouts: DatabaseTimeouts = defaultDatabaseTimeouts): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.queryMs,
    // The client gives up a little after the server would have: a server that never answers.
    query_timeout: timeouts.queryMs + 1_000,
    idle_in_transaction_session_timeout: Math.max(timeouts.queryMs * 2, 30_000),
  });
  // An idle connection the server dropped: the pool replaces it (the adapter listens too, once connected).
  pool.on('error', () => undefined);
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
