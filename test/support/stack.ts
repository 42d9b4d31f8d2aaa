// The service assembled for an integration test, on real infrastructure: a fresh PostgreSQL database,
// the shared Temporal dev server (own task queue), a worker, the HTTP API on a free port, an SMTP server.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { loadConfig, type Config } from '../../infra/config';
import { createUser as createStackUser } from '../../scripts/lib/real-stack';
import type { User, UserRole } from '../../infra/db/prisma';
import { createLogger } from '../../infra/logger';
import { startCourierThread } from '../../infra/mail/threaded-courier';
import { createMailer, createOutbox, type Mailer } from '../../infra/mail';
import { installTemporalRuntime } from '../../infra/temporal/runtime';
import type { WorkerRole } from '../../domain/task-queues';
import { createCtgWorkers, workflowsPath, type CtgWorkers } from '../../worker/ctg-workers';
import { createTestDatabase, type TestDatabase } from './database';
import { startSmtpSink, type SmtpSink } from '../../scripts/lib/smtp-sink';

export interface TestStack {
  baseUrl: string;
  /** What the API's use cases receive: tests call them directly to launch on a compressed timeline. */
  apiDeps: ApiDeps;
  config: Config & { LINK_SECRET: string };
  db: TestDatabase;
  smtp: SmtpSink | null;
  temporal: Client;
  mailer: Mailer;
  sourceOf(message: { raw: string | null; templateId: string | null; personal: unknown; messageId: string; createdAt: Date }): Promise<string>;
  worker: CtgWorkers;
  /** Stops the worker (simulating a crash or a deploy); `startWorker` brings a new one on the same queue. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
  /** An API token of the admin user every stack starts with: `request` sends it unless told otherwise. */
  adminToken: string;
  /** A user of that role (a coordinator running `territoryIds`, an adviser of `cafName`) and an API token. */
  createUser(role: UserRole, options?: { cafName?: string; territoryIds?: string[]; email?: string }): Promise<{ user: User; token: string }>;
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<{ status: number; body: any; headers: Headers }>;
}

export interface RequestOptions {
  /** The bearer token to send; null sends none. Default: the admin's. */
  token?: string | null;
  headers?: Record<string, string>;
  /** A body sent as is (CSV, bad JSON) instead of JSON-encoded. */
  raw?: string;
}

// Bundled once per test file: a worker restart in a test must take milliseconds, not a webpack build.
let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath, logger: undefined }));

export function temporalTestAddress(): string {
  const address = process.env.CTG_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('CTG_TEST_TEMPORAL_ADDRESS unset: run integration tests through jest (global setup)');
  return address;
}

export async function startTestStack(options: { smtp?: boolean; logLevel?: Config['LOG_LEVEL']; workerRole?: WorkerRole } = {}): Promise<TestStack> {
  const db = await createTestDatabase();
  const smtp = options.smtp === false ? null : await startSmtpSink({ parse: true });
  // Listening first, so links in the mail (PUBLIC_BASE_URL) point at this very server.
  let handler: ReturnType<typeof createApp> | null = null;
  const server = createServer((req, res) => handler!(req, res));
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loaded = loadConfig({
    LINK_SECRET: randomBytes(32).toString('base64url'),
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporalTestAddress(),
    TEMPORAL_TASK_QUEUE: `ctg-test-${randomBytes(6).toString('hex')}`,
    SMTP_URL: smtp?.url,
    MAIL_FROM: 'Coordination CTG <ctg@ctg.example.org>',
    LOG_LEVEL: options.logLevel ?? 'warn',
    PUBLIC_BASE_URL: baseUrl,
  });
  const config = { ...loaded, LINK_SECRET: loaded.LINK_SECRET! };
  const logger = createLogger('test', { level: config.LOG_LEVEL });
  installTemporalRuntime(logger, 'WARN');
  const mailer = createMailer(config);
  // As the worker runs it: with an SMTP server, the sends and their marks on the courier thread.
  const courier = config.SMTP_URL ? await startCourierThread({ smtpUrl: config.SMTP_URL, databaseUrl: db.url }) : undefined;
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

  let worker!: CtgWorkers;
  let running: Promise<void> = Promise.resolve();
  const startWorker = async () => {
    ({ workers: worker } = await createCtgWorkers({
      role: options.workerRole ?? 'all',
      config,
      connection: nativeConnection,
      workflowBundle: await workflowBundle(),
      deps: { prisma: db.prisma, mailer, courier, config, logger },
    }));
    running = worker.run();
  };
  const stopWorker = async () => {
    worker.shutdown();
    await running;
  };
  await startWorker();

  const outbox = createOutbox({ prisma: db.prisma, mailer, mailFrom: config.MAIL_FROM, linkSecret: config.LINK_SECRET });
  const apiDeps: ApiDeps = { prisma: db.prisma, temporal, config, logger, mailMode: mailer.mode, outbox };
  /** A stored message's MIME source, built again as the mailbox does. */
  const sourceOf = async (message: Parameters<typeof outbox.sourceOf>[0]): Promise<string> => ((await outbox.sourceOf(message)) ?? Buffer.alloc(0)).toString('utf8');
  handler = createApp(apiDeps);

  let users = 0;
  const createUser: TestStack['createUser'] = async (role, userOptions = {}) => {
    users += 1;
    const email = userOptions.email ?? `${role.toLowerCase()}-${users}@ctg.example.org`;
    return createStackUser(db.prisma, role, { ...userOptions, email, fullName: `${role} ${users}` });
  };
  const { token: adminToken } = await createUser('ADMIN', { email: 'admin@ctg.example.org' });

  return {
    baseUrl,
    apiDeps,
    config,
    db,
    smtp,
    temporal,
    mailer,
    sourceOf,
    get worker() {
      return worker;
    },
    stopWorker,
    startWorker,
    adminToken,
    createUser,
    async request(method, path, body, requestOptions = {}) {
      const token = requestOptions.token === undefined ? adminToken : requestOptions.token;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...requestOptions.headers,
        },
        body: requestOptions.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
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
      await courier?.close();
      mailer.close();
      await connection.close();
      await nativeConnection.close();
      await smtp?.stop();
      await db.drop();
    },
  };
}
