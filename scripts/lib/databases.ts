// Databases on the local PostgreSQL server (or TEST_PG_URL's) for the tests, the bench and the fault runs:
// each creates its own, named so it cannot collide, and drops it when done.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '../../infra/db/migrations';
import { createPrismaClient, type PrismaClient } from '../../infra/db/prisma';

const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

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

export interface MigratedDatabase {
  name: string;
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh database with every migration applied and a Prisma client (dropped again if migrating fails). */
export async function createMigratedDatabase(prefix = 'ctg_test'): Promise<MigratedDatabase> {
  const database = await createEmptyDatabase(prefix);
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const prisma = createPrismaClient(database.url);
  return {
    name: database.name,
    url: database.url,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
