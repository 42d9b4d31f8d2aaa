// Registration use cases shared by the API, the partner page and the public forum page: take or give back
// a seat (one locked transaction), then start the notice of every change (a workflow per version).
import { invitedStepIds } from '../../infra/db/audiences';
import { isRegistrable, refusalMessages, registrationRefusal, type Registrant, type RegistrationRefusal, type RegistrationStatus } from '../../domain/registrations';
import { audienceSchema } from '../../domain/plan';
import type { Contact, Registration, Step } from '../../infra/db/prisma';
import { registrationCounts } from '../../infra/db/registration-counts';
import { confirmRegistration, listRegistrations, register, unregister, waitlistPosition, type PersonInput } from '../../infra/db/registrations';
import { registrationNoticeWorkflowId, registrationNoticeWorkflowType, type RegistrationNoticeWorkflowInput } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { pageOf } from '../pagination';
import { notFound, ProblemError } from '../problem';
import { startNotice } from './notices';

export type RegistrationView = Pick<Registration, 'id' | 'stepId' | 'contactId' | 'email' | 'fullName' | 'organisation' | 'status' | 'requestedAt' | 'confirmedAt' | 'cancelledAt' | 'version'> & {
  position: number | null;
};

export const viewOf = (r: Registration, position: number | null): RegistrationView => ({
  id: r.id,
  stepId: r.stepId,
  contactId: r.contactId,
  email: r.email,
  fullName: r.fullName,
  organisation: r.organisation,
  status: r.status,
  position,
  requestedAt: r.requestedAt,
  confirmedAt: r.confirmedAt,
  cancelledAt: r.cancelledAt,
  version: r.version,
});

/** Starts the notice of this version of a registration; one that already ran is not run again. */
export const startRegistrationNotice = (deps: ApiDeps, registration: Pick<Registration, 'id' | 'version'>) =>
  startNotice(deps, {
    workflowType: registrationNoticeWorkflowType,
    workflowId: registrationNoticeWorkflowId(registration.id, registration.version),
    input: { registrationId: registration.id, version: registration.version } satisfies RegistrationNoticeWorkflowInput,
  });

