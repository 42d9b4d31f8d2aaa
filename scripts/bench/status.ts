// `npm run bench:status`: what one status answer costs the API. A fresh database with 100 territories of
// 20 steps each (as the projection records them); the API process alone (the status is read from the
// database, so no Temporal) answers `GET /api/processes/:id` to 8 clients asking back to back for 20 s, as
// they do during `npm run bench`'s burst, but on a machine otherwise quiet. Prints answers a second,
// p50 / p95, the API's CPU per answer and its memory: the figure the burst's latency follows.
// STATUS_PROFILE_DIR=dir writes the API's V8 CPU and heap profiles there; STATUS_API_ENTRY=api/main.ts
// measures the sources through tsx instead of the compiled API.
import { randomBytes, randomUUID } from 'node:crypto';
import { cpuSecondsOf, memoryMiB } from '../lib/process-metrics';
import { createStackDatabase, createUser } from '../lib/real-stack';
import type { ServiceProcess } from '../lib/service-process';
import { percentile } from '../lib/stats';
import { runBench, startApiAlone } from './api-alone';

const TERRITORIES = 100;
const STEPS = 20;
const CLIENTS = Number(process.env.STATUS_CLIENTS ?? 8);
const SECONDS = Number(process.env.STATUS_SECONDS ?? 20);

async function main() {
  const db = await createStackDatabase('ctg_status_bench');
  let service: ServiceProcess | null = null;
  try {
    const territories = Array.from({ length: TERRITORIES }, (_, i) => ({
      id: randomUUID(),
      name: `Communauté de communes n°${i + 1}`,
      cafName: 'Caf de la Drôme',
      coordinatorName: 'Coordination',
      coordinatorEmail: `coordination-${i + 1}@bench.example.org`,
    }));
    await db.prisma.territory.createMany({ data: territories });
    const year = new Date().getUTCFullYear();
    const processes = territories.map((t) => {
      const id = randomUUID();
      return { id, territoryId: t.id, kind: 'ELABORATION' as const, periodStart: year, periodEnd: year + 4, currentPhase: 'DIAGNOSTIC' as const, workflowId: `ctg-process/${id}`, plan: {} };
    });
    await db.prisma.process.createMany({ data: processes });
    const day = 86_400_000;
    await db.prisma.step.createMany({
      data: processes.flatMap((p) =>
        Array.from({ length: STEPS }, (_, s) => {
          const startsAt = new Date(Date.now() + (s + 1) * 30 * day);
          return {
            processId: p.id,
            key: `etape-${s}`,
            position: s,
            phase: s < 10 ? ('DIAGNOSTIC' as const) : ('PLAN_ACTIONS' as const),
            behaviour: 'MEETING' as const,
            title: `Étape ${s + 1}`,
            audience: {},
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
            invitationLeadDays: 21,
            reminderDays: [7, 1],
            dependsOn: [],
            icalUid: `${randomUUID()}@bench`,
          };
        }),
      ),
    });
    const admin = await createUser(db.prisma, 'ADMIN', { email: 'admin@bench.example.org' });

    const metricsToken = randomBytes(24).toString('base64url');
    const profile = process.env.STATUS_PROFILE_DIR;
    const api = await startApiAlone(db, {
      entry: process.env.STATUS_API_ENTRY,
      env: { METRICS_TOKEN: metricsToken },
      nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, '--heap-prof', `--heap-prof-dir=${profile}`] : [],
    });
    service = api.service;
    const { base } = api;
    const pid = service.pid!;
    const ask = async (i: number) => {
      const answer = await fetch(`${base}/api/processes/${processes[i % processes.length]!.id}`, { headers: { authorization: `Bearer ${admin.token}` } });
      const body = await answer.text();
      if (!answer.ok) throw new Error(`${answer.status} ${body.slice(0, 200)}`);
    };
    for (let i = 0; i < 200; i += 1) await ask(i); // warm-up: the JIT, the pool's connections
    const rssBefore = memoryMiB(pid, 'VmRSS');
    const cpuBefore = cpuSecondsOf(pid);
    const started = performance.now();
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = client; performance.now() - started < SECONDS * 1000; i += CLIENTS) {
          const t = performance.now();
          await ask(i);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const metricsText = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    const gauge = (name: string) => Math.round(Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metricsText)?.[1] ?? NaN) / 2 ** 20);
    const cpu = cpuSecondsOf(pid) - cpuBefore;
    console.log(
      `${CLIENTS} clients, ${seconds.toFixed(0)} s: ${latencies.length} answers (${(latencies.length / seconds).toFixed(0)} /s), ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; ` +
        `API CPU ${((cpu * 1000) / latencies.length).toFixed(2)} ms an answer (${((100 * cpu) / seconds).toFixed(0)} % of a core); ` +
        `memory ${Math.round(rssBefore)} → ${Math.round(memoryMiB(pid, 'VmRSS'))} MiB (peak ${Math.round(memoryMiB(pid, 'VmHWM'))}; ` +
        `V8 heap ${gauge('ctg_nodejs_heap_size_used_bytes')} used of ${gauge('ctg_nodejs_heap_size_total_bytes')}, external ${gauge('ctg_nodejs_external_memory_bytes')})`,
    );
  } finally {
    await service?.stop();
    await db.drop();
  }
}

runBench(main);
