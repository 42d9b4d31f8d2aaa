// Offline Prisma schema engine: @prisma/schema-engine-wasm driven through the pg driver adapter, because the
// Prisma CLI cannot download its native schema-engine binary here. Dev tooling only: the package is ESM-only,
// so this file is loaded by tsx (scripts/migrate.ts), never by Jest or the running service.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

export type SchemaFile = { path: string; content: string };

// @types/node 20 does not declare the WebAssembly global (no DOM lib here): the little we use, typed.
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
type WasmApi = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
};

let wasmLoaded = false;

function loadWasm(): void {
  if (wasmLoaded) return;
  // The wasm calls this global on a Rust panic; without it the panic message is lost.
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      console.error('schema-engine panic:', message);
    },
  };
  const file = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
  // Instantiated by hand (the package's entry imports the .wasm as an ES module, which Node cannot load).
  const module = new Wasm.Module(readFileSync(file));
  const instance = new Wasm.Instance(module, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  wasmLoaded = true;
}

// Work-around 1: the schema describer reads pg_catalog columns of type "char" (OID 18, e.g.
// pg_constraint.contype), which @prisma/adapter-pg 7.10.1 refuses ("Column type 'char' could not be
// deserialized"). Read them as text and report them as ColumnType.Character, which the engine expects.
// Patched once on the shared PgQueryable prototype (the adapter's grand-prototype).
type PgFieldLike = { dataTypeID: number };
type PgQueryablePrototype = {
  __ctgCharPatched?: boolean;
  performIO(this: unknown, query: unknown): Promise<{ fields: PgFieldLike[]; rows: unknown[] }>;
  queryRaw(this: unknown, query: unknown): Promise<{ rows: unknown[]; columnTypes: number[] }>;
};
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, boolean[]>();

function patchCharColumns(adapter: object): void {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as PgQueryablePrototype;
  if (proto.__ctgCharPatched) return;
  proto.__ctgCharPatched = true;
  const { performIO, queryRaw } = proto;
  proto.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const isChar = result.fields.map((field) => field.dataTypeID === PG_CHAR_OID);
    if (isChar.some(Boolean)) {
      for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
      charColumnsByRows.set(result.rows, isChar);
    }
    return result;
  };
  proto.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    const isChar = charColumnsByRows.get(result.rows);
    if (isChar) result.columnTypes = result.columnTypes.map((type, i) => (isChar[i] ? ColumnTypeEnum.Character : type));
    return result;
  };
}

// Work-around 2: pass a plain config object, never a URL nor a pg.Pool. PrismaPg.connectToShadowDb() does
// new Pool({ ...config, database: shadow }); a connectionString would override `database` (the "shadow" would be
// the main database), and a Pool's password is non-enumerable so it would be lost by the spread.
export function pgConfigFromUrl(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    allowExitOnIdle: true, // the engine never disposes some pools; let the process exit
  };
}

type DisposableAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

export type ShadowKind = 'server' | 'pglite';

// Work-around 3: PrismaPg.connectToShadowDb() (7.10.1) drops the shadow database before closing its own pool, so
// the DROP fails ("being accessed by other users") and the diff errors out. Same idea in the right order.
class ShadowSafePg extends PrismaPg {
  readonly opened: DisposableAdapter[] = [];

  constructor(
    private readonly cfg: pg.PoolConfig,
    private readonly shadow: ShadowKind,
  ) {
    super(cfg);
  }

  override async connect(): Promise<DisposableAdapter> {
    const adapter = await super.connect();
    patchCharColumns(adapter);
    this.opened.push(adapter);
    return adapter;
  }

  override async connectToShadowDb(): Promise<DisposableAdapter> {
    return this.shadow === 'pglite' ? this.pgliteShadow() : this.serverShadow();
  }

  // A throwaway database on the same server (needs CREATEDB).
  private async serverShadow(): Promise<DisposableAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = async (sql: string) => {
      const client = new pg.Client(this.cfg);
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    const adapter = await new PrismaPg({ ...this.cfg, database: name }).connect();
    patchCharColumns(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return adapter;
  }

  // PGlite serves one database per instance, so the shadow is a second, in-memory PGlite.
  private async pgliteShadow(): Promise<DisposableAdapter> {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 10 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    const adapter = await new PrismaPg({ ...this.cfg, host: '127.0.0.1', port, database: 'postgres' }).connect();
    patchCharColumns(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await server.stop();
      await db.close();
    };
    return adapter;
  }
}

export type OfflineSchemaEngine = {
  engine: SchemaEngine;
  // Errors thrown by the JS adapter come back as "External error id#N": call() maps them back to the real error.
  call<T>(promise: Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export async function openEngine(
  databaseUrl: string,
  schemaFiles: SchemaFile[],
  options: { shadow?: ShadowKind } = {},
): Promise<OfflineSchemaEngine> {
  loadWasm();
  const factory = new ShadowSafePg(pgConfigFromUrl(databaseUrl), options.shadow ?? 'server');
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const unwrap = (error: unknown): unknown => {
    const id = /External error id#(\d+)/.exec(String((error as Error | undefined)?.message))?.[1];
    return (id && adapter.errorRegistry.consumeError(Number(id))?.error) || error;
  };
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error('[schema-engine]', message);
  };
  const datamodels = schemaFiles.map((file): [string, string] => [file.path, file.content]);
  let engine: SchemaEngine;
  try {
    engine = await bg.SchemaEngine.new({ datamodels }, log, adapter);
  } catch (error) {
    throw unwrap(error);
  }
  return {
    engine,
    async call<T>(promise: Promise<T>): Promise<T> {
      try {
        return await promise;
      } catch (error) {
        throw unwrap(error);
      }
    },
    async close() {
      engine.free();
      for (const opened of factory.opened.splice(0)) await opened.dispose().catch(() => undefined);
    },
  };
}

// Reads prisma/migrations the way the Prisma CLI hands it to the engine.
export async function loadMigrations(dir: string, shadowDbInitScript = ''): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationList['migrationDirectories'] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const content = await readFile(path.join(dir, entry.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok' as const, value }))
      .catch((error: Error) => ({ tag: 'error' as const, value: error.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  migrationDirectories.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const lockContent = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    migrationDirectories,
    shadowDbInitScript,
  };
}

export const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };
