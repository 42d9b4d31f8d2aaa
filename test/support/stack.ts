// The service assembled for an integration test, on real infrastructure: a fresh PostgreSQL database,
// the shared Temporal dev server (own task queue), a worker, the HTTP API on a free port, an SMTP server.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { loadConfig, type Config } from '../../infra/config';
import { createLogger } from '../../infra/logger';
import { createMailer, type Mailer } from '../../infra/mail';
import { installTemporalRuntime } from '../../infra/temporal/runtime';
import { createCtgWorker, workflowsPath } from '../../infra/temporal/worker';
import { createTestDatabase, type TestDatabase } from './database';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

export interface TestStack {
  baseUrl: string;
  /** What the API's use cases receive: tests call them directly to launch on a compressed timeline. */
  apiDeps: ApiDeps;
  config: Config;
  db: TestDatabase;
  smtp: SmtpSink | null;
  temporal: Client;
  mailer: Mailer;
  worker: Worker;
  /** Stops the worker (simulating a crash or a deploy); `startWorker` brings a new one on the same queue. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

// Bundled once per test file: a worker restart in a test must take milliseconds, not a webpack build.
let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath, logger: undefined }));

export function temporalTestAddress(): string {
  const address = process.env.CTG_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('CTG_TEST_TEMPORAL_ADDRESS unset: run integration tests through jest (global setup)');
  return address;
}

export async function startTestStack(options: { smtp?: boolean; logLevel?: Config['LOG_LEVEL'] } = {}): Promise<TestStack> {
  const db = await createTestDatabase();
  const smtp = options.smtp === false ? null : await startSmtpSink();
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporalTestAddress(),
    TEMPORAL_TASK_QUEUE: `ctg-test-${randomBytes(6).toString('hex')}`,
    SMTP_URL: smtp?.url,
    MAIL_FROM: 'Coordination CTG <ctg@ctg.example.org>',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  const logger = createLogger('test', { level: config.LOG_LEVEL });
  installTemporalRuntime(logger, 'WARN');
  const mailer = createMailer(config);
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

  let worker!: Worker;
  let running: Promise<void> = Promise.resolve();
  const startWorker = async () => {
    ({ worker } = await createCtgWorker({
      config,
      connection: nativeConnection,
      workflowBundle: await workflowBundle(),
      deps: { prisma: db.prisma, mailer, config, logger },
    }));
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  await startWorker();

  const apiDeps: ApiDeps = { prisma: db.prisma, temporal, config, logger, mailMode: mailer.mode, mailer };
  const app = createApp(apiDeps);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiDeps,
    config,
    db,
    smtp,
    temporal,
    mailer,
    get worker() {
      return worker;
    },
    stopWorker,
    startWorker,
    async request(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text (pages)
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async stop() {
      await stopWorker();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await connection.close();
      await nativeConnection.close();
      await smtp?.stop();
      await db.drop();
    },
  };
}
