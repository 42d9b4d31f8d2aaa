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
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createStackDatabase, createUser, memoryMiB, repoRoot, startServices, viaProxy, type Services, type StackDatabase } from './lib/real-stack';
import { startSmtpSink, type SmtpSink } from './lib/smtp-sink';
import { startTcpProxy, type TcpProxy } from './lib/tcp-proxy';
import { startTemporalServer, type TemporalServer } from './lib/temporal-server';
import { badInputsScenario } from './faults/bad-inputs';
import { round, type FaultContext } from './faults/context';
import { smtpDownScenario, workerKillScenario } from './faults/fanout';
import { ensureApi, ensureWorker, outageScenario } from './faults/outages';
import { registrationsScenario } from './faults/registrations';
import { securityScenario } from './faults/security';
import { tenancyScenario } from './faults/tenancy';

const SCENARIOS = ['registrations', 'bad-inputs', 'tenancy', 'security', 'worker-kill', 'smtp-down', 'pg-cut', 'pg-blackhole', 'temporal-restart'] as const;
type Scenario = (typeof SCENARIOS)[number];

const USAGE = `npm run faults -- [options]
  --only=a,b              scenarios to run, among: ${SCENARIOS.join(', ')} (default: all)
  --territories=20        worker-kill fan-out: territories …
  --partners=100          … × partners each (20 × 100 = 2,000 invitations)
  --kills=3               worker-kill: SIGKILLs during the fan-out
  --smtp-territories=10   smtp-down fan-out: territories …
  --smtp-partners=100     … × partners each
  --smtp-down=60          smtp-down: seconds the SMTP server stays down
  --pg-down=20            pg-cut, pg-blackhole: seconds without PostgreSQL
  --temporal-down=10      temporal-restart: seconds the Temporal server stays dead before it is started again
  --outage-partners=20    invitations falling due during each outage
  --people=200            registrations: concurrent requests …
  --seats=30              … for this many seats
  --cancellations=10      registrations: seats given back afterwards (each promotes one)
  --seed=1                bad-inputs: the generator's seed
  --json=PATH             where to write the JSON (default bench-results/faults-<date>.json)`;

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function integer(name: string, fallback: number, min = 0): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got "${value}"\n\n${USAGE}`);
  return n;
}

function parseOptions() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const known = ['only', 'territories', 'partners', 'kills', 'smtp-territories', 'smtp-partners', 'smtp-down', 'pg-down', 'temporal-down', 'outage-partners', 'people', 'seats', 'cancellations', 'seed', 'json'];
  for (const arg of process.argv.slice(2)) {
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (arg.startsWith('--') && (!name || !known.includes(name))) throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const only = (option('only') ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only) if (!SCENARIOS.includes(s as Scenario)) throw new Error(`--only: unknown scenario "${s}"\n\n${USAGE}`);
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return {
    only: SCENARIOS.filter((s) => only.includes(s)),
    territories: integer('territories', 20, 1),
    partners: integer('partners', 100, 1),
    kills: integer('kills', 3, 0),
    smtpTerritories: integer('smtp-territories', 10, 1),
    smtpPartners: integer('smtp-partners', 100, 1),
    smtpDown: integer('smtp-down', 60, 1),
    pgDown: integer('pg-down', 20, 1),
    temporalDown: integer('temporal-down', 10, 0),
    outagePartners: integer('outage-partners', 20, 1),
    people: integer('people', 200, 1),
    seats: integer('seats', 30, 1),
    cancellations: integer('cancellations', 10, 0),
    seed: integer('seed', 1, 0),
    json: path.resolve(option('json') ?? path.join(repoRoot, 'bench-results', `faults-${stamp}.json`)),
  };
}
type Options = ReturnType<typeof parseOptions>;

const log = (message: string) => process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

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
      return outageScenario(ctx, 'pg-cut', {
        partners: options.outagePartners,
        downSeconds: options.pgDown,
        inject: () => ctx.pgProxy.cutOff('reset'),
        restore: () => ctx.pgProxy.restore(),
        timeoutMs: 180_000,
      });
    case 'pg-blackhole':
      return outageScenario(ctx, 'pg-blackhole', {
        partners: options.outagePartners,
        downSeconds: options.pgDown,
        inject: () => ctx.pgProxy.cutOff('blackhole'),
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

// ---------------------------------------------------------------------------------------------- report

function summaryRows(results: Record<string, any>): [string, string][] {
  const rows: [string, string][] = [];
  const r = results;
  if (r.registrations && !r.registrations.error) {
    const x = r.registrations;
    rows.push([
      `${x.people} concurrent registrations (+${x.requests - x.people} repeated) for ${x.seats} seats`,
      `${x.confirmed} confirmed, ${x.waitlisted} waitlisted, overbooked ${x.overbooked}, duplicates ${x.duplicateRegistrations}; ${x.cancellations} cancellations → ${x.promotions} promotions (${x.promotionsInOrder ? 'oldest first' : 'NOT in order'}), then ${x.confirmedAfterCancellations} confirmed; notices ${x.notices.received}/${x.notices.expected}, duplicated ${x.notices.duplicated}; 5xx ${x.serverErrors}; p95 ${x.latencyMs.p95} ms`,
    ]);
  }
  if (r['bad-inputs'] && !r['bad-inputs'].error) {
    const x = r['bad-inputs'];
    rows.push([
      `${x.cases} generated bad inputs (${x.operationsCovered} API operations + pages and links)`,
      `5xx ${x.serverErrors}, unanswered ${x.noAnswer}, API crashes ${x.apiCrashes}; API 4xx not problem+json ${x.apiErrorsNotProblemJson}; 400 without the field ${x.fieldErrorsWithoutField}; accepted ${x.accepted}; 429 (waited out) ${x.rateLimited}`,
    ]);
  }
  if (r.tenancy && !r.tenancy.error) {
    const x = r.tenancy;
    rows.push([`every role × the other territory (${x.requests} requests, ${x.roles.length} callers)`, `leaks ${x.leaks}, changes made in the other territory ${x.tampering}, read-only escalations ${x.escalations}, 5xx ${x.serverErrors}`]);
  }
  if (r.security && !r.security.error) {
    const x = r.security;
    rows.push([`security review replayed: ${x.attacks.length} attacks (${x.attempts} attempts)`, `refused ${x.refusals}, leaks ${x.leaks}; erasure: gone from its territory ${x.erasure.erasedHere ? 'yes' : 'NO'}, kept in the other ${x.erasure.keptElsewhere ? 'yes' : 'NO'}`]);
  }
  if (r['worker-kill'] && !r['worker-kill'].error) {
    const x = r['worker-kill'];
    rows.push([
      `worker SIGKILLed ×${x.kills.length} during a ${x.expected}-invitation fan-out`,
      `expected ${x.expected}, delivered ${x.delivered}, lost ${x.lost}, duplicated ${x.duplicated} (other extra ${x.extraMessages}); activity retries ${x.activities.retries}; rows still PENDING ${x.messages.status.PENDING ?? 0}; last at +${x.seconds} s; restarts ${x.kills.map((k: any) => `${k.restartSeconds} s`).join(', ')}`,
    ]);
  }
  if (r['smtp-down'] && !r['smtp-down'].error) {
    const x = r['smtp-down'];
    rows.push([
      `SMTP server down ${x.downSeconds} s during a ${x.expected}-invitation fan-out`,
      `expected ${x.expected}, delivered ${x.delivered}, lost ${x.lost}, duplicated ${x.duplicated}; retries: ${x.activities.retries} activity, ${x.messages.attempts - x.messages.rows} SMTP attempts (${x.messages.messagesRetried} messages); resumed ${x.resumedAfterSeconds} s after, done ${x.finishedAfterSeconds} s after`,
    ]);
  }
  for (const name of ['pg-cut', 'pg-blackhole', 'temporal-restart']) {
    const x = r[name];
    if (!x || x.error) continue;
    const during = Object.entries(x.probes as Record<string, any>)
      .map(([probe, p]) => `${probe}: ${Object.entries(p.during.statuses).map(([s, n]) => `${n}×${s}`).join(' ') || '—'}, max ${p.during.maxMs} ms${p.during.hangs ? `, ${p.during.hangs} HANGS` : ''}, back ${p.recoveredAfterSeconds ?? 'never'} s`)
      .join('; ');
    const l = x.lost;
    const title = name === 'temporal-restart' ? `Temporal server killed, restarted after ${x.downSeconds} s` : name === 'pg-cut' ? `PostgreSQL connections cut (reset) ${x.downSeconds} s` : `PostgreSQL black-holed ${x.downSeconds} s`;
    rows.push([
      title,
      `${during}; API crashes ${x.apiCrashes}, worker crashes ${x.workerCrashes}; lost: invitations ${l.invitationsDueDuringOutage.lost}/${l.invitationsDueDuringOutage.expected} (dup. ${l.invitationsDueDuringOutage.duplicated}), registrations ${l.registrationsMissing}/${l.registrationsAccepted}, notices ${l.noticesMissing}, change ${l.changeLost ? 'LOST' : 'kept'}`,
    ]);
  }
  for (const [name, x] of Object.entries(r)) if ((x as any)?.error) rows.push([name, `FAILED: ${(x as any).error}`]);
  return rows;
}

function table(rows: [string, string][]): string {
  return ['| scenario | figures |', '| --- | --- |', ...rows.map(([a, b]) => `| ${a} | ${b.replace(/\|/g, '\\|')} |`)].join('\n');
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  const options = parseOptions();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, loadAverageAtStart: loadavg().map((l) => round(l, 2)) };
  log(`scenarios: ${options.only.join(', ')}; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.join(' ')}`);
  const started = Date.now();

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error) => log(`cleanup: ${error}`));
    cleanups.length = 0;
  };
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  const results: Record<string, unknown> = {};
  const scenarioSeconds: Record<string, number> = {};
  let services: Services | null = null;
  try {
    const temporal: TemporalServer = await startTemporalServer({ log });
    cleanups.push(() => temporal.stop());
    const db: StackDatabase = await createStackDatabase('ctg_faults');
    cleanups.push(() => db.drop());
    const pgProxy: TcpProxy = await startTcpProxy({ host: db.host, port: db.port });
    cleanups.push(() => pgProxy.stop());
    const sink: SmtpSink = await startSmtpSink();
    cleanups.push(() => sink.stop());
    const { token: adminToken } = await createUser(db.prisma, 'ADMIN', { email: 'admin@faults.example.org', fullName: 'Administration des pannes' });
    log('starting the worker and the API (the worker bundles its workflows first)');
    services = await startServices({
      temporalAddress: temporal.address,
      databaseUrl: viaProxy(db.url, pgProxy),
      smtpUrl: sink.url,
      mailFrom: 'Coordination CTG <ctg@faults.example.org>',
      forward: (line) => process.stderr.write(`  ${line}\n`),
    });
    const stack = services;
    cleanups.push(() => stack.stop());
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
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
    const serviceLog = services
      ? {
          worker: { starts: services.worker.starts, crashes: services.worker.crashes.length, warnings: services.worker.warnings, errors: services.worker.errors, peakMemoryMiB: services.worker.pid ? round(memoryMiB(services.worker.pid, 'VmHWM')) : null, messages: Object.fromEntries(services.worker.messageCounts), errorKinds: Object.fromEntries(services.worker.errorKinds) },
          api: { starts: services.api.starts, crashes: services.api.crashes.length, warnings: services.api.warnings, errors: services.api.errors, peakMemoryMiB: services.api.pid ? round(memoryMiB(services.api.pid, 'VmHWM')) : null, messages: Object.fromEntries(services.api.messageCounts), errorKinds: Object.fromEntries(services.api.errorKinds) },
        }
      : null;
    await cleanup();
    results.serviceLog = serviceLog;
  }

  const { serviceLog, ...scenarios } = results;
  const rows = summaryRows(scenarios);
  const report = {
    generatedAt: new Date().toISOString(),
    command: `npm run faults -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
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
  mkdirSync(path.dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${table(rows)}\n\nJSON written to ${path.relative(process.cwd(), options.json)} (${report.totalSeconds} s)\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`faults failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
