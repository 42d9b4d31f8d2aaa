// `npm start`: the whole service on one machine with nothing else installed. Starts (unless configured
// to use existing ones) the Temporal dev server and an embedded PostgreSQL, kept under DATA_DIR, then the
// worker and the API as separate processes, prints where to look, and stops everything on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { loadConfigOrExit } from '../infra/config';
import { startEmbeddedPostgres } from '../infra/db/embedded-postgres';
import { applyMigrations, redactUrl } from '../infra/db/migrations';
import { heapLimitArgs, MALLOC_ENV, type ProcessKind } from '../infra/heap-limits';
import { createLogger } from '../infra/logger';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { localAdminSignInLink } from './dev-admin';

const root = path.resolve(__dirname, '..');
/**
 * `node --import tsx`, not tsx's CLI: one process, so signals reach the program itself. The CLI relays a
 * signal and SIGKILLs its child when the child has not acknowledged it within 30 ms, which a loaded
 * machine misses: the stack was killed mid-stop and left the Temporal dev server running.
 */
const tsxArgs = ['--import', 'tsx'];

/**
 * Ctrl-C reaches every process of the terminal's group at once: the Temporal dev server would stop before
 * the worker could finish its activities. So (on Linux and macOS) this process only stands in front: the
 * stack runs in a process group of its own, and is told to stop, in order, when this one is interrupted
 * or dies.
 */
function superviseDetached(): boolean {
  if (process.platform === 'win32' || process.env.CTG_STACK_DETACHED) return false;
  const stack = spawn(process.execPath, [...tsxArgs, __filename], {
    cwd: root,
    env: { ...process.env, CTG_STACK_DETACHED: '1' },
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let asked = false;
  const stop = () => {
    asked = true;
    if (stack.exitCode === null && stack.signalCode === null) stack.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Stopped because it was asked to (Ctrl-C): a clean exit; otherwise the stack's own code.
  stack.once('exit', (code, signal) => process.exit(asked ? 0 : (code ?? (signal ? 1 : 0))));
  return true;
}

async function main() {
  if (superviseDetached()) return;
  const config = loadConfigOrExit();
  const logger = createLogger('stack', { level: config.LOG_LEVEL });
  const dataDir = path.resolve(root, config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping the local stack');
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 25_000).unref();
          }),
      ),
    );
    for (const stop of stops.reverse()) await stop().catch((error) => logger.warn('stop failed', { error }));
    logger.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // In front of us, a process that died (even by SIGKILL): nobody is left to stop the stack but itself.
  process.on('disconnect', () => void stopAll(0));

  try {
    let temporalAddress = process.env.TEMPORAL_ADDRESS ? config.TEMPORAL_ADDRESS : null;
    let temporalUiUrl = config.TEMPORAL_UI_URL ?? null;
    if (!temporalAddress) {
      const server = await startTemporalDevServer({
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_DEV_PORT + 1000,
        namespace: config.TEMPORAL_NAMESPACE,
        log: (message) => logger.info(message),
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = `http://localhost:${config.TEMPORAL_DEV_PORT + 1000}`;
      logger.info('temporal dev server started', { address: temporalAddress, cli: server.cli?.path ?? 'sdk download' });
    }

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: 0 }); // any free port: the URL is handed to the worker and the API
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
      logger.info('embedded postgresql started', { url: embedded.url, dataDir: path.join(dataDir, 'pglite') });
    }
    const { applied } = await applyMigrations(databaseUrl, { log: (msg, fields) => logger.info(msg, fields) });
    logger.info('database ready', { database: redactUrl(databaseUrl), migrationsApplied: applied.length });
    const admin = await localAdminSignInLink(databaseUrl, config.PUBLIC_BASE_URL, config.ADMIN_EMAIL);
    if (admin.created) logger.info('admin user created', { email: admin.email });

    const env = {
      ...MALLOC_ENV,
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
    };
    // One worker for the workflows and the timely sends, one delivery worker per core for the bulk sends.
    const deliveryWorkers = config.DELIVERY_WORKERS ?? Math.max(1, availableParallelism());
    // Ports asked for the worker (health, SDK metrics) go up by one for each delivery worker.
    const nextPorts = (offset: number): NodeJS.ProcessEnv =>
      Object.fromEntries(
        (['WORKER_HEALTH_PORT', 'TEMPORAL_METRICS_PORT'] as const).flatMap((name) => (config[name] ? [[name, String(config[name] + offset)]] : [])),
      );
    const processes: [string, ProcessKind, string, NodeJS.ProcessEnv][] = [
      ['worker', 'workflows', 'worker/main.ts', { WORKER_ROLE: 'workflows' }],
      ...Array.from({ length: deliveryWorkers }, (_, i): [string, ProcessKind, string, NodeJS.ProcessEnv] => [`delivery-${i + 1}`, 'delivery', 'worker/main.ts', { WORKER_ROLE: 'delivery', ...nextPorts(i + 1) }]),
      ['api', 'api', 'api/main.ts', {}],
    ];
    for (const [name, kind, entry, own] of processes) {
      const child = spawn(process.execPath, [...heapLimitArgs(kind), ...tsxArgs, entry], { cwd: root, env: { ...env, ...own }, stdio: ['ignore', 'inherit', 'inherit'] });
      children.push(child);
      child.once('exit', (code, signal) => {
        if (stopping) return;
        logger.error(`${name} exited`, { code, signal });
        void stopAll(1);
      });
    }

    const mail = config.SMTP_URL
      ? `envoyés par ${redactUrl(config.SMTP_URL)} ; journal : ${config.PUBLIC_BASE_URL}/courriels`
      : `capturés (aucun SMTP_URL) : ${config.PUBLIC_BASE_URL}/courriels`;
    process.stderr.write(
      [
        '',
        '  Service CTG démarré. Où regarder :',
        `    Pages du service       ${config.PUBLIC_BASE_URL}/`,
        `    Connexion              ${admin.link}`,
        `                           (${admin.email}, administration : lien à usage unique valable 20 min ; ensuite, redemandez-en un sur /connexion${config.SMTP_URL ? '' : ' et lisez-le dans les messages capturés'})`,
        `    Messages               ${mail}`,
        `    Interface Temporal     ${temporalUiUrl ?? '(non configurée : TEMPORAL_UI_URL)'}`,
        `    API                    ${config.PUBLIC_BASE_URL}/api/openapi.json`,
        `                           export CTG_TOKEN=${admin.apiToken}`,
        `                           curl -H "Authorization: Bearer $CTG_TOKEN" ${config.PUBLIC_BASE_URL}/api/territories`,
        `    Données locales        ${dataDir}`,
        '  Pour essayer : ouvrez la page du service et cliquez sur « Créer et lancer le territoire de démonstration ».',
        '  Ctrl-C arrête tout.',
        '',
        '',
      ].join('\n'),
    );
  } catch (error) {
    logger.error('the local stack could not start', { error });
    await stopAll(1);
  }
}

void main();
