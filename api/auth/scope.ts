// What each role may see and change. Every query for territories, processes, contacts, messages and
// registrations goes through these: a territory outside the caller's scope answers 404, as if it did
// not exist (nothing to learn by probing); one they may only read answers 403 to a change.
import type { Prisma } from '../../infra/db/prisma';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';
import { forbidden, type Viewer } from './viewer';

export type AccessMode = 'read' | 'change';

/** The territories a viewer may read, as a Prisma filter. */
export function territoryScope(viewer: Viewer): Prisma.TerritoryWhereInput {
  switch (viewer.role) {
    case 'ADMIN':
      return {};
    case 'COORDINATOR':
      return { coordinators: { some: { userId: viewer.userId } } };
    case 'CAF_ADVISER':
      // An adviser without a Caf sees nothing rather than everything.
      return viewer.cafName ? { cafName: { equals: viewer.cafName, mode: 'insensitive' } } : { id: { in: [] } };
  }
}

export const canChange = (viewer: Viewer) => viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR';

/** The id of a territory the viewer may read (or change), or 404 / 403. */
export async function territoryFor(deps: ApiDeps, viewer: Viewer, territoryId: string, mode: AccessMode) {
  const territory = await deps.prisma.territory.findFirst({ where: { AND: [{ id: territoryId }, territoryScope(viewer)] } });
  if (!territory) throw notFound('Territoire');
  if (mode === 'change' && !canChange(viewer)) throw forbidden('Accès en lecture seule : seuls l’administration et la coordination du territoire peuvent modifier.');
  return territory;
}

/** A process the viewer may read (or change), or 404 / 403. */
export async function processFor(deps: ApiDeps, viewer: Viewer, processId: string, mode: AccessMode) {
  const process = await deps.prisma.process.findFirst({
    where: { id: processId, territory: territoryScope(viewer) },
    include: { territory: true },
  });
  if (!process) throw notFound('Processus');
  if (mode === 'change' && !canChange(viewer)) throw forbidden('Accès en lecture seule : seuls l’administration et la coordination du territoire peuvent modifier.');
  return process;
}
