// The demonstration territory (created once, or reused) and its process launched: the quickest tour of the service.
import { demoContacts, demoPlan, demoTerritory } from '../../domain/demo';
import { planSchema } from '../../domain/plan';
import type { ApiDeps } from '../deps';
import { launchProcess } from './processes';
import { createTerritory, upsertContacts } from './territories';

export async function launchDemo(deps: ApiDeps) {
  // Only a territory the demo itself created is reused: never another one that bears the same name.
  const existing = await deps.prisma.territory.findFirst({ where: { isDemo: true }, orderBy: { createdAt: 'asc' } });
  const territory = existing ?? (await createTerritory(deps, { ...demoTerritory, isDemo: true }));
  await upsertContacts(deps, territory.id, demoContacts);
  const { process } = await launchProcess(deps, territory.id, { plan: planSchema.parse(demoPlan(new Date(), territory.timezone)) });
  return process;
}
