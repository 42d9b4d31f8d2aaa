// A fresh, migrated PostgreSQL database per test file, so tests never see each other's rows.
// Server: TEST_PG_URL (default: the local PostgreSQL, trust auth, a role allowed to CREATE DATABASE).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '../../infra/db/migrations';
import { createPrismaClient, type PrismaClient } from '../../infra/db/prisma';

const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = { url: string; prisma: PrismaClient; drop(): Promise<void> };

export function testServerUrl(): string {
  return process.env.TEST_PG_URL ?? DEFAULT_SERVER_URL;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string, serverUrl = testServerUrl()): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations); the name is safe to interpolate. */
export async function createEmptyDatabase(prefix = 'ctg_test'): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`Invalid database prefix: ${prefix}`);
  const serverUrl = testServerUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`, serverUrl);
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, serverUrl);
    },
  };
}

export async function createTestDatabase(prefix = 'ctg_test'): Promise<TestDatabase> {
  const database = await createEmptyDatabase(prefix);
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const prisma = createPrismaClient(database.url);
  return {
    url: database.url,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
