// `npm run bench -- [--sizes 10,40] [--partners 50]`: the real stack (Temporal dev server, PostgreSQL,
// the worker and the API as their own processes, an SMTP sink) under a burst of invitations all due at
// the same instant. Prints JSON and a short table; asserts nothing (these machines are shared and noisy).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { applyMigrations } from '../infra/db/migrations';
import { composeMail } from '../infra/mail';
import { startTemporalDevServer } from '../infra/temporal/dev-server';
import { createEmptyDatabase } from '../test/support/database';

const root = path.resolve(__dirname, '..');
const DAY = 86_400_000;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Peak resident memory of a process, in MiB (VmHWM). */
const peakMemoryMiB = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function startSink() {
  const arrivals: { to: string; at: number; subject: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) arrivals.push({ to: r.address, at: Date.now(), subject });
        callback(null);
      });
    },
  });
  return { server, arrivals };
}

async function rawTransporterRate(url: string, count: number): Promise<number> {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 5, maxMessages: 200 });
  const raw = await composeMail({
    from: 'CTG <ctg@bench.example.org>',
    to: 'raw@bench.example.org',
    subject: 'Invitation : Lancement partenaires — jeudi 13 octobre 2022',
    text: 'Bonjour,\n'.repeat(80),
    html: '<p>Bonjour,</p>'.repeat(80),
    messageId: '<raw@bench.example.org>',
    calendar: { method: 'REQUEST', filename: 'invitation.ics', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
  });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) => transport.sendMail({ envelope: { from: 'ctg@bench.example.org', to: `raw${i}@bench.example.org` }, raw })),
  );
  transport.close();
  return count / ((Date.now() - started) / 1000);
}

