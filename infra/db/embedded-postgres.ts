// Zero-install PostgreSQL for a first run: PGlite (PostgreSQL compiled to WebAssembly) persisted in a folder,
// served on the PostgreSQL wire protocol so Prisma (PrismaPg), pg and psql connect to it like to a server.
//
// Limits to know (measured with @electric-sql/pglite 0.5.14 + pglite-socket 0.2.17):
// - One database (the name in the URL is ignored) and one backend: every connection shares the same session,
//   so session state (SET, session advisory locks, named prepared statements, temp tables) is shared too.
// - The socket server runs one statement at a time and, once a client opened a transaction, only that client's
//   statements until it commits or rolls back. Several processes with a pg Pool each work (tested: two processes
//   × 10 connections, no lost update), but everything is serialised: a transaction that waits for something
//   else (another connection of the same pool, an SMTP send, a Temporal call) blocks every other client until
//   it ends. Prisma interactive transactions time out after 5 s by default, which then releases the others.
// - A client that disconnects mid-transaction is rolled back by the server.
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

// A pid file taken with O_EXCL; a file left by a crashed process (its pid is gone) is replaced.
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
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
      db,
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
