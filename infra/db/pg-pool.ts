// The one way to open PostgreSQL connections (under Prisma, and the outbox's courier thread on its own):
// every wait bounded, so a frozen or partitioned server does not hold requests for as long as it lasts.
import pg from 'pg';

export interface DatabaseTimeouts {
  /** Waiting for a connection (a server down, a port black-holed). */
  connectMs: number;
  /** Any one statement, server side (statement_timeout, lock waits included) and client side (a frozen server). */
  queryMs: number;
}

export const defaultDatabaseTimeouts: DatabaseTimeouts = { connectMs: 5_000, queryMs: 20_000 };

export function createPgPool(databaseUrl: string, timeouts: DatabaseTimeouts = defaultDatabaseTimeouts, max?: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.queryMs,
    // The client gives up a little after the server would have: a server that never answers.
    query_timeout: timeouts.queryMs + 1_000,
    idle_in_transaction_session_timeout: Math.max(timeouts.queryMs * 2, 30_000),
    ...(max ? { max } : {}),
  });
  // An idle connection the server dropped: the pool replaces it (the adapter listens too, once connected).
  pool.on('error', () => undefined);
  return pool;
}