function spawnService(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), entry], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runSize(territories: number, partners: number, temporalAddress: string) {
  const database = await createEmptyDatabase('ctg_bench');
  await applyMigrations(database.url);
  const sink = startSink();
  await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(sink.server.server.address() as { port: number }).port}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `ctg-bench-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Coordination CTG <ctg@bench.example.org>',
    PUBLIC_BASE_URL: base,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const worker = spawnService('worker/main.ts', env);
  const api = spawnService('api/main.ts', env);
  try {
    await waitUntil('the API', async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok ?? false, 60_000);
    const rawRate = await rawTransporterRate(smtpUrl, 500);
    sink.arrivals.length = 0;

    const post = async (url: string, body: unknown) => {
      const response = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    // Every first invitation falls due at the same instant, once all territories are launched.
    const dueAt = Date.now() + 10_000 + territories * 150;
    const processIds: string[] = [];
    const launchStarted = Date.now();
    for (let t = 0; t < territories; t += 1) {
      const territory = await post('/api/territories', {
        name: `Communauté de communes n°${t + 1}`,
        cafName: `Caf n°${(t % 101) + 1}`,
        coordinatorName: 'Coordination CTG',
        coordinatorEmail: `coordination${t}@bench.example.org`,
      });
      await post(
        `/api/territories/${territory.id}/contacts`,
        Array.from({ length: partners }, (_, p) => ({ email: `partenaire${p}.t${t}@bench.example.org`, fullName: `Partenaire ${p}`, roles: ['PARTENAIRE'] })),
      );
      const steps: Record<string, unknown>[] = [
        { key: 'lancement-partenaires', kind: 'LANCEMENT_PARTENAIRES', phase: 'DIAGNOSTIC', title: 'Lancement partenaires', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(dueAt + 21 * DAY).toISOString(), invitationLeadDays: 21, location: 'Salle des fêtes' },
      ];
      // In the first territory, a meeting whose 1-day reminder falls due in the middle of the burst.
      if (t === 0) {
        steps.push({ key: 'rencontre-rappel', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre de rappel', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(dueAt + DAY + 2_000).toISOString(), invitationLeadDays: 2, location: 'Mairie', reminderDays: [1] });
      }
      processIds.push((await post(`/api/territories/${territory.id}/processes`, { periodStart: 2027, periodEnd: 2031, steps })).id);
    }
    const launchSeconds = (Date.now() - launchStarted) / 1000;
    const expected = territories * partners;

    // While the burst runs, concurrent status requests, as dashboards would make.
    const apiLatencies: number[] = [];
    let bursting = true;
    const pollers = Array.from({ length: 8 }, async (_, i) => {
      while (bursting) {
        const started = performance.now();
        const ok = await fetch(`${base}/api/processes/${processIds[(i * 7 + apiLatencies.length) % processIds.length]}`)
          .then((r) => r.text().then(() => r.ok))
          .catch(() => false);
        if (ok) apiLatencies.push(performance.now() - started);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    await waitUntil('every invitation', () => sink.arrivals.filter((a) => a.subject.startsWith('Invitation')).length >= expected, 30 * 60_000).finally(() => {
      bursting = false;
    });
    await waitUntil('the reminder', () => sink.arrivals.some((a) => a.subject.startsWith('Rappel')), 60_000).catch(() => undefined);
    bursting = false;
    await Promise.all(pollers);

    const invitations = sink.arrivals.filter((a) => a.subject.startsWith('Invitation : Lancement'));
    const latencies = invitations.map((a) => a.at - dueAt);
    const last = Math.max(...invitations.map((a) => a.at));
    const reminder = sink.arrivals.filter((a) => a.subject.startsWith('Rappel')).map((a) => a.at - (dueAt + 2_000));
    const duplicates = invitations.length - new Set(invitations.map((a) => a.to)).size;
    return {
      territories,
      partners,
      invitations: invitations.length,
      duplicates,
      launchSeconds: Number(launchSeconds.toFixed(1)),
      // From the instant they all fell due to the last one accepted by the SMTP server.
      endToEndPerSecond: Number((invitations.length / Math.max(0.001, (last - dueAt) / 1000)).toFixed(1)),
      rawTransporterPerSecond: Number(rawRate.toFixed(1)),
      ratio: 0,
      invitationLatencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      reminderLatencyMs: reminder.length ? { p50: percentile(reminder, 50), max: Math.max(...reminder) } : null,
      apiStatusLatencyMs: { requests: apiLatencies.length, p50: Number(percentile(apiLatencies, 50).toFixed(1)), p95: Number(percentile(apiLatencies, 95).toFixed(1)) },
      peakMemoryMiB: { worker: Number(peakMemoryMiB(worker.pid!).toFixed(0)), api: Number(peakMemoryMiB(api.pid!).toFixed(0)) },
    };
  } finally {
    for (const child of [worker, api]) child.kill('SIGTERM');
    await Promise.all([worker, api].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    await database.drop();
  }
}

async function main() {
  const sizes = option('sizes', '10,40').split(',').map(Number);
  const partners = Number(option('partners', '50'));
  const temporal = await startTemporalDevServer({ log: (m) => process.stderr.write(`${m}\n`) });
  const results = [];
  try {
    for (const territories of sizes) {
      process.stderr.write(`bench: ${territories} territories × ${partners} partners…\n`);
      const result = await runSize(territories, partners, temporal.address);
      result.ratio = Number((result.endToEndPerSecond / result.rawTransporterPerSecond).toFixed(2));
      results.push(result);
    }
  } finally {
    await temporal.stop();
  }
  process.stdout.write(`${JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, results }, null, 2)}\n\n`);
  const rows = results.map((r) =>
    [
      `${r.territories}×${r.partners}`,
      r.invitations,
      r.duplicates,
      r.endToEndPerSecond,
      r.rawTransporterPerSecond,
      r.ratio,
      `${r.invitationLatencyMs.p50}/${r.invitationLatencyMs.p95}/${r.invitationLatencyMs.max}`,
      r.reminderLatencyMs ? `${r.reminderLatencyMs.p50}/${r.reminderLatencyMs.max}` : '—',
      `${r.apiStatusLatencyMs.p50}/${r.apiStatusLatencyMs.p95}`,
      `${r.peakMemoryMiB.worker}/${r.peakMemoryMiB.api}`,
    ].join(' | '),
  );
  process.stdout.write(
    ['size | invitations | duplicates | e2e/s | raw/s | ratio | due→accepted ms p50/p95/max | reminder ms p50/max | API status ms p50/p95 | peak MiB worker/API', ...rows].join('\n') + '\n',
  );
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
