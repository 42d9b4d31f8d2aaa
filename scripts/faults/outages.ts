// A dependency goes away in the middle of a process — the Temporal server killed and started again, the
// PostgreSQL connections cut or black-holed — while clients keep using the API. Recorded: what the API
// answered meanwhile (503 problem+json, not a hang, not a crash), how long until it served again, and what
// was lost: invitations that fell due during the outage, changes and registrations the API accepted.
import { processWorkflowId } from '../../domain/ids';
import { processStatusQuery } from '../../workflows/definitions';
import { sleep, waitUntil } from '../lib/concurrency';
import { round } from '../lib/stats';
import { createTerritory, DAY, launch, meetingStep, MAIL_DOMAIN, type FaultContext } from './context';
import { ArrivalCounter } from './fanout-tracking';
import { Prober, recoveredAt, summarizeSamples } from './probes';

export interface OutageResult {
  fault: string;
  downSeconds: number;
  /** How long bringing the dependency back took (a server start), included in downSeconds. */
  restoreSeconds: number;
  probes: Record<
    string,
    {
      before: ReturnType<typeof summarizeSamples>;
      during: ReturnType<typeof summarizeSamples>;
      after: ReturnType<typeof summarizeSamples>;
      /** Seconds from the dependency's return until three answers in a row were 2xx. */
      recoveredAfterSeconds: number | null;
    }
  >;
  apiCrashes: number;
  workerCrashes: number;
  lost: {
    /** Invitations of the step that fell due during the outage, never accepted by the sink. */
    invitationsDueDuringOutage: { expected: number; delivered: number; lost: number; duplicated: number };
    /** Registrations answered 2xx but absent from the database. */
    registrationsAccepted: number;
    registrationsMissing: number;
    /** Registrations answered 2xx whose notice never reached the sink. */
    noticesMissing: number;
    /** The last change answered 2xx is what the workflow holds (or a later one that answered an error). */
    lastAcceptedChange: string | null;
    workflowLocation: string | null;
    changeLost: boolean;
  };
}

