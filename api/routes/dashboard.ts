// The dashboard of every territory in the viewer's scope (a Caf adviser: their Caf's; a coordinator:
// theirs; the administration: all), as a page and as JSON with the same data. Read-only.
import { Router, type Response } from 'express';
import { dashboardPage } from '../../templates/pages/dashboard';
import type { ApiDeps } from '../deps';
import { viewerOf } from '../auth/viewer';
import { takeFlash } from '../forms/flash';
import { pageViewer } from '../forms/page-viewer';
import { pageErrors } from '../forms/page-errors';
import { dashboardCards, dashboardScopeLabel } from '../usecases/dashboard';

export function dashboardRoutes(deps: ApiDeps): { page: Router; api: Router } {
  const page = Router();
  page.get('/tableau-de-bord', async (req, res: Response) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const now = new Date();
    res.setHeader('Cache-Control', 'private, no-store');
    const territories = await dashboardCards(deps, viewer, now);
    res.type('html').send(dashboardPage({ territories, viewer, now, flash: takeFlash(req, res), scopeLabel: dashboardScopeLabel(viewer, territories) }));
  });
  page.use(pageErrors);

  const api = Router();
  api.get('/', async (_req, res) => {
    const viewer = viewerOf(res);
    const now = new Date();
    res.setHeader('Cache-Control', 'private, no-store');
    const territories = await dashboardCards(deps, viewer, now);
    res.json({ generatedAt: now.toISOString(), scope: dashboardScopeLabel(viewer, territories), territories });
  });
  return { page, api };
}
