// Meetings open to the public (forums habitants): the meeting as its form shows it, a registration
// reached by its emailed link, its page and its documents.
import { audienceSchema } from '../../domain/plan';
import { registrationRefusal } from '../../domain/registrations';
import { paths } from '../../domain/urls';
import { resolveToken } from '../../infra/auth/tokens';
import { toStepView } from '../../infra/db/message-views';
import type { Process, Registration, Step, Territory } from '../../infra/db/prisma';
import { registrationCounts } from '../../infra/db/registration-counts';
import { waitlistPosition } from '../../infra/db/registrations';
import { descriptionParagraphs } from '../../templates/messages/wording';
import type { PublicMeeting, registrationManagePage } from '../../templates/pages/registration';
import { z } from '../../domain/zod';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';
import { documentsForPerson } from './meeting-closing';
import { meetingFacts } from './meeting-facts';

type FullStep = Step & { process: Process & { territory: Territory } };

const unknownMeeting = () => new ProblemError(404, 'Ressource introuvable', 'Rencontre introuvable ou non ouverte au public.');
const invalidLink = () => new ProblemError(404, 'Lien invalide ou expiré', 'Ce lien n’est plus valable : écrivez à l’organisateur de la rencontre.');

/** A meeting open to the public, or 404 (an id that isn't one, or a meeting for invited partners only). */
export async function publicStep(deps: Pick<ApiDeps, 'prisma'>, stepId: string): Promise<FullStep> {
  if (!z.uuid().safeParse(stepId).success) throw unknownMeeting();
  const step = await deps.prisma.step.findUnique({ where: { id: stepId }, include: { process: { include: { territory: true } } } });
  if (!step || !audienceSchema.parse(step.audience).public) throw unknownMeeting();
  return step;
}

export async function publicMeeting(deps: Pick<ApiDeps, 'prisma'>, step: FullStep, now = new Date()): Promise<PublicMeeting> {
  const { territory } = step.process;
  const confirmed = (await registrationCounts(deps.prisma, [step.id])).get(step.id)?.confirmed ?? 0;
  return {
    ...meetingFacts(step),
    confirmed,
    closed: registrationRefusal({ ...step, audience: audienceSchema.parse(step.audience) }, 'public', now),
    purpose: descriptionParagraphs(toStepView(step)).join(' ') || null,
    territoryName: territory.name,
    timeZone: territory.timezone,
    coordinator: { name: territory.coordinatorName, email: territory.coordinatorEmail },
  };
}

/** The registration its emailed link opens, or 404. */
export async function registrationOfLink(deps: Pick<ApiDeps, 'prisma'>, token: string): Promise<Registration & { step: FullStep }> {
  const row = await resolveToken(deps.prisma, token, 'REGISTRATION');
  if (!row?.registrationId) throw invalidLink();
  const registration = await deps.prisma.registration.findUnique({
    where: { id: row.registrationId },
    include: { step: { include: { process: { include: { territory: true } } } } },
  });
  if (!registration) throw invalidLink();
  return registration;
}

/** A held meeting's document, for whoever registered to it (their link is their key). */
export async function registrationDocument(deps: Pick<ApiDeps, 'prisma'>, registration: Pick<Registration, 'stepId'>, documentId: string) {
  const id = z.uuid().safeParse(documentId);
  const document = id.success ? await deps.prisma.meetingDocument.findFirst({ where: { id: id.data, stepId: registration.stepId } }) : null;
  if (!document) throw new ProblemError(404, 'Ressource introuvable', 'Document introuvable : il a peut-être été retiré par l’organisateur.');
  return document;
}

/** The registrant's own page; `done`: what they just did, said once. */
export async function registrationPageView(
  deps: Pick<ApiDeps, 'prisma'>,
  registration: Registration & { step: FullStep },
  token: string,
  done: { cancelled: boolean; confirmed: boolean; documents: boolean },
): Promise<Parameters<typeof registrationManagePage>[0]> {
  return {
    meeting: await publicMeeting(deps, registration.step),
    fullName: registration.fullName,
    status: registration.status,
    position: await waitlistPosition(deps.prisma, registration),
    cancelUrl: paths.registrationCancel(token),
    confirmUrl: paths.registrationConfirm(token),
    formUrl: paths.publicForm(registration.stepId),
    justCancelled: done.cancelled && registration.status === 'CANCELLED',
    justConfirmed: done.confirmed && (registration.status === 'CONFIRMED' || registration.status === 'WAITLISTED'),
    ...(done.documents ? { documents: await documentsForPerson(deps, [registration.step], paths.registrationDocuments(token)) } : {}),
  };
}