export async function outageScenario(
  ctx: FaultContext,
  fault: string,
  options: { partners: number; downSeconds: number; inject(): Promise<void>; restore(): Promise<void>; timeoutMs: number },
): Promise<OutageResult> {
  const label = fault.replace(/[^a-z0-9]+/g, '-');
  const territory = await createTerritory(ctx, label, { partners: options.partners });
  const now = Date.now();
  // The fault starts after a few seconds of baseline (the launch included); 'pendant' falls due in the
  // middle of the outage.
  const faultAt = now + 9_000;
  const dueDuring = faultAt + (options.downSeconds * 1000) / 2;
  const processId = await launch(ctx, territory.id, [
    meetingStep('cible', 'Rencontre cible des changements', now + 60 * DAY, { capacity: 10_000 }),
    meetingStep('pendant', 'Rencontre invitée pendant la panne', dueDuring + 21 * DAY),
  ]);
  const invited = new ArrivalCounter(ctx.sink, territory.emails) // 'cible' is invited weeks later: every invitation is 'pendant';

  let lastAcceptedChange: string | null = null;
  const accepted = new Set<string>();
  let pendingEmail: string | null = null;
  let registrationIndex = 0;
  const probers = [
    new Prober('GET process', () => ctx.call('GET', `/api/processes/${processId}`), 250),
    new Prober('GET territory', () => ctx.call('GET', `/api/territories/${territory.id}`), 500),
    new Prober(
      'PATCH step',
      async (i) => {
        const location = `Salle n° ${i}`;
        const answer = await ctx.call('PATCH', `/api/processes/${processId}/steps/cible`, { body: { location } });
        if (answer.status === 200) lastAcceptedChange = location;
        return answer;
      },
      1_000,
    ),
    new Prober(
      'POST registration',
      async () => {
        // A well-behaved client: asks again for the same person until answered 2xx.
        const email: string = pendingEmail ?? `inscrit${registrationIndex++}.${label}@${MAIL_DOMAIN}`;
        const answer = await ctx.call('POST', `/api/processes/${processId}/steps/cible/registrations`, { body: { email, fullName: 'Personne Inscrite' } });
        if (answer.status === 200 || answer.status === 201) {
          accepted.add(email);
          pendingEmail = null;
        } else pendingEmail = email;
        return answer;
      },
      1_000,
    ),
  ];
  const apiCrashesBefore = ctx.services.api.crashes.length;
  const workerCrashesBefore = ctx.services.worker.crashes.length;
  for (const prober of probers) prober.start();
  await sleep(Math.max(0, faultAt - Date.now()));

  const downAt = Date.now();
  await options.inject();
  ctx.log(`${fault}: injected; down for ${options.downSeconds} s`);
  await sleep(Math.max(0, downAt + options.downSeconds * 1000 - Date.now()));
  const restoring = Date.now();
  await options.restore();
  const upAt = Date.now();
  ctx.log(`${fault}: restored (${((upAt - restoring) / 1000).toFixed(1)} s to restore); waiting for the API to serve again`);
  const allRecovered = () => probers.every((p) => recoveredAt(p.samples, upAt) !== null);
  await waitUntil(allRecovered, 90_000, 250);
  await sleep(5_000);
  for (const prober of probers) await prober.stop();
  const endAt = Date.now();

  // What was lost: the invitations due during the outage, the accepted registrations and their notices, the last accepted change.
  await waitUntil(() => invited.delivered >= territory.emails.length, options.timeoutMs, 250);
  const registered = await ctx.db.prisma.registration.findMany({ where: { step: { processId, key: 'cible' } }, select: { email: true } });
  const inDatabase = new Set(registered.map((r) => r.email));
  const noticeOf = (email: string) => ctx.sink.arrivals.some((a) => a.to === email && a.subject.startsWith('Inscription confirmée'));
  await waitUntil(() => [...accepted].every(noticeOf), 60_000, 500);
  let workflowLocation: string | null = null;
  try {
    const status = await ctx.client.workflow.getHandle(processWorkflowId(processId)).query(processStatusQuery);
    workflowLocation = status.steps.find((s) => s.key === 'cible')?.location ?? null;
  } catch (error) {
    ctx.log(`${fault}: status query failed after the outage: ${(error as Error).message}`);
  }
  const indexOf = (location: string | null) => Number(/\d+$/.exec(location ?? '')?.[0] ?? -1);
  const duplicates = invited.duplicates();

  return {
    fault,
    downSeconds: round((upAt - downAt) / 1000, 1)!,
    restoreSeconds: round((upAt - restoring) / 1000, 1)!,
    probes: Object.fromEntries(
      probers.map((p) => {
        const recovered = recoveredAt(p.samples, upAt);
        return [
          p.name,
          {
            before: summarizeSamples(p.samples, 0, downAt),
            during: summarizeSamples(p.samples, downAt, recovered ?? endAt),
            after: summarizeSamples(p.samples, recovered ?? endAt, Infinity),
            recoveredAfterSeconds: recovered === null ? null : round((recovered - upAt) / 1000, 1),
          },
        ];
      }),
    ),
    apiCrashes: ctx.services.api.crashes.length - apiCrashesBefore,
    workerCrashes: ctx.services.worker.crashes.length - workerCrashesBefore,
    lost: {
      invitationsDueDuringOutage: {
        expected: territory.emails.length,
        delivered: invited.delivered,
        lost: territory.emails.length - invited.delivered,
        duplicated: duplicates.sameMessageId + duplicates.extraMessages,
      },
      registrationsAccepted: accepted.size,
      registrationsMissing: [...accepted].filter((e) => !inDatabase.has(e)).length,
      noticesMissing: [...accepted].filter((e) => !noticeOf(e)).length,
      lastAcceptedChange,
      workflowLocation,
      // Lost when the workflow holds an older value than the last one acknowledged.
      changeLost: lastAcceptedChange !== null && indexOf(workflowLocation) < indexOf(lastAcceptedChange),
    },
  };
}

/** Restarts the worker if an outage killed it, so the next scenario has one. */
export async function ensureWorker(ctx: FaultContext): Promise<void> {
  if (ctx.services.worker.running) return;
  ctx.log('worker not running: starting it again');
  await ctx.services.startWorker();
}

export async function ensureApi(ctx: FaultContext): Promise<void> {
  if (ctx.services.api.running) return;
  ctx.log('API not running: starting it again');
  await ctx.services.startApi();
}
