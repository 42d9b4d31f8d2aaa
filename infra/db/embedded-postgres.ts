// Zero-install PostgreSQL for a first run: PGlite (PostgreSQL compiled to WebAssembly) persisted in a folder,
// served on the PostgreSQL wire protocol so Prisma (PrismaPg), pg and psql connect to it like to a server.
//
// Limits to know (measured with @electric-sql/pglite 0.5.14 + pglite-socket 0.2.17):
// - One database (the name in the URL is ignored) and one backend: every connection shares the same session,
//   so session state (SET, session advisory locks, named prepared statements, temp tables) is shared too.
// - The socket server runs one protocol message at a time and, once a client opened a transaction, only that
//   client's messages until it commits or rolls back. Out of the box it lets another client's transaction run
//   between the Parse and the Sync of an extended-protocol query (every query pg and Prisma send), which clobbers
//   the unnamed statement: wrong rows ("Cannot read properties of null (reading '_count')" from Prisma count)
//   and "unnamed prepared statement does not exist". serialiseQueries() below closes that gap.
// - So everything is serialised. Several processes with a pg Pool each work (tested: two processes × 10
//   connections, interactive transactions, no lost update), but a transaction that waits for something else
//   (another connection of the same pool, an SMTP send, a Temporal call) blocks every other client until it
//   ends. Prisma interactive transactions time out after 5 s by default, which then releases the others.
// - A client that disconnects mid-transaction is rolled back by the server. Cancel requests are ignored.
// - Queries run synchronously on the JavaScript thread of the process hosting PGlite: host it in a process of its
//   own (scripts/dev.ts does), not inside the API. It is PostgreSQL 18 (the real servers here are 15).
// - PGlite loads parts of itself with dynamic import(): Jest cannot load this file without
//   --experimental-vm-modules, so tests run it in a child process (see test/integration/database.test.ts).
// - PGlite has no lock on its folder: a second instance on the same dataDir would corrupt it, so we add one.
// Fine for a single-machine evaluation (API + worker); point DATABASE_URL at a real PostgreSQL beyond that.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export const DEFAULT_EMBEDDED_PORT = 55432;

// Enough for the Prisma pools of the API and the worker (10 each by default), the migration runner and a
// few psql or test clients. A socket connection costs little: they all share the one backend.
const MAX_CONNECTIONS = 100;

const LOCK_FILE = 'ctg-embedded-postgres.lock';

export type EmbeddedPostgres = { url: string; stop(): Promise<void> };

// Directories this process holds: a lock file naming our own pid but absent from here was left by an earlier
// process that got the same pid (a restarted container typically does).
const heldDirs = new Set<string>();

// Start time of a process in clock ticks since boot (Linux /proc), to tell it apart from a later process that
// reused its pid. Null where /proc is not available.
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number, startTime: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, another user's
  }
  const current = processStartTime(pid);
  return !startTime || !current || current === startTime;
}

// A lock file taken with O_EXCL, naming its owner; one left by a dead owner is replaced.
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n${processStartTime(process.pid) ?? ''}\n`);
      closeSync(fd);
      heldDirs.add(dataDir);
      return () => {
        heldDirs.delete(dataDir);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidLine, startTime] = readFileSync(file, 'utf8').split('\n');
      const pid = Number.parseInt(pidLine ?? '', 10);
      const held = pid === process.pid ? heldDirs.has(dataDir) : pid > 0 && isRunning(pid, startTime || undefined);
      if (held) {
        throw new Error(
          `The embedded PostgreSQL data directory ${dataDir} is already in use by process ${pid}` +
            (pid === process.pid ? ' (this process)' : '') +
            `. Stop that process, or use another data directory, or set DATABASE_URL to a running PostgreSQL.`,
        );
      }
      rmSync(file, { force: true }); // stale: its owner died without cleaning up
    }
  }
  throw new Error(`Could not lock the embedded PostgreSQL data directory ${dataDir} (${file}).`);
}

// Extended-protocol messages (Parse, Bind, Describe, Execute, Close, Flush) open a sequence that only Sync ends;
// Query (simple protocol) and Terminate stand alone.
const OPENS_SEQUENCE = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const ENDS_SEQUENCE = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

// The socket server keeps serving the same client while db.isInTransaction() is true. Hand it a view of the
// database that also reports true between a client's Parse and its Sync, so an extended-protocol query runs
// as one unit, like a transaction. Only the socket server sees this view; the PGlite instance is unchanged.
function serialiseQueries(db: PGlite): PGlite {
  let inSequence = false;
  const execProtocolRawStream: PGlite['execProtocolRawStream'] = async (message, options) => {
    const type = message[0] ?? 0;
    try {
      return await db.execProtocolRawStream(message, options);
    } finally {
      if (OPENS_SEQUENCE.has(type)) inSequence = true;
      else if (ENDS_SEQUENCE.has(type)) inSequence = false;
    }
  };
  // Used by the server to roll back after a client vanished mid-transaction: that also ends any sequence.
  const exec: PGlite['exec'] = async (query, options) => {
    try {
      return await db.exec(query, options);
    } finally {
      inSequence = false;
    }
  };
  const isInTransaction = () => inSequence || db.isInTransaction();
  const overrides: Record<PropertyKey, unknown> = { execProtocolRawStream, exec, isInTransaction };
  return new Proxy(db, {
    get(target, property) {
      if (property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value; // PGlite methods use #private fields
    },
  });
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  host?: string;
}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create({ dataDir }); // initdb on first use (a few seconds), then reopens the folder
    server = new PGLiteSocketServer({
      db: serialiseQueries(db),
      host,
      port: options.port ?? DEFAULT_EMBEDDED_PORT,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start().catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw new Error(
          `Cannot start the embedded PostgreSQL: ${host}:${options.port ?? DEFAULT_EMBEDDED_PORT} is already in use. ` +
            `Choose another port, or set DATABASE_URL to the PostgreSQL already listening there.`,
          { cause: error },
        );
      }
      throw error;
    });
  } catch (error) {
    await db?.close().catch(() => undefined);
    unlock();
    throw error;
  }

  // getServerConn() reports the real port when 0 ("any free port") was asked for.
  const port = Number(server.getServerConn().split(':').pop());
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `postgresql://postgres@${urlHost}:${port}/postgres`;

  let stopping: Promise<void> | undefined;
  const running = { db, server };
  return {
    url,
    stop() {
      stopping ??= (async () => {
        try {
          await running.server.stop(); // disconnects clients; open transactions are rolled back
          await running.db.close(); // flushes to dataDir
        } finally {
          unlock();
        }
      })();
      return stopping;
    },
  };
}
