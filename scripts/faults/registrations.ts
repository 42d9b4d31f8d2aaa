// Many people asking for few seats at the same moment: N concurrent registrations (plus some of them sent
// twice at once) for a meeting of C seats, then cancellations that must promote the oldest waiting.
import { idempotencyKeyOf, messageIdOf } from '../../infra/mail';
import { noticeKindOf } from '../../domain/registrations';
import { waitUntil } from '../lib/concurrency';
import { percentile, round } from '../lib/stats';
import { createTerritory, DAY, launch, meetingStep, MAIL_DOMAIN, type FaultContext } from './context';

export interface RegistrationsResult {
  requests: number;
  people: number;
  seats: number;
  answers: Record<string, number>;
  confirmed: number;
  waitlisted: number;
  /** Seats given beyond the capacity (must be 0). */
  overbooked: number;
  /** Two rows for one person, or a person answered twice as "created" (must be 0). */
  duplicateRegistrations: number;
  /** Waiting-list positions 1…n without a gap or a repeat. */
  waitlistOrderConsistent: boolean;
  latencyMs: { p50: number | null; p95: number | null; max: number | null };
  cancellations: number;
  promotions: number;
  /** Promoted in the order they asked (oldest waiting first). */
  promotionsInOrder: boolean;
  confirmedAfterCancellations: number;
  waitlistedAfterCancellations: number;
  notices: { expected: number; received: number; missing: number; duplicated: number };
  serverErrors: number;
}

export async function registrationsScenario(
  ctx: FaultContext,
  options: { people: number; seats: number; repeats: number; cancellations: number },
): Promise<RegistrationsResult> {
  const territory = await createTerritory(ctx, 'inscriptions');
  const processId = await launch(ctx, territory.id, [
    meetingStep('groupe-de-travail', 'Groupe de travail très demandé', Date.now() + 60 * DAY, { kind: 'GROUPE_DE_TRAVAIL', phase: 'PLAN_ACTIONS', session: 1, capacity: options.seats }),
  ]);
  const url = `/api/processes/${processId}/steps/groupe-de-travail/registrations`;
  const emailOf = (i: number) => `personne${i}.inscriptions@${MAIL_DOMAIN}`;
  const bodies = Array.from({ length: options.people }, (_, i) => ({ email: emailOf(i), fullName: `Personne ${i + 1}` }));
  // Some people click twice: the same request again, at the same moment.
  for (let i = 0; i < options.repeats; i += 1) bodies.push(bodies[(i * 7) % options.people]!);

  const answers = await Promise.all(bodies.map((body) => ctx.call('POST', url, { body })));
  const byStatus: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status === 0 ? `no answer (${a.error})` : `${a.status}${a.body?.status ? ` ${a.body.status}` : ''}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const createdPerEmail = new Map<string, number>();
  for (const a of answers) if (a.status === 201) createdPerEmail.set(a.body.email, (createdPerEmail.get(a.body.email) ?? 0) + 1);
  const latencies = answers.map((a) => a.ms);

  const rows = await ctx.db.prisma.registration.findMany({ where: { step: { processId } }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }] });
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED');
  const waitlisted = rows.filter((r) => r.status === 'WAITLISTED');
  const positions = answers.filter((a) => a.status === 201 && a.body.status === 'WAITLISTED').map((a) => a.body.position as number);
  const sortedPositions = [...positions].sort((a, b) => a - b);
  const waitlistOrderConsistent = sortedPositions.every((p, i) => p === i + 1) && positions.length === waitlisted.length;
  ctx.log(`registrations: ${confirmed.length} confirmed, ${waitlisted.length} waitlisted for ${options.seats} seats`);

  // Cancellations: confirmed people give their seat back, all at once; the oldest waiting take them.
  const toCancel = confirmed.slice(0, options.cancellations);
  const expectedPromoted = waitlisted.slice(0, toCancel.length).map((r) => r.id);
  const cancelAnswers = await Promise.all(toCancel.map((r) => ctx.call('POST', `${url}/${r.id}/cancel`)));
  const promoted = cancelAnswers.flatMap((a) => (a.status === 200 ? (a.body.promoted as { id: string }[]).map((p) => p.id) : []));
  const after = await ctx.db.prisma.registration.groupBy({ by: ['status'], where: { step: { processId } }, _count: true });
  const countOf = (status: string) => after.find((g) => g.status === status)?._count ?? 0;

  // Notices: every person has the notice of their registration's last version (a seat, a place on the
  // list, a promotion, a cancellation; a notice overtaken by a later change is skipped by design), once.
  const final = await ctx.db.prisma.registration.findMany({ where: { step: { processId } } });
  const mailFrom = ctx.services.env.MAIL_FROM!;
  const expectedIds = new Map(
    final.map((r) => {
      const kind = r.status === 'CANCELLED' ? 'REGISTRATION_CANCELLED' : noticeKindOf(r)!;
      return [r.email, messageIdOf(idempotencyKeyOf({ kind, slot: r.id, stepId: r.stepId, recipient: r.email, sequence: r.version }), mailFrom)];
    }),
  );
  const noticeArrivals = () => ctx.sink.arrivals.filter((a) => a.to.startsWith('personne') && a.to.endsWith(`.inscriptions@${MAIL_DOMAIN}`));
  const received = () => {
    const ids = new Set(noticeArrivals().map((a) => `${a.to} ${a.messageId}`));
    return [...expectedIds].filter(([email, id]) => ids.has(`${email} ${id}`)).length;
  };
  await waitUntil(() => received() >= expectedIds.size, 120_000, 500);
  const notices = noticeArrivals();
  const ids = new Set(notices.map((a) => `${a.to} ${a.messageId}`));

  return {
    requests: bodies.length,
    people: options.people,
    seats: options.seats,
    answers: byStatus,
    confirmed: confirmed.length,
    waitlisted: waitlisted.length,
    overbooked: Math.max(0, confirmed.length - options.seats),
    duplicateRegistrations: rows.length - new Set(rows.map((r) => r.email)).size + [...createdPerEmail.values()].filter((n) => n > 1).length,
    waitlistOrderConsistent,
    latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), max: round(Math.max(...latencies)) },
    cancellations: cancelAnswers.filter((a) => a.status === 200).length,
    promotions: promoted.length,
    promotionsInOrder: [...promoted].sort().join() === [...expectedPromoted].sort().join(),
    confirmedAfterCancellations: countOf('CONFIRMED'),
    waitlistedAfterCancellations: countOf('WAITLISTED'),
    notices: { expected: expectedIds.size, received: received(), missing: expectedIds.size - received(), duplicated: notices.length - ids.size },
    serverErrors: [...answers, ...cancelAnswers].filter((a) => a.status >= 500 || a.status === 0).length,
  };
}
