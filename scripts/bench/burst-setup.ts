// Before a burst: N territories × M partners created through the API, then launched so that every first
// invitation falls due at one shared instant a little after the last launch, and a few territories get a
// reminder of another meeting due one after the other through the burst.
import type { PlanStep } from '../../domain/plan';
import { forEachConcurrently } from '../lib/concurrency';
import type { Options } from './options';
import { log } from './progress';
import type { BenchStack } from './stack';

const DAY = 86_400_000;
const partnersOnly: PlanStep['audience'] = { roles: ['PARTENAIRE'], groups: [], domains: [], emails: [], public: false };

export const partnerEmail = (t: number, p: number) => `partenaire${p}.t${t}@bench.example.org`;

export interface PreparedBurst {
  processIds: string[];
  expected: number;
  /** When every first invitation falls due (epoch ms). */
  dueAt: number;
  /** When each reminder territory's reminder falls due, territory by territory. */
  reminderDues: number[];
  createSeconds: number;
  launchSeconds: number;
  /** Between the last launch and the due instant (negative: launches overran it, latencies overstated). */
  slackSeconds: number;
}

export async function prepareBurst(stack: BenchStack, territories: number, partners: number, options: Options, rateGuess: number): Promise<PreparedBurst> {
  // 1. Territories and their partners, through the API.
  const createStarted = Date.now();
  const territoryIds: string[] = new Array(territories);
  await forEachConcurrently([...Array(territories).keys()], options.launchConcurrency, async (t) => {
    const territory = await stack.call('POST', '/api/territories', {
      name: `Communauté de communes n° ${t + 1}`,
      cafName: `Caf n° ${(t % 101) + 1}`,
      coordinatorName: 'Coordination CTG',
      coordinatorEmail: `coordination.t${t}@bench.example.org`,
    });
    if (territory.status !== 201) throw new Error(`POST /api/territories: ${territory.status} ${JSON.stringify(territory.body)}`);
    territoryIds[t] = territory.body.id;
    const contacts = await stack.call(
      'POST',
      `/api/territories/${territory.body.id}/contacts`,
      Array.from({ length: partners }, (_, p) => ({ email: partnerEmail(t, p), fullName: `Partenaire ${p + 1}`, roles: ['PARTENAIRE'] })),
    );
    if (contacts.status !== 200) throw new Error(`POST contacts: ${contacts.status} ${JSON.stringify(contacts.body)}`);
  });
  const createSeconds = (Date.now() - createStarted) / 1000;

  // 2. The launches. Every first invitation falls due at `dueAt`, a little after the last launch: the
  //    time a launch takes is measured first on a few warm-up territories (a step months away, no
  //    partners: idle workflows), then every territory gets the same instant.
  const expected = territories * partners;
  const warmUps = Math.min(16, Math.max(4, Math.round(territories / 20)));
  const warmUpStarted = Date.now();
  await forEachConcurrently([...Array(warmUps).keys()], options.launchConcurrency, async (w) => {
    const territory = await stack.call('POST', '/api/territories', {
      name: `Territoire d’échauffement n° ${w + 1}`,
      cafName: 'Caf d’échauffement',
      coordinatorName: 'Coordination CTG',
      coordinatorEmail: `echauffement${w}@bench.example.org`,
    });
    const steps = [{ key: 'plus-tard', kind: 'SEMINAIRE_ELUS', phase: 'DIAGNOSTIC', title: 'Séminaire plus tard', startsAt: new Date(Date.now() + 120 * DAY).toISOString() }];
    const launched = await stack.call('POST', `/api/territories/${territory.body.id}/processes`, { periodStart: 2027, periodEnd: 2031, steps });
    if (launched.status !== 201) throw new Error(`warm-up launch: ${launched.status} ${JSON.stringify(launched.body)}`);
  });
  // Two requests per warm-up territory, the first ones slower (cold pools): a launch costs less than
  // that. Plus ~40 ms per process for the worker's first workflow tasks (its creation, the first activity).
  const perLaunchMs = (Date.now() - warmUpStarted) / warmUps;
  const dueAt = Math.ceil((Date.now() + 10_000 + territories * (perLaunchMs * 0.8 + 40)) / 1000) * 1000;
  // Reminders of another meeting in the first territories, due one after the other through the burst as
  // it is expected to run (from a tenth to nine tenths of it).
  const expectedBurstMs = Math.max(4_000, (expected / Math.max(1, rateGuess)) * 1000);
  const reminderCount = Math.min(options.reminders, territories);
  const reminderDues = Array.from({ length: reminderCount }, (_, i) => dueAt + Math.round(expectedBurstMs * (0.1 + (0.8 * i) / Math.max(1, reminderCount - 1))));
  const launchStarted = Date.now();
  const processIds: string[] = new Array(territories);
  await forEachConcurrently(territoryIds, options.launchConcurrency, async (territoryId, t) => {
    const steps: Partial<PlanStep>[] = [
      {
        key: 'lancement-partenaires',
        kind: 'LANCEMENT_PARTENAIRES',
        phase: 'DIAGNOSTIC',
        title: 'Lancement partenaires',
        audience: partnersOnly,
        startsAt: new Date(dueAt + 21 * DAY).toISOString(),
        invitationLeadDays: 21,
        location: 'Salle des fêtes',
      },
    ];
    if (t < reminderCount) {
      // Invited at once (its lead time is already past), reminded one day before: at its reminder instant.
      steps.push({
        key: 'rencontre-rappel',
        kind: 'RENCONTRE_THEMATIQUE',
        phase: 'DIAGNOSTIC',
        title: 'Rencontre de rappel',
        audience: partnersOnly,
        startsAt: new Date(reminderDues[t]! + DAY).toISOString(),
        invitationLeadDays: 2,
        reminderDays: [1],
        location: 'Mairie',
      });
    }
    const launched = await stack.call('POST', `/api/territories/${territoryId}/processes`, { periodStart: 2027, periodEnd: 2031, steps });
    if (launched.status !== 201) throw new Error(`POST processes: ${launched.status} ${JSON.stringify(launched.body)}`);
    processIds[t] = launched.body.id;
  });
  const launchEnded = Date.now();
  const slackSeconds = (dueAt - launchEnded) / 1000;
  const launchSeconds = (launchEnded - launchStarted) / 1000;
  log(`created in ${createSeconds.toFixed(1)} s, launched in ${launchSeconds.toFixed(1)} s; invitations due in ${slackSeconds.toFixed(1)} s`);
  if (slackSeconds < 0) log('WARNING: the last launches came after the due instant: latencies are overstated');
  return { processIds, expected, dueAt, reminderDues, createSeconds, launchSeconds, slackSeconds };
}
