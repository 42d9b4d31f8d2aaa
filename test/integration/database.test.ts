// The database layer on real engines: the migration runner on PostgreSQL (bookkeeping compatible with Prisma,
// refusals, concurrent start-up), the schema/migrations sync check, and the embedded PGlite server.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readLocalMigrations } from '../../infra/db/migrations';
import { createPrismaClient } from '../../infra/db/prisma';
import { standardDescription } from '../../domain/standard-descriptions';
import { adminQuery, createEmptyDatabase, createTestDatabase } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function localMigrationNames(): Promise<string[]> {
  return (await readLocalMigrations()).map((migration) => migration.name);
}

const territory = { name: 'CC du Pays de Test', cafName: 'Caf de Test', coordinatorName: 'Camille', coordinatorEmail: 'camille@cc-test.fr' };

describe('migration runner on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function emptyDatabase() {
    const database = await createEmptyDatabase('ctg_mig');
    cleanups.push(database.drop);
    return database;
  }

  test('applies every migration on a fresh database, then nothing on a second run', async () => {
    const { url } = await emptyDatabase();
    const names = await localMigrationNames();
    expect(names.length).toBeGreaterThan(0);

    const logs: string[] = [];
    const first = await applyMigrations(url, { log: (msg) => logs.push(msg) });
    expect(first.applied).toEqual(names);
    expect(logs).toContain('migration applied');

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);

    const tables = await query<{ name: string }>(url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((t) => t.name).sort()).toEqual(
      ['AccessToken', 'Attendance', 'Contact', 'InterviewBooking', 'InterviewSlot', 'MeetingDocument', 'Message', 'MessageTemplate', 'NewsletterIssue', 'PlanDraft', 'Process', 'Registration', 'Step', 'Territory', 'TerritoryCoordinator', 'User', '_prisma_migrations'].sort(),
    );
  });

  test('gives steps stored before behaviours their behaviour and the words they were sent with', async () => {
    const { url } = await emptyDatabase();
    const names = await localMigrationNames();
    const upTo = names.findIndex((name) => name.endsWith('_plan_behaviours_and_words'));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctg-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    for (const name of names.slice(0, upTo)) await cp(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
    await applyMigrations(url, { migrationsDir: dir });
    const [territoryRow] = await query<{ id: string }>(
      url,
      `INSERT INTO "Territory" (id, name, "cafName", "coordinatorName", "coordinatorEmail", "updatedAt") VALUES (gen_random_uuid(), 'CC', 'Caf', 'C', 'c@x.fr', now()) RETURNING id`,
    );
    const territoryId = territoryRow!.id;
    const [processRow] = await query<{ id: string }>(
      url,
      `INSERT INTO "Process" (id, "territoryId", kind, "periodStart", "periodEnd", "workflowId", plan, "updatedAt") VALUES (gen_random_uuid(), $1, 'ELABORATION', 2026, 2030, 'ctg-process/x', '{}', now()) RETURNING id`,
      [territoryId],
    );
    const processId = processRow!.id;
    const legacy = [
      ['analyse', 'ANALYSE_DOCUMENTAIRE', null],
      ['enquete', 'CONSULTATION_HABITANTS', null],
      ['forum', 'FORUM_HABITANTS', null],
      ['gt-1', 'GROUPE_DE_TRAVAIL', 1],
      ['copil', 'RESTITUTION_COPIL', null],
    ] as const;
    for (const [index, [key, kind, session]] of legacy.entries()) {
      await query(
        url,
        `INSERT INTO "Step" (id, "processId", key, position, phase, kind, title, audience, "invitationLeadDays", "reminderDays", "dependsOn", session, "icalUid", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, 'DIAGNOSTIC', $4, $2, '{}', 21, '{}', '{}', $5, $6, now())`,
        [processId, key, index, kind, session, randomUUID()],
      );
    }
    await applyMigrations(url);
    const rows = await query<{ key: string; behaviour: string; description: string; body: string | null }>(url, `SELECT key, behaviour, description, body FROM "Step" ORDER BY position`);
    expect(rows.map((r) => [r.key, r.behaviour])).toEqual([
      ['analyse', 'TASK'],
      ['enquete', 'SURVEY'],
      ['forum', 'PUBLIC_MEETING'],
      ['gt-1', 'MEETING'],
      ['copil', 'MEETING'],
    ]);
    expect(rows[3]!.description).toBe(standardDescription('GROUPE_DE_TRAVAIL', 1));
    expect(rows[4]!.description).toBe(standardDescription('RESTITUTION_COPIL'));
    // Committee steps of the standard plan are meetings of the standard bodies.
    expect(rows.map((r) => r.body)).toEqual([null, null, null, null, 'copil']);
  });

  test('records Prisma-compatible _prisma_migrations rows (sha256 of migration.sql)', async () => {
    const { url } = await emptyDatabase();
    await applyMigrations(url);
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
      id: string;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const names = await localMigrationNames();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('refuses a database where an applied migration was edited', async () => {
    const { url } = await emptyDatabase();
    await applyMigrations(url);
    const [first] = await localMigrationNames();
    await query(url, `UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ['0'.repeat(64), first]);
    await expect(applyMigrations(url)).rejects.toThrow(`migration ${first} was modified after it was applied`);
  });

  test('refuses a database with a migration missing from the folder', async () => {
    const { url } = await emptyDatabase();
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, '20000101000000_gone', now(), 1)`,
      [randomUUID(), '0'.repeat(64)],
    );
    await expect(applyMigrations(url)).rejects.toThrow(
      'migration 20000101000000_gone is applied in the database but missing from the migrations folder',
    );
  });

  test('rolls a failing migration back entirely, with no _prisma_migrations row', async () => {
    const { url } = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctg-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await cp(path.join(dir, (await localMigrationNames())[0]!), path.join(dir, '29991231235959_broken'), { recursive: true });
    await writeFile(
      path.join(dir, '29991231235959_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n',
    );

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /Migration 29991231235959_broken failed and was rolled back: relation "NoSuchTable" does not exist/,
    );
    const names = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((row) => row.migration_name)).toEqual(await localMigrationNames());
    expect(await query(url, `SELECT to_regclass('"HalfDone"') AS t`)).toEqual([{ t: null }]);
  });

  test('several processes starting at once all succeed and each migration is applied once', async () => {
    const { url } = await emptyDatabase();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const names = await localMigrationNames();
    expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
    const rows = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0]!.n).toBe(names.length);
  });

  test('createTestDatabase gives a migrated database with a working client, and drop() removes it', async () => {
    const db = await createTestDatabase('ctg_support');
    let dropped = false;
    cleanups.push(async () => {
      if (!dropped) await db.drop();
    });
    const created = await db.prisma.territory.create({ data: territory });
    expect(created.timezone).toBe('Europe/Paris');
    expect(await db.prisma.territory.count()).toBe(1);

    const name = new URL(db.url).pathname.slice(1);
    await db.drop();
    dropped = true;
    const left = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
    expect(left.rowCount).toBe(0);
  });
});