export const refusalProblem = (reason: RegistrationRefusal) => {
  const text = refusalMessages[reason];
  return new ProblemError(409, 'Inscription impossible', `${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
};

export type Registered = { created: boolean; registration: RegistrationView } | { refused: RegistrationRefusal };

/** Asks a seat for `person`; 404 when the step is gone. A repeated request changes nothing and sends nothing new. */
export async function registerPerson(deps: ApiDeps, stepId: string, person: PersonInput, who: Registrant, invited = false): Promise<Registered> {
  const result = await register(deps.prisma, stepId, person, { who, invited });
  if (result.outcome === 'not-found') throw new ProblemError(404, 'Ressource introuvable', 'Rencontre introuvable.');
  if (result.outcome === 'refused') return { refused: result.reason };
  const { registration } = result;
  // Also when it already existed: a notice whose start was lost the first time goes now.
  await startRegistrationNotice(deps, registration);
  return { created: result.outcome !== 'existing', registration: viewOf(registration, await waitlistPosition(deps.prisma, registration)) };
}

/** A member of the public confirms from the emailed link; the notice of what they got follows. */
export async function confirmPublicRegistration(deps: ApiDeps, registrationId: string): Promise<void> {
  const result = await confirmRegistration(deps.prisma, registrationId);
  if (result.outcome === 'not-found') throw new ProblemError(404, 'Ressource introuvable', 'Inscription introuvable.');
  if (result.outcome === 'confirmed') await startRegistrationNotice(deps, result.registration);
}

export type Unregistered = { registration: RegistrationView; changed: boolean; promoted: RegistrationView[] } | { refused: RegistrationRefusal };

export async function cancelRegistration(deps: ApiDeps, registrationId: string): Promise<Unregistered> {
  const result = await unregister(deps.prisma, registrationId);
  if (result.outcome === 'not-found') throw new ProblemError(404, 'Ressource introuvable', 'Inscription introuvable.');
  if (result.outcome === 'refused') return { refused: result.reason };
  // The person who gave the seat back hears it (and their calendar drops the meeting); also when it was
  // already cancelled: a notice whose start was lost the first time goes now.
  await startRegistrationNotice(deps, result.registration);
  for (const promoted of result.promoted) await startRegistrationNotice(deps, promoted);
  return {
    registration: viewOf(result.registration, null),
    changed: result.outcome === 'cancelled',
    promoted: result.promoted.map((r) => viewOf(r, null)),
  };
}

/** What a partner's page shows of one meeting. */
export interface PartnerMeeting {
  step: Step;
  registration: RegistrationView | null;
  confirmed: number;
  /** Why one can't register or unregister now; null when one can. */
  closed: RegistrationRefusal | null;
}

/** The meetings a partner is invited to that are not over yet, in date order (undated ones last). */
export async function partnerMeetings(deps: ApiDeps, contact: Contact, now = new Date()): Promise<PartnerMeeting[]> {
  const invited = await invitedStepIds(deps.prisma, contact);
  const steps = (
    await deps.prisma.step.findMany({
      where: { id: { in: [...invited] }, OR: [{ startsAt: null }, { startsAt: { gt: new Date(now.getTime() - 86_400_000) } }] },
      orderBy: [{ startsAt: { sort: 'asc', nulls: 'last' } }, { position: 'asc' }],
    })
  ).filter((s) => isRegistrable(s) && s.status !== 'HELD' && s.status !== 'DONE');
  const counts = await registrationCounts(deps.prisma, steps.map((s) => s.id));
  const registrations = await deps.prisma.registration.findMany({ where: { stepId: { in: steps.map((s) => s.id) }, email: contact.email.toLowerCase() } });
  const byStep = new Map(registrations.map((r) => [r.stepId, r]));
  return Promise.all(
    steps.map(async (step) => {
      const registration = byStep.get(step.id) ?? null;
      const active = registration && registration.status !== 'CANCELLED' ? registration : null;
      return {
        step,
        registration: active ? viewOf(active, await waitlistPosition(deps.prisma, active)) : null,
        confirmed: counts.get(step.id)?.confirmed ?? 0,
        closed: registrationRefusal({ ...step, audience: audienceSchema.parse(step.audience) }, 'partner', now, true),
      };
    }),
  );
}

/** The coordinator registers someone; a known contact keeps their personal link in the notices. */
export async function registerForCoordinator(deps: ApiDeps, territoryId: string, step: Step, input: PersonInput) {
  const contact = await deps.prisma.contact.findUnique({ where: { territoryId_email: { territoryId, email: input.email } } });
  const result = await registerPerson(deps, step.id, { ...input, contactId: contact?.id ?? null }, 'coordinator');
  if ('refused' in result) throw refusalProblem(result.refused);
  return result;
}

/** The coordinator cancels one of the step's registrations (another step's is a 404). */
export async function cancelForCoordinator(deps: ApiDeps, step: Step, registrationId: string) {
  const registration = await deps.prisma.registration.findFirst({ where: { id: registrationId, stepId: step.id }, select: { id: true } });
  if (!registration) throw notFound('Inscription');
  const result = await cancelRegistration(deps, registration.id);
  if ('refused' in result) throw refusalProblem(result.refused);
  return { ...result.registration, promoted: result.promoted };
}

/**
 * A page of the step's registrations and its seats. `partnersOnly`: the public form promises that only
 * the organisers see who registered, so members of the public are only counted.
 */
export async function registrationsPage(
  deps: ApiDeps,
  step: Step,
  options: { status?: RegistrationStatus; partnersOnly: boolean; limit: number; after: { requestedAt: Date; id: string } | null },
) {
  const { status, partnersOnly, limit } = options;
  const rows = await listRegistrations(deps.prisma, step.id, { status, take: limit + 1, after: options.after, partnersOnly });
  const page = pageOf(rows, limit, (last) => [last.requestedAt.toISOString(), last.id]);
  const counts = (await registrationCounts(deps.prisma, [step.id])).get(step.id) ?? { confirmed: 0, waitlisted: 0 };
  const publicCount = () => deps.prisma.registration.count({ where: { stepId: step.id, contactId: null, status: { not: 'CANCELLED' }, ...(status ? { status } : {}) } });
  return {
    items: page.items.map((r) => viewOf(r, r.position)),
    nextCursor: page.nextCursor,
    summary: { capacity: step.capacity, confirmed: counts.confirmed, waitlisted: counts.waitlisted, ...(partnersOnly ? { publicRegistrations: await publicCount() } : {}) },
  };
}

/** A meeting's registrations for its CSV (a Caf adviser: the invited partners only; the public as a count). */
export const registrationsOfStep = (deps: Pick<ApiDeps, 'prisma'>, stepId: string, options: Parameters<typeof listRegistrations>[2]) => listRegistrations(deps.prisma, stepId, options);
