// Who a step is for, read from the database: its audience now, those it was announced to, the steps a
// partner is invited to, the registrants. Shared by the activities (whom to send to) and the API (what a
// partner may see and register to), so both answer by the same rule.
import { bodiesOf, withBody } from '../../domain/governance';
import { audienceSchema, isInAudience } from '../../domain/plan';
import type { Contact, PrismaClient, Step, Territory } from './prisma';

/** Someone a message about a step goes to; `contactId` null for the coordinator, the adviser or the public. */
export interface Recipient {
  contactId: string | null;
  fullName: string;
  email: string;
  organisation?: string | null;
}

/** Someone holding a registration to the step: a partner (contactId) or a member of the public. */
export interface Registrant extends Recipient {
  registrationId: string;
}

const announcementKinds = ['INVITATION', 'UPDATE', 'SURVEY_OPENING'];

const fromContact = (c: Contact): Recipient => ({ contactId: c.id, fullName: c.fullName, email: c.email, organisation: c.organisation });

/** Contacts to whom this step was announced (any sequence), in a stable order. */
export async function announcedTo(prisma: PrismaClient, stepId: string): Promise<Recipient[]> {
  const messages = await prisma.message.findMany({
    where: { stepId, kind: { in: announcementKinds }, status: { in: ['SENT', 'CAPTURED'] }, contactId: { not: null } },
    select: { contact: true },
    distinct: ['contactId'],
  });
  return messages
    .map((m) => m.contact)
    .filter((c): c is Contact => c !== null)
    .sort((a, b) => a.email.localeCompare(b.email))
    .map(fromContact);
}

/** The step's audience now: contacts matching its roles/domains/names, plus those invited to `inviteesOf`. */
export async function audienceOf(prisma: PrismaClient, step: Step): Promise<Recipient[]> {
  const territory = await territoryOf(prisma, step);
  // A meeting of a governance body invites its members too, as the territory defines them today.
  const audience = withBody(audienceSchema.parse(step.audience), step.body, bodiesOf(territory.bodies));
  const contacts = await prisma.contact.findMany({ where: { territoryId: territory.id }, orderBy: { email: 'asc' } });
  const selected = new Map(contacts.filter((c) => isInAudience(audience, c)).map((c) => [c.id, fromContact(c)]));
  if (audience.inviteesOf) {
    const source = await prisma.step.findUnique({ where: { processId_key: { processId: step.processId, key: audience.inviteesOf } } });
    if (source) for (const person of await announcedTo(prisma, source.id)) selected.set(person.contactId!, person);
  }
  return [...selected.values()].sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * The steps of the contact's territory they are invited to, by the same rule as `audienceOf` (audience
 * match, or invited to the step named by `inviteesOf`), plus any step already announced to them.
 */
export async function invitedStepIds(prisma: PrismaClient, contact: Contact): Promise<Set<string>> {
  const steps = await prisma.step.findMany({ where: { process: { territoryId: contact.territoryId } }, select: { id: true, processId: true, key: true, audience: true, body: true } });
  const bodies = bodiesOf((await prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId }, select: { bodies: true } })).bodies);
  const announced = new Set(
    (
      await prisma.message.findMany({
        where: { contactId: contact.id, kind: { in: announcementKinds }, status: { in: ['SENT', 'CAPTURED'] }, stepId: { not: null } },
        distinct: ['stepId'],
        select: { stepId: true },
      })
    ).map((m) => m.stepId!),
  );
  const idOf = new Map(steps.map((s) => [`${s.processId}/${s.key}`, s.id]));
  const invited = new Set<string>();
  for (const step of steps) {
    const audience = withBody(audienceSchema.parse(step.audience), step.body, bodies);
    const source = audience.inviteesOf ? idOf.get(`${step.processId}/${audience.inviteesOf}`) : undefined;
    if (announced.has(step.id) || isInAudience(audience, contact) || (source && announced.has(source))) invited.add(step.id);
  }
  return invited;
}

async function territoryOf(prisma: PrismaClient, step: Step): Promise<Territory> {
  return (await prisma.process.findUniqueOrThrow({ where: { id: step.processId }, include: { territory: true } })).territory;
}

/** The step's registrations with these statuses, in the order they were asked for. */
export async function registrantsOf(prisma: PrismaClient, stepId: string, statuses: ('CONFIRMED' | 'WAITLISTED')[]): Promise<Registrant[]> {
  const rows = await prisma.registration.findMany({ where: { stepId, status: { in: statuses } }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({ registrationId: r.id, contactId: r.contactId, fullName: r.fullName, email: r.email, organisation: r.organisation }));
}
