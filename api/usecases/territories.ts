// Territories and their contacts: plain objects in, plain objects out.
import type { ContactInput, TerritoryInput } from '../../domain/plan';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';

export async function createTerritory({ prisma }: ApiDeps, input: TerritoryInput) {
  return prisma.territory.create({ data: input });
}

export async function getTerritory({ prisma }: ApiDeps, id: string) {
  const territory = await prisma.territory.findUnique({
    where: { id },
    include: { processes: { orderBy: { periodStart: 'desc' } }, _count: { select: { contacts: true } } },
  });
  if (!territory) throw notFound('Territoire');
  return territory;
}

export async function listTerritories({ prisma }: ApiDeps) {
  return prisma.territory.findMany({ orderBy: { name: 'asc' }, include: { processes: { orderBy: { periodStart: 'desc' } } } });
}

/** Adds or updates contacts, deduplicated by email (the last occurrence wins), all in one transaction. */
export async function upsertContacts({ prisma }: ApiDeps, territoryId: string, contacts: ContactInput[]) {
  const territory = await prisma.territory.findUnique({ where: { id: territoryId }, select: { id: true } });
  if (!territory) throw notFound('Territoire');
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const existing = new Set(
    (await prisma.contact.findMany({ where: { territoryId, email: { in: [...byEmail.keys()] } }, select: { email: true } })).map(
      (c) => c.email,
    ),
  );
  const saved = await prisma.$transaction(
    [...byEmail.values()].map((contact) =>
      prisma.contact.upsert({
        where: { territoryId_email: { territoryId, email: contact.email } },
        create: { ...contact, territoryId },
        update: contact,
      }),
    ),
  );
  return { created: saved.filter((c) => !existing.has(c.email)).length, updated: existing.size, contacts: saved };
}

export async function listContacts({ prisma }: ApiDeps, territoryId: string) {
  const territory = await prisma.territory.findUnique({ where: { id: territoryId }, select: { id: true } });
  if (!territory) throw notFound('Territoire');
  return prisma.contact.findMany({ where: { territoryId }, orderBy: { email: 'asc' } });
}
