// A PostgreSQL that stops answering must not hold the API: every statement is bounded, and a request
// past the bound answers 503 problem+json at once, then works again when the database does. Here a
// table is locked by another session (what a frozen or overloaded server looks like from the API).
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createApp } from '../../api/app';
import { issueToken } from '../../infra/auth/tokens';
import { loadConfig } from '../../infra/config';
import { createPrismaClient } from '../../infra/db/prisma';
import { createLogger } from '../../infra/logger';
import { createMailer, createOutbox } from '../../infra/mail';
import { databaseTimeoutsOf } from '../../infra/startup';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('database timeouts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('answers 503 within the query timeout while PostgreSQL holds a statement, then 200 again', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, DATABASE_QUERY_TIMEOUT_MS: '800', LOG_LEVEL: 'error' });
    const prisma = createPrismaClient(db.url, databaseTimeoutsOf(config));
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const mailer = createMailer(config);
    const app = createApp({ prisma, temporal, config: { ...config, LINK_SECRET: 'x'.repeat(32) }, logger: createLogger('test', { level: 'error' }), mailMode: mailer.mode, outbox: createOutbox({ prisma, mailer, mailFrom: config.MAIL_FROM, linkSecret: 'x'.repeat(32) }) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const admin = await db.prisma.user.create({ data: { email: 'admin@ctg.example.org', fullName: 'Admin', role: 'ADMIN' } });
    const { token } = await issueToken(db.prisma, 'API', { userId: admin.id });
    const get = () => fetch(`${base}/api/territories`, { headers: { authorization: `Bearer ${token}` } });

    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      expect((await get()).status).toBe(200);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "Territory" IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const held = await get();
      const waited = Date.now() - started;
      expect(held.status).toBe(503);
      expect(held.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(held.headers.get('retry-after')).toBe('5');
      expect(waited).toBeLessThan(5_000);
      await locker.query('ROLLBACK');
      expect((await get()).status).toBe(200);
    } finally {
      await locker.end();
      await new Promise((resolve) => server.close(resolve));
      mailer.close();
      await prisma.$disconnect();
    }
  });
});
