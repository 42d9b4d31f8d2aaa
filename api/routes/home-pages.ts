// The home page and the administrator's demonstration launch.
import { Router } from 'express';
import { homePage } from '../../templates/pages/home';
import { territoryScope } from '../auth/scope';
import { optionalViewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { takeFlash } from '../forms/flash';
import { homeOf, pageViewer } from '../forms/page-viewer';
import { launchDemo } from '../usecases/demo';
import { messageCount } from '../usecases/mailbox';
import { listTerritories } from '../usecases/territories';
import { pageErrors } from '../forms/page-errors';

export function homePageRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    // Signed out, nobody's territories are listed.
    const viewer = optionalViewer(res);
    const [page, messages] = await Promise.all([
      listTerritories(deps, viewer ? territoryScope(viewer) : { id: { in: [] } }),
      viewer?.role === 'ADMIN' ? messageCount(deps) : 0,
    ]);
    const territories = page.items;
    res.type('html').send(
      homePage({
        territories,
        mailMode: deps.mailMode,
        temporalUiUrl: deps.config.TEMPORAL_UI_URL ?? null,
        messageCount: messages,
        viewer,
        homePath: viewer ? homeOf(viewer.role) : undefined,
        demoLaunched: typeof req.query.territoire === 'string',
        flash: takeFlash(req, res),
      }),
    );
  });

  /** Creates the demonstration territory (or reuses it) and launches its process: the quickest tour of the service. */
  router.post('/demo', async (req, res) => {
    // An administrator's tour, in every mail mode: it creates a territory and sends invitations.
    if (!pageViewer(req, res, 'ADMIN')) return;
    const process = await launchDemo(deps);
    res.redirect(303, `/?territoire=${process.territoryId}`);
  });

  router.use(pageErrors);
  return router;
}
