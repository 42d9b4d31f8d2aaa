// Territories and their contacts: plain objects in, plain objects out. Callers pass the viewer's scope.
import { contactGroupsOf } from '../../domain/governance';
import type { ContactInput, TerritoryChanges, TerritoryInput } from '../../domain/territory-input';
import type { Prisma } from '../../infra/db/prisma';
import type { Viewer } from '../auth/viewer';
import { revokePartnerLinks } from '../../infra/auth/tokens';
import { notFound, ProblemError } from '../problem';
import type { ApiDeps } from '../deps';
import { pageOf, type Page } from '../pagination';

/** Creates a territory; a coordinator who creates one runs it. */
/** `isDemo` marks the demonstration's own territory, the only one the demo may reuse. */
/** A new territory; a Caf adviser creates only their own Caf's (403 naming cafName otherwise). */
export async function createTerritory({ prisma }: Pick<ApiDeps, 'prisma'>, input: TerritoryInput & { isDemo?: boolean }, creator?: Viewer) {
  const otherCaf = creator ? otherCafReason(creator, input.cafName) : null;
  if (otherCaf) throw new ProblemError(403, 'Accès refusé', `cafName : ${otherCaf}.`, [{ field: 'cafName', reason: 'une autre Caf' }]);
  return prisma.territory.create({
    data: { ...input, ...(creator?.role === 'COORDINATOR' ? { coordinators: { create: { userId: creator.userId } } } : {}) },
  });
}

export async function getTerritory({ prisma }: ApiDeps, id: string) {
  return prisma.territory.findUniqueOrThrow({
    where: { id },
    include: { processes: { orderBy: { periodStart: 'desc' }, omit: { plan: true } }, _count: { select: { contacts: true } } },
  });
}

/** Territories in `scope`, by name, a page at a time. */
export async function listTerritories({ prisma }: Pick<ApiDeps, 'prisma'>, scope: Prisma.TerritoryWhereInput, page: { limit: number; after: string[] | null } = { limit: 1000, after: null }) {
  const [name, id] = page.after ?? [];
  const rows = await prisma.territory.findMany({
    where: { AND: [scope, ...(page.after ? [{ OR: [{ name: { gt: name } }, { name, id: { gt: id } }] }] : [])] },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: page.limit + 1,
    include: { processes: { orderBy: { periodStart: 'desc' }, omit: { plan: true } } },
  });
  return pageOf(rows, page.limit, (t) => [t.name, t.id]);
}

/** Adds or updates contacts, deduplicated by email (the last occurrence wins), all in one transaction. */
export async function upsertContacts({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, contacts: ContactInput[]) {
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  return prisma.$transaction(async (tx) => {
    // Groups named by the import and unknown to the territory become its groups (renamed later at will).
    const territory = await tx.territory.findUniqueOrThrow({ where: { id: territoryId }, select: { contactGroups: true } });
    const known = contactGroupsOf(territory.contactGroups);
    const added = [...new Set(contacts.flatMap((c) => c.groups ?? []))].filter((key) => !known.some((g) => g.key === key));
    if (added.length) {
      await tx.territory.update({ where: { id: territoryId }, data: { contactGroups: [...known, ...added.map((key) => ({ key, label: key.replace(/-/g, ' ') }))] } });
    }
    const existing = new Set(
      (await tx.contact.findMany({ where: { territoryId, email: { in: [...byEmail.keys()] } }, select: { email: true } })).map((c) => c.email),
    );
    const saved = [];
    for (const contact of byEmail.values()) {
      saved.push(
        await tx.contact.upsert({
          where: { territoryId_email: { territoryId, email: contact.email } },
          create: { ...contact, territoryId },
          update: contact,
        }),
      );
    }
    return { created: saved.length - existing.size, updated: existing.size, duplicates: contacts.length - byEmail.size, contacts: saved };
  }, { timeout: 60_000 });
}

export async function listContacts({ prisma }: ApiDeps, territoryId: string, page: { limit: number; after: string[] | null }): Promise<Page<Awaited<ReturnType<typeof prisma.contact.findMany>>[number]>> {
  const rows = await prisma.contact.findMany({
    where: { territoryId, ...(page.after ? { email: { gt: page.after[0] } } : {}) },
    orderBy: { email: 'asc' },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (c) => [c.email]);
}

/** Changes a territory's fields and words (bodies, groups); its Caf change moves it to another adviser's view. */
export async function updateTerritory({ prisma }: Pick<ApiDeps, 'prisma'>, id: string, changes: TerritoryChanges) {
  const { bodies, contactGroups, ...fields } = changes;
  return prisma.territory.update({
    where: { id },
    data: { ...fields, ...(bodies ? { bodies } : {}), ...(contactGroups ? { contactGroups } : {}) },
  });
}

/** One contact of the territory (404 otherwise: another territory's contact is not found here). */
async function contactOf({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, contactId: string) {
  const contact = await prisma.contact.findFirst({ where: { id: contactId, territoryId } });
  if (!contact) throw notFound('Contact');
  return contact;
}

/** Revokes the contact's personal links (a lost or forwarded email): their next email carries a new one. */
export async function revokeContactLink(deps: Pick<ApiDeps, 'prisma'>, territoryId: string, contactId: string) {
  const contact = await contactOf(deps, territoryId, contactId);
  return { contactId: contact.id, revoked: await revokePartnerLinks(deps.prisma, contact.id) };
}

/**
 * Removes a contact from the territory: no more invitations, their link stops working, their interview
 * slots are freed. Their registrations stay (the person may still come) without the link to the contact;
 * the log of messages sent keeps the address.
 */
export async function deleteContact(deps: Pick<ApiDeps, 'prisma'>, territoryId: string, contactId: string): Promise<void> {
  const contact = await contactOf(deps, territoryId, contactId);
  await deps.prisma.contact.delete({ where: { id: contact.id } });
}

/** The Caf names already in use, for the new territory form's suggestions. */
export async function knownCafNames({ prisma }: Pick<ApiDeps, 'prisma'>): Promise<string[]> {
  return (await prisma.territory.findMany({ distinct: ['cafName'], select: { cafName: true }, orderBy: { cafName: 'asc' }, take: 50 })).map((t) => t.cafName);
}

/** A Caf adviser adds their own Caf's territories only (one not launched yet, to see its renewal coming): why not this one. */
export function otherCafReason(viewer: Viewer, cafName: string): string | null {
  if (viewer.role !== 'CAF_ADVISER' || cafName.toLocaleLowerCase('fr') === (viewer.cafName ?? '').toLocaleLowerCase('fr')) return null;
  return `vous ajoutez les territoires de votre Caf (${viewer.cafName ?? 'aucune Caf rattachée à votre compte'})`;
}

/** What the territory page lists: its processes, the first `shown` contacts by name, how many there are. */
export async function territoryPageData({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, shown: number) {
  const [processes, contacts, contactCount] = await Promise.all([
    prisma.process.findMany({ where: { territoryId }, orderBy: { periodStart: 'desc' }, omit: { plan: true, answers: true } }),
    prisma.contact.findMany({ where: { territoryId }, orderBy: [{ fullName: 'asc' }, { email: 'asc' }], take: shown }),
    prisma.contact.count({ where: { territoryId } }),
  ]);
  return { processes, contacts, contactCount };
}

/** A contact's name, to say what was done to them (null: not one of this territory's). */
export async function contactName({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, contactId: string): Promise<string | null> {
  return (await prisma.contact.findFirst({ where: { id: contactId, territoryId }, select: { fullName: true } }))?.fullName ?? null;
}
