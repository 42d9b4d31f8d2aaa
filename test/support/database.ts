// A fresh, migrated PostgreSQL database per test file, so tests never see each other's rows.
// Server: TEST_PG_URL (default: the local PostgreSQL, trust auth, a role allowed to CREATE DATABASE).
import { createMigratedDatabase, type MigratedDatabase } from '../../scripts/lib/databases';

export { adminQuery, createEmptyDatabase, databaseUrl, testServerUrl } from '../../scripts/lib/databases';

export type TestDatabase = MigratedDatabase;

export const createTestDatabase = (prefix = 'ctg_test'): Promise<TestDatabase> => createMigratedDatabase(prefix);
