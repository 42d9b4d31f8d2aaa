import { Router } from 'express';
import { demoContacts, demoPlan, demoTerritory } from '../../domain/demo';
import { planSchema } from '../../domain/plan';
import { homePage } from '../../templates/pages/home';
import type { ApiDeps } from '../deps';
import { launchProcess } from '../usecases/processes';
import { createTerritory, listTerritories, upsertContacts } from '../usecases/territories';

export function pageRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const [territories, messageCount] = await Promise.all([listTerritories(deps), deps.prisma.message.count()]);
    res.type('html').send(
      homePage({ territories, mailMode: deps.mailMode, temporalUiUrl: deps.config.TEMPORAL_UI_URL ?? null, messageCount }),
    );
  });

  /** Creates the demonstration territory (or reuses it) and launches its process: the quickest tour of the service. */
  router.post('/demo', async (_req, res) => {
    const existing = await deps.prisma.territory.findFirst({ where: { name: demoTerritory.name } });
    const territory = existing ?? (await createTerritory(deps, demoTerritory));
    await upsertContacts(deps, territory.id, demoContacts);
    const { process } = await launchProcess(deps, territory.id, { plan: planSchema.parse(demoPlan(new Date(), territory.timezone)) });
    res.redirect(303, `/?territoire=${process.territoryId}`);
  });

  return router;
}