describe('scripts/migrate.ts check', () => {
  test('exits 0: prisma/schema.prisma and prisma/migrations are in sync', async () => {
    const { stdout } = await run(TSX, ['scripts/migrate.ts', 'check'], { cwd: ROOT, timeout: 90_000 });
    expect(stdout).toContain('are in sync');
  });

  test('exits 1 and prints the missing SQL when the schema moved on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctg-schema-'));
    try {
      const schema = await readFile(path.join(ROOT, 'prisma/schema.prisma'), 'utf8');
      await writeFile(path.join(dir, 'schema.prisma'), `${schema}\nmodel Extra {\n  id Int @id\n}\n`);
      const outcome = await run(TSX, ['scripts/migrate.ts', 'check'], {
        cwd: ROOT,
        timeout: 90_000,
        env: { ...process.env, PRISMA_SCHEMA: path.join(dir, 'schema.prisma') },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('CREATE TABLE "Extra"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// PGlite loads parts of itself with dynamic import(), which Jest's module sandbox refuses without
// --experimental-vm-modules: the server runs in a child process, as it would beside the API and the worker.
const SERVE_EMBEDDED = `
import { startEmbeddedPostgres } from './infra/db/embedded-postgres';
startEmbeddedPostgres({ dataDir: process.env.CTG_PGLITE_DIR!, port: 0 }).then(
  (server) => {
    console.log('READY ' + server.url);
    process.stdin.on('end', () => server.stop().then(() => process.exit(0)));
    process.stdin.resume();
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
`;

type EmbeddedChild = { url: string; stop(): Promise<number | null> };

const children = new Set<ChildProcess>();

function spawnEmbedded(dataDir: string): Promise<EmbeddedChild> {
  const child = spawn(TSX, ['-e', SERVE_EMBEDDED], {
    cwd: ROOT,
    env: { ...process.env, CTG_PGLITE_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // own process group: tsx runs the code in a grandchild, killed with it if need be
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /READY (\S+)/.exec(stdout)?.[1];
      if (url) resolve({ url, stop: () => (child.stdin.end(), exited) });
    });
    void exited.then((code) => reject(new Error(`embedded server exited (${code}): ${stderr.trim()}`)));
  });
}

describe('embedded PostgreSQL (PGlite)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ctg-pglite-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGKILL'); // left only by a failed test
    await rm(dataDir, { recursive: true, force: true });
  });

  test('migrates, serves Prisma and pg concurrently, and keeps its data across a restart', async () => {
    const first = await spawnEmbedded(dataDir);
    let territoryId: string;
    try {
      expect(first.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(first.url).not.toMatch(/:0\//);
      await expect(spawnEmbedded(dataDir)).rejects.toThrow(/already in use by process \d+/);

      const results = await Promise.all([applyMigrations(first.url), applyMigrations(first.url)]);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(await localMigrationNames());

      const prisma = createPrismaClient(first.url);
      try {
        territoryId = (await prisma.territory.create({ data: territory })).id;
        expect(await prisma.territory.findUnique({ where: { id: territoryId } })).toMatchObject(territory);

        // Interactive transactions on one pool while another pool runs parameterised queries: without the
        // query serialisation of embedded-postgres.ts the unnamed statement gets clobbered (wrong rows, errors).
        const other = new pg.Pool({ connectionString: first.url, max: 5 });
        try {
          const transactions = Array.from({ length: 4 }, (_, worker) =>
            (async () => {
              for (let i = 0; i < 15; i++) {
                await prisma.$transaction(async (tx) => {
                  const found = await tx.territory.findUniqueOrThrow({ where: { id: territoryId } });
                  await tx.contact.create({
                    data: { territoryId: found.id, email: `p${worker}-${i}@test.fr`, fullName: 'P', roles: ['PARTENAIRE'], domains: [] },
                  });
                });
              }
            })(),
          );
          const plain = Array.from({ length: 4 }, (_, worker) =>
            (async () => {
              for (let i = 0; i < 40; i++) {
                const value = `${worker}-${i}`;
                const { rows } = await other.query<{ v: string }>('SELECT $1::text AS v', [value]);
                expect(rows).toEqual([{ v: value }]);
                expect(typeof (await prisma.contact.count({ where: { territoryId } }))).toBe('number');
              }
            })(),
          );
          await Promise.all([...transactions, ...plain]);
        } finally {
          await other.end();
        }
        expect(await prisma.contact.count({ where: { territoryId } })).toBe(60);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await spawnEmbedded(dataDir);
    try {
      expect((await applyMigrations(second.url)).applied).toEqual([]);
      const prisma = createPrismaClient(second.url);
      try {
        expect(await prisma.territory.findUnique({ where: { id: territoryId } })).toMatchObject(territory);
        expect(await prisma.contact.count()).toBe(60);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
