// Runtime migration runner (plain pg, no Prisma engine): applies prisma/migrations at start-up of the API, the
// worker and the tests. It keeps Prisma's own `_prisma_migrations` bookkeeping, so `prisma migrate deploy` on a
// machine with the native engine sees the same migrations as applied, and the reverse.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** prisma/migrations of the project, whether this runs from the sources or compiled into dist/. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, path.basename(path.resolve(__dirname, '../..')) === 'dist' ? '../../..' : '../..', 'prisma/migrations');

// The key `prisma migrate deploy` locks on: our runner and Prisma's exclude each other.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Same definition as the table the Prisma schema engine creates on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationLog = (msg: string, fields?: Record<string, unknown>) => void;
export type MigrationOptions = { migrationsDir?: string; log?: MigrationLog };

export type LocalMigration = { name: string; sql: string; checksum: string };

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  started_at: Date;
};

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

// Mirrors the schema engine: a checksum still matches when git changed the line endings, and very old Prisma
// versions stored the hex digest without zero padding (prisma-engines#1887).
function checksumMatches(sql: string, stored: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const padded = digest.toString('hex');
    const unpadded = Array.from(digest, (byte) => byte.toString(16)).join('');
    return stored === padded || (stored.length !== padded.length && stored === unpadded);
  });
}

/** Migration folders (`<timestamp>_<name>/migration.sql`) in the order Prisma applies them. */
export async function readLocalMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`Migrations folder not found: ${migrationsDir}`);
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // byte order, like the engine, not locale order
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const file = path.join(migrationsDir, name, 'migration.sql');
    const sql = await readFile(file, 'utf8').catch(() => {
      throw new Error(`Migration ${name} has no readable migration.sql (${file})`);
    });
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}

async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'ctg-migrations' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// One transaction holding the advisory lock. A transaction-scoped lock (rather than one session lock for the
// whole run) because on PGlite every connection shares one backend, so session locks never conflict there;
// its socket server runs one transaction at a time instead, and every step re-reads the state under the lock.
async function inLockedTransaction<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    const result = await run();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function appliedRows(client: pg.Client, name?: string): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, started_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL AND ($1::text IS NULL OR migration_name = $1)
      ORDER BY started_at, migration_name`,
    [name ?? null],
  );
  return rows;
}

// The refusals `prisma migrate deploy` would make, with the way out in the message.
function historyProblems(local: LocalMigration[], rows: AppliedRow[]): string[] {
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  const problems: string[] = [];
  for (const row of rows) {
    const migration = byName.get(row.migration_name);
    if (row.finished_at === null) {
      problems.push(
        `migration ${row.migration_name} started at ${row.started_at.toISOString()} but never finished; ` +
          `fix the database by hand, then mark it with \`prisma migrate resolve\` or delete its _prisma_migrations row`,
      );
    } else if (!migration) {
      problems.push(`migration ${row.migration_name} is applied in the database but missing from the migrations folder`);
    } else if (!checksumMatches(migration.sql, row.checksum)) {
      problems.push(
        `migration ${row.migration_name} was modified after it was applied ` +
          `(checksum ${row.checksum} in the database, ${migration.checksum} on disk); add a new migration instead`,
      );
    }
  }
  return problems;
}

function refuse(databaseUrl: string, problems: string[]): never {
  const where = redactUrl(databaseUrl);
  throw new Error(`Refusing to migrate ${where}:\n  - ${problems.join('\n  - ')}`);
}

export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid database URL)';
  }
}

/**
 * Applies every pending migration folder in name order, each in its own transaction together with its
 * `_prisma_migrations` row. Safe to call from several processes at once: they serialise on an advisory lock
 * and each migration is applied exactly once.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => undefined);
  const local = await readLocalMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  return withClient(databaseUrl, async (client) => {
    const started = performance.now();
    const alreadyApplied = await inLockedTransaction(client, async () => {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await appliedRows(client);
      const problems = historyProblems(local, rows);
      if (problems.length > 0) refuse(databaseUrl, problems);
      return new Set(rows.map((row) => row.migration_name));
    });

    const applied: string[] = [];
    for (const migration of local) {
      if (alreadyApplied.has(migration.name)) continue;
      const t0 = performance.now();
      const didApply = await inLockedTransaction(client, async () => {
        // Another process may have applied it while we waited for the lock.
        const rows = await appliedRows(client, migration.name);
        if (rows.length > 0) {
          const problems = historyProblems(local, rows);
          if (problems.length > 0) refuse(databaseUrl, problems);
          return false;
        }
        try {
          await client.query(migration.sql); // simple query protocol: a multi-statement script is fine
        } catch (error) {
          throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
            cause: error,
          });
        }
        await client.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, migration_name, logs, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, NULL, now(), clock_timestamp(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        return true;
      });
      if (didApply) {
        applied.push(migration.name);
        log('migration applied', { migration: migration.name, durationMs: Math.round(performance.now() - t0) });
      }
    }
    log(applied.length > 0 ? 'database migrated' : 'database schema up to date', {
      applied: applied.length,
      total: local.length,
      durationMs: Math.round(performance.now() - started),
    });
    return { applied };
  });
}

export type MigrationStatus = {
  applied: string[];
  pending: string[];
  problems: string[];
};

/** Read-only view of the migration history (for `scripts/migrate.ts status`); creates nothing. */
export async function getMigrationStatus(
  databaseUrl: string,
  options: Pick<MigrationOptions, 'migrationsDir'> = {},
): Promise<MigrationStatus> {
  const local = await readLocalMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  return withClient(databaseUrl, async (client) => {
    const { rows: exists } = await client.query<{ table: string | null }>(
      `SELECT to_regclass('"_prisma_migrations"')::text AS table`,
    );
    const rows = exists[0]?.table ? await appliedRows(client) : [];
    const done = new Set(rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
    return {
      applied: rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name),
      pending: local.filter((migration) => !done.has(migration.name)).map((migration) => migration.name),
      problems: historyProblems(local, rows),
    };
  });
}
