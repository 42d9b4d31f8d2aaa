// `npm run faults -- [--only=worker-kill,smtp-down,...] [sizes…]`
//
// The real stack under faults (issue #6): a Temporal dev server we own (killed and restarted on the same
// port and SQLite file), a fresh PostgreSQL database reached through a TCP proxy we can cut, an SMTP sink we
// can take down, and the worker and the API as their own processes (worker/main.ts, api/main.ts, as
// deployed). Scenarios:
//   registrations     N concurrent registrations for C seats, then cancellations and promotions
//   bad-inputs        ≥ 1,000 generated bad requests on every endpoint and page: 5xx, hangs, crashes
//   tenancy           every role against another territory's resources: leaks
//   security          the security review's findings replayed as attacks (refusals, leaks), and an erasure
//   worker-kill       the worker SIGKILLed K times during a fan-out of invitations: lost, duplicated
//   smtp-down         the SMTP server gone for a minute during a fan-out: lost, duplicated, retries
//   pg-cut            PostgreSQL connections reset and refused for a while: what the API answers, what is lost
//   pg-blackhole      PostgreSQL unreachable without a reset (a partition): the same
//   temporal-restart  the Temporal server killed and started again: the same
// Figures are printed (a table) and written as JSON (bench-results/, git-ignored).
// The parts: faults/options.ts, faults/context.ts (what scenarios share), one file per scenario, summary.ts.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { memoryMiB } from './lib/process-metrics';
import { createStackDatabase, createUser, startServices, viaProxy, type Services, type StackDatabase } from './lib/real-stack';
import { Cleanups, loadAverage, logger, machineInfo, writeJsonReport } from './lib/run-report';
import type { ServiceProcess } from './lib/service-process';
import { startSmtpSink, type SmtpSink } from './lib/smtp-sink';
import { round } from './lib/stats';
import { startTcpProxy, type TcpProxy } from './lib/tcp-proxy';
import { startTemporalServer, type TemporalServer } from './lib/temporal-server';
import { badInputsScenario } from './faults/bad-inputs';
import type { FaultContext } from './faults/context';
import { smtpDownScenario, workerKillScenario } from './faults/fanout';
import { parseOptions, type Options, type Scenario } from './faults/options';
import { ensureApi, ensureWorker, outageScenario } from './faults/outages';
import { registrationsScenario } from './faults/registrations';
import { securityScenario } from './faults/security';
import { summaryRows, table } from './faults/summary';
import { tenancyScenario } from './faults/tenancy';

const log = logger('faults');

async function runScenario(ctx: FaultContext, scenario: Scenario, options: Options): Promise<unknown> {
  const fanOutTimeout = 10 * 60_000;
  switch (scenario) {
    case 'registrations':
      return registrationsScenario(ctx, { people: options.people, seats: options.seats, repeats: Math.round(options.people / 10), cancellations: options.cancellations });
    case 'bad-inputs':
      return badInputsScenario(ctx, { seed: options.seed });
    case 'tenancy':
      return tenancyScenario(ctx);
    case 'security':
      return securityScenario(ctx);
    case 'worker-kill':
      return workerKillScenario(ctx, { territories: options.territories, partners: options.partners, kills: options.kills, timeoutMs: fanOutTimeout });
    case 'smtp-down':
      return smtpDownScenario(ctx, { territories: options.smtpTerritories, partners: options.smtpPartners, downSeconds: options.smtpDown, timeoutMs: fanOutTimeout });
    case 'pg-cut':
    case 'pg-blackhole':
      return outageScenario(ctx, scenario, {
        partners: options.outagePartners,
        downSeconds: options.pgDown,
        inject: () => ctx.pgProxy.cutOff(scenario === 'pg-cut' ? 'reset' : 'blackhole'),
        restore: () => ctx.pgProxy.restore(),
        timeoutMs: 180_000,
      });
    case 'temporal-restart':
      return outageScenario(ctx, 'temporal-restart', {
        partners: options.outagePartners,
        downSeconds: options.temporalDown,
        inject: () => ctx.temporal.kill('SIGKILL'),
        restore: () => ctx.temporal.start(),
        timeoutMs: 180_000,
      });
  }
}

