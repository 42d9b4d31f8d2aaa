// A fresh, migrated PostgreSQL database per test file, so tests never see each other's rows.
// Server: TEST_PG_URL (default: the local PostgreSQL, trust auth, a role allowed to CREATE DATABASE).
import { applyMigrations } from '../../infra/db/migrations';
import { createPrismaClient, type PrismaClient } from '../../infra/db/prisma';
import { createEmptyDatabase } from '../../scripts/lib/databases';

export { adminQuery, createEmptyDatabase, databaseUrl, testServerUrl } from '../../scripts/lib/databases';

export type TestDatabase = { url: string; prisma: PrismaClient; drop(): Promise<void> };

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
