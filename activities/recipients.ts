// Who receives a message about a step besides its audience (infra/db/audiences.ts): the coordinator and
// the Caf adviser, those an audience change brought in. One function per rule; the messages activity picks by kind.
import type { Recipient } from '../infra/db/audiences';
import type { PrismaClient, Territory } from '../infra/db/prisma';

export function coordinatorOf(territory: Territory): Recipient {
  return { contactId: null, fullName: territory.coordinatorName, email: territory.coordinatorEmail, organisation: null };
}

export function coordinatorAndAdviser(territory: Territory): Recipient[] {
  const people = [coordinatorOf(territory)];
  if (territory.cafAdviserEmail) {
    people.push({ contactId: null, fullName: territory.cafAdviserName ?? territory.cafAdviserEmail, email: territory.cafAdviserEmail, organisation: territory.cafName });
  }
  return people;
}

/** The coordinator and the Caf adviser, unless the adviser chose the weekly digest instead of single notices. */
export async function coordinatorAndAdviserFor(prisma: PrismaClient, territory: Territory): Promise<Recipient[]> {
  const people = coordinatorAndAdviser(territory);
  if (!territory.cafAdviserEmail) return people;
  const adviser = await prisma.user.findFirst({ where: { email: { equals: territory.cafAdviserEmail, mode: 'insensitive' }, role: 'CAF_ADVISER' }, select: { notices: true } });
  return adviser?.notices === 'DIGEST' ? people.filter((p) => p.email !== territory.cafAdviserEmail) : people;
}

/** An announcement to those an audience change brought in (the step workflow's `nouveaux-<n>` slots). */
export const isForNewcomers = (input: { slot?: string }) => Boolean(input.slot?.startsWith('nouveaux-'));

export function withoutAnnounced(people: Recipient[], announced: Recipient[]): Recipient[] {
  const told = new Set(announced.map((p) => p.email.toLowerCase()));
  return people.filter((p) => !told.has(p.email.toLowerCase()));
}
