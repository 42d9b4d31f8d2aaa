// The Temporal CLI's dev server as a child process of ours (infra/temporal/dev-server.ts lets the SDK own
// it, which hides its pid): so a run can kill it (SIGKILL, as a crash) and start it again on the same port
// and the same SQLite file, and measure what the service does meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { resolveTemporalCli } from '../../infra/temporal/cli';
import { devServerDynamicConfig } from '../../infra/temporal/dev-server';
import { searchAttributeKeys } from '../../workflows/definitions';
import { freePort } from './ports';

export interface TemporalServer {
  address: string;
  namespace: string;
  dbFile: string;
  readonly pid: number | null;
  /** Kills the server (SIGKILL by default: a crash, nothing flushed beyond what SQLite committed). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and file; resolves when it answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function waitUntilServing(address: string, namespace: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`Temporal dev server exited while starting: ${String(lastError)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`Temporal dev server not serving on ${address} after ${timeoutMs / 1000} s: ${String(lastError)}`);
}

export async function startTemporalServer(
  options: { dbFile?: string; port?: number; namespace?: string; log?: (message: string) => void; startTimeoutMs?: number } = {},
): Promise<TemporalServer> {
  const log = options.log ?? (() => undefined);
  const cli = await resolveTemporalCli({ log });
  if (!cli) throw new Error('No Temporal CLI: set TEMPORAL_CLI_PATH or install Go (see README, Temporal)');
  const namespace = options.namespace ?? 'default';
  const ownDir = options.dbFile ? null : mkdtempSync(path.join(tmpdir(), 'ctg-temporal-'));
  const dbFile = options.dbFile ?? path.join(ownDir!, 'temporal.sqlite');
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--db-filename',
    dbFile,
    '--headless',
    '--log-format',
    'json',
    '--log-level',
    'error',
    // As the SDK's own launcher: Updates on, no version check.
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    // As npm start, the tests and the bench run it.
    ...devServerDynamicConfig,
    ...searchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]),
  ];

  let child: ChildProcess | null = null;
  let exitedFlag = true;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    if (child && !exitedFlag) return;
    const proc = spawn(cli.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    exitedFlag = false;
    let stderr = '';
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        exitedFlag = true;
        resolve();
      }),
    );
    try {
      await waitUntilServing(address, namespace, options.startTimeoutMs ?? 120_000, () => exitedFlag);
    } catch (error) {
      proc.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${stderr}`);
    }
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!child || exitedFlag) return;
    child.kill(signal);
    const killer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  await start();
  log(`Temporal dev server on ${address} (pid ${child!.pid}, SQLite ${dbFile})`);
  return {
    address,
    namespace,
    dbFile,
    get pid() {
      return child && !exitedFlag ? (child.pid ?? null) : null;
    },
    kill,
    start,
    async stop() {
      await kill('SIGTERM');
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