/** A service process's log and memory at the end of the run. */
const processLog = (p: ServiceProcess) => ({
  starts: p.starts,
  crashes: p.crashes.length,
  warnings: p.warnings,
  errors: p.errors,
  peakMemoryMiB: p.pid ? round(memoryMiB(p.pid, 'VmHWM')) : null,
  messages: Object.fromEntries(p.messageCounts),
  errorKinds: Object.fromEntries(p.errorKinds),
});

async function main() {
  const options = parseOptions();
  const machine = machineInfo();
  log(`scenarios: ${options.only.join(', ')}; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.join(' ')}`);
  const started = Date.now();
  const cleanups = new Cleanups(log);
  cleanups.runOnSignals();

  const results: Record<string, unknown> = {};
  const scenarioSeconds: Record<string, number> = {};
  let services: Services | null = null;
  try {
    const temporal: TemporalServer = await startTemporalServer({ log });
    cleanups.add(() => temporal.stop());
    const db: StackDatabase = await createStackDatabase('ctg_faults');
    cleanups.add(() => db.drop());
    const pgProxy: TcpProxy = await startTcpProxy({ host: db.host, port: db.port });
    cleanups.add(() => pgProxy.stop());
    const sink: SmtpSink = await startSmtpSink();
    cleanups.add(() => sink.stop());
    const { token: adminToken } = await createUser(db.prisma, 'ADMIN', { email: 'admin@faults.example.org', fullName: 'Administration des pannes' });
    log('starting the worker and the API, compiled as deployed');
    services = await startServices({
      log,
      temporalAddress: temporal.address,
      databaseUrl: viaProxy(db.url, pgProxy),
      smtpUrl: sink.url,
      mailFrom: 'Coordination CTG <ctg@faults.example.org>',
      forward: (line) => process.stderr.write(`  ${line}\n`),
    });
    const stack = services;
    cleanups.add(() => stack.stop());
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.add(() => connection.close());
    const ctx: FaultContext = {
      log,
      temporal,
      client: new Client({ connection, namespace: 'default' }),
      db,
      pgProxy,
      sink,
      services,
      adminToken,
      call: (method, url, o = {}) => stack.call(method, url, { ...o, token: o.token === undefined ? adminToken : o.token }),
    };
    log(`stack up: API ${services.base}, Temporal ${temporal.address}, database ${db.name} via proxy :${pgProxy.port}, SMTP ${sink.url}`);

    for (const scenario of options.only) {
      log(`--- ${scenario}`);
      const t0 = Date.now();
      try {
        results[scenario] = await runScenario(ctx, scenario, options);
      } catch (error) {
        log(`${scenario} failed: ${(error as Error).stack ?? error}`);
        results[scenario] = { error: String((error as Error).message ?? error).slice(0, 2000) };
        // Whatever the failure left behind, the next scenario gets a working path to every dependency.
        if (ctx.sink.mode !== 'up') await ctx.sink.comeBack();
        if (ctx.pgProxy.cut) await ctx.pgProxy.restore();
        if (!ctx.temporal.pid) await ctx.temporal.start();
      }
      await ensureWorker(ctx);
      await ensureApi(ctx);
      scenarioSeconds[scenario] = Math.round((Date.now() - t0) / 1000);
      log(`${scenario}: ${scenarioSeconds[scenario]} s`);
    }
  } finally {
    const serviceLog = services ? { worker: processLog(services.worker), api: processLog(services.api) } : null;
    await cleanups.run();
    results.serviceLog = serviceLog;
  }

  const { serviceLog, ...scenarios } = results;
  const rows = summaryRows(scenarios);
  const report = {
    generatedAt: new Date().toISOString(),
    command: `npm run faults -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    stack: {
      temporal: 'Temporal CLI dev server (SQLite file), a child process of the run',
      postgres: 'local server, fresh database, reached by the service through a TCP proxy',
      smtp: 'smtp-server sink on 127.0.0.1',
      service: 'worker/main.ts and api/main.ts, each its own process (node --import tsx)',
    },
    options: { ...options, json: undefined },
    totalSeconds: Math.round((Date.now() - started) / 1000),
    scenarioSeconds,
    summary: Object.fromEntries(rows),
    results: scenarios,
    serviceLog,
  };
  writeJsonReport(options.json, report);
  process.stdout.write(`${table(rows)}\n\nJSON written to ${path.relative(process.cwd(), options.json)} (${report.totalSeconds} s)\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`faults failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});