// The dashboard of every territory in the viewer's scope (a Caf adviser: their Caf's; a coordinator:
// theirs; the administration: all), as a page and as JSON with the same data. Read-only.
import { Router, type Response } from 'express';
import { loadDashboard } from '../../infra/db/dashboard';
import { dashboardPage, type DashboardCard } from '../../templates/pages/dashboard';
import type { ApiDeps } from '../deps';
import { territoryScope } from '../auth/scope';
import { viewerOf, type Viewer } from '../auth/viewer';
import { takeFlash } from '../forms/flash';
import { pageViewer } from '../forms/page-viewer';
import { pageErrors } from '../forms/page-errors';

/** The Temporal UI page of a process workflow, when the UI's address is configured. */
export function temporalWorkflowUrl(config: ApiDeps['config'], workflowId: string): string | null {
  if (!config.TEMPORAL_UI_URL) return null;
  return `${config.TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** An adviser's Caf as its territories spell it (the account's spelling may differ in case). */
const scopeLabel = (viewer: Viewer, cards: DashboardCard[]) =>
  viewer.role === 'CAF_ADVISER'
    ? (cards[0]?.cafName ?? viewer.cafName ?? 'Aucune Caf rattachée à votre compte')
    : viewer.role === 'ADMIN'
      ? 'Tous les territoires'
      : 'Vos territoires';

export function dashboardRoutes(deps: ApiDeps): { page: Router; api: Router } {
  const cards = async (viewer: Viewer, now: Date): Promise<DashboardCard[]> =>
    (await loadDashboard(deps.prisma, territoryScope(viewer), now)).map((t) => ({ ...t, temporalUrl: t.process ? temporalWorkflowUrl(deps.config, t.process.workflowId) : null }));

  const page = Router();
  page.get('/tableau-de-bord', async (req, res: Response) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const now = new Date();
    res.setHeader('Cache-Control', 'private, no-store');
    const territories = await cards(viewer, now);
    res.type('html').send(dashboardPage({ territories, viewer, now, flash: takeFlash(req, res), scopeLabel: scopeLabel(viewer, territories) }));
  });
  page.use(pageErrors);

  const api = Router();
  api.get('/', async (_req, res) => {
    const viewer = viewerOf(res);
    const now = new Date();
    res.setHeader('Cache-Control', 'private, no-store');
    const territories = await cards(viewer, now);
    res.json({ generatedAt: now.toISOString(), scope: scopeLabel(viewer, territories), territories });
  });
  return { page, api };
}
