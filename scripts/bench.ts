// `npm run bench -- [--sizes=50,200,800] [--partners=5] [--lifecycle-years=5] [--json=path]` (7–11 minutes here)
//
// The real stack under a burst: a Temporal dev server, a fresh PostgreSQL database per size, the worker
// and the API as their own processes (worker/main.ts, api/main.ts, exactly as deployed), and an SMTP sink.
// For each size, N territories × M partners are created and launched through the API, every first
// invitation falling due at one shared instant a little after the last launch. It measures, in the same
// run: end-to-end invitations per second and the raw rate of the same pooled transporter sending straight
// to the same sink (no Temporal, no database); due→accepted latency of the invitations and of a reminder
// due during the burst; the API's status latency under concurrent requests while the burst runs; the peak
// memory of the worker and the API. Then one convention runs a whole lifecycle (five years by default) on
// a compressed timeline, and the largest workflow history of that lifecycle is read from Temporal.
// The parts: bench/options.ts, stack.ts, burst*.ts, history-stages.ts, lifecycle.ts, report.ts.
//
// Figures are printed (a table) and written as JSON (bench-results/, git-ignored). Nothing is asserted:
// these machines are shared and noisy; read the figures, don't time-test them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { runBurst, type BurstResult } from './bench/burst';
import { runLifecycle, type LifecycleResult } from './bench/lifecycle';
import { parseOptions } from './bench/options';
import { log } from './bench/progress';
import { table } from './bench/report';
import type { TemporalContext } from './bench/stack';
import { pidListeningOn } from './lib/process-metrics';
import { Cleanups, loadAverage, machineInfo, writeJsonReport } from './lib/run-report';
import { round } from './lib/stats';

async function main() {
  const options = parseOptions();
  const machine = machineInfo();
  const sizes = options.sizes.length ? `${options.sizes.join(', ')} territories × ${options.partners} partners` : 'no burst';
  log(`${sizes}; lifecycle ${options.lifecycleYears ? `${options.lifecycleYears} years` : 'skipped'}; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.join(' ')}`);
  const cleanups = new Cleanups(log);
  cleanups.runOnSignals();
  const temporalDir = options.temporalDb === 'file' && !options.temporalAddress ? mkdtempSync(path.join(tmpdir(), 'ctg-bench-')) : null;
  if (temporalDir) cleanups.add(async () => rmSync(temporalDir, { recursive: true, force: true }));
  // Another server (a real one, say) is measured as it is; either one's process is found by its port, when local.
  const server = options.temporalAddress
    ? { address: options.temporalAddress, stop: async () => undefined }
    : await startTemporalDevServer({ dbFilename: temporalDir ? path.join(temporalDir, 'temporal.sqlite') : undefined, log });
  cleanups.add(() => server.stop());
  const connection = await Connection.connect({ address: server.address });
  cleanups.add(() => connection.close());
  const temporal: TemporalContext = { address: server.address, pid: pidListeningOn(Number(server.address.split(':').pop())), client: new Client({ connection, namespace: 'default' }) };

  const results: BurstResult[] = [];
  let lifecycle: LifecycleResult | null = null;
  const started = Date.now();
  try {
    let rateGuess = 300; // invitations a second, to spread the reminders through the burst; then the last long burst's rate
    for (const territories of options.sizes) {
      log(`--- ${territories} territories × ${options.partners} partners`);
      const result = await runBurst(territories, options.partners, options, temporal, rateGuess, cleanups);
      results.push(result);
      if (result.invitations >= 500 && result.endToEndPerSecond) rateGuess = result.endToEndPerSecond;
      log(
        `${result.invitations} invitations at ${result.endToEndPerSecond}/s (raw ${result.rawTransporterPerSecond}/s); due→accepted p50 ${result.invitationLatencySeconds.p50} s, max ${result.invitationLatencySeconds.max} s`,
      );
    }
    if (options.lifecycleYears > 0) lifecycle = await runLifecycle(options.lifecycleYears, temporal, cleanups);
  } finally {
    await cleanups.run();
  }

  const report = {
    generatedAt: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    stack: { temporal: options.temporalAddress ? `existing server at ${options.temporalAddress}` : `dev server (Temporal CLI, SQLite ${options.temporalDb})`, postgres: 'local server, fresh database per size', smtp: 'smtp-server sink on 127.0.0.1' },
    options: { ...options, json: undefined },
    totalSeconds: round((Date.now() - started) / 1000),
    results,
    lifecycle,
  };
  writeJsonReport(options.json, report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${table(results, lifecycle)}\n\nJSON written to ${path.relative(process.cwd(), options.json)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
