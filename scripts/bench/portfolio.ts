// `npm run bench:portfolio`: the adviser's portfolio at national scale. 1,254 territories (the number
// of CTGs in France) in 101 Cafs, each with a process of 20 steps as the projection records them, in a
// fresh database; the API process alone (reading needs no Temporal) answers the page and the JSON for a
// Caf's adviser (~12 territories) and for the administration (all 1,254). Prints p50 / p95 / max.
import { randomUUID } from 'node:crypto';
import { createStackDatabase, createUser } from '../lib/real-stack';
import type { ServiceProcess } from '../lib/service-process';
import { percentile } from '../lib/stats';
import { runBench, startApiAlone } from './api-alone';

const TERRITORIES = Number(process.env.PORTFOLIO_TERRITORIES ?? 1254);
const CAFS = 101;
const STEPS = 20;
const REQUESTS = Number(process.env.PORTFOLIO_REQUESTS ?? 60);
const phases = ['DIAGNOSTIC', 'PLAN_ACTIONS', 'MISE_EN_OEUVRE'] as const;

async function main() {
  const db = await createStackDatabase('ctg_portfolio_bench');
  let service: ServiceProcess | null = null;
  try {
    const seeded = Date.now();
    const year = new Date().getUTCFullYear();
    const territories = Array.from({ length: TERRITORIES }, (_, i) => ({
      id: randomUUID(),
      name: `Communauté de communes n°${i + 1}`,
      cafName: `Caf n°${(i % CAFS) + 1}`,
      coordinatorName: 'Coordination',
      coordinatorEmail: `coordination-${i + 1}@bench.example.org`,
    }));
    await db.prisma.territory.createMany({ data: territories });
    const processes = territories.map((t, i) => {
      const start = year - (i % 5);
      const id = randomUUID();
      return { id, territoryId: t.id, kind: 'ELABORATION' as const, periodStart: start, periodEnd: start + 4, currentPhase: phases[i % 3]!, workflowId: `ctg-process/${id}`, plan: {} };
    });
    await db.prisma.process.createMany({ data: processes });
    const day = 86_400_000;
    const steps = processes.flatMap((p, i) =>
      Array.from({ length: STEPS }, (_, s) => {
        const startsAt = new Date(Date.UTC(p.periodStart, 0, 15) + s * 60 * day);
        return {
          processId: p.id,
          key: `etape-${s}`,
          position: s,
          phase: phases[Math.min(2, Math.floor(s / 7))]!,
          behaviour: s % 5 === 4 ? ('SURVEY' as const) : s % 7 === 6 ? ('TASK' as const) : ('MEETING' as const),
          title: `Étape ${s + 1}`,
          audience: {},
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          status: startsAt.getTime() < Date.now() ? ('HELD' as const) : ('PLANNED' as const),
          late: (i + s) % 97 === 0,
          invitationLeadDays: 21,
          reminderDays: [],
          dependsOn: [],
          icalUid: `${randomUUID()}@bench`,
        };
      }),
    );
    for (let i = 0; i < steps.length; i += 5_000) await db.prisma.step.createMany({ data: steps.slice(i, i + 5_000) });
    const adviser = await createUser(db.prisma, 'CAF_ADVISER', { email: 'conseil@caf1.bench.example.org', cafName: 'Caf n°1' });
    const admin = await createUser(db.prisma, 'ADMIN', { email: 'admin@bench.example.org' });
    console.log(`seeded ${TERRITORIES} territories, ${steps.length} steps in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const api = await startApiAlone(db);
    service = api.service;
    const { base } = api;
    const measure = async (label: string, path: string, token: string) => {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < REQUESTS + 5; i += 1) {
        const started = performance.now();
        const answer = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await answer.text();
        if (!answer.ok) throw new Error(`${path}: ${answer.status} ${body.slice(0, 200)}`);
        if (i >= 5) times.push(performance.now() - started); // the first few warm the process up
        size = body.length;
      }
      console.log(`${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(0).padStart(4)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(4)} ms  max ${Math.max(...times).toFixed(0).padStart(4)} ms  (${(size / 1024).toFixed(0)} KiB)`);
    };
    await measure('JSON, a Caf adviser (13 territories)', '/api/portfolio', adviser.token);
    await measure('page, a Caf adviser', '/portefeuille', adviser.token);
    await measure(`JSON, the administration (${TERRITORIES}, 100 a page)`, '/api/portfolio', admin.token);
    await measure(`JSON, the administration, renewals due`, '/api/portfolio?renouvellement=12&limit=500', admin.token);
    await measure(`page, the administration (${TERRITORIES} rows)`, '/portefeuille', admin.token);
  } finally {
    await service?.stop();
    await db.drop();
  }
}

runBench(main);
