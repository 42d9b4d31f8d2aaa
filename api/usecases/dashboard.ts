// The dashboard's cards: every territory in the viewer's scope (a Caf adviser: their Caf's; a coordinator:
// theirs; the administration: all), with the link to its workflow in the Temporal UI when configured.
import { loadDashboard } from '../../infra/db/dashboard';
import type { DashboardCard } from '../../templates/pages/dashboard';
import { territoryScope } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';

/** The Temporal UI page of a process workflow, when the UI's address is configured. */
export function temporalWorkflowUrl(config: ApiDeps['config'], workflowId: string): string | null {
  if (!config.TEMPORAL_UI_URL) return null;
  return `${config.TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function dashboardCards(deps: Pick<ApiDeps, 'prisma' | 'config'>, viewer: Viewer, now: Date): Promise<DashboardCard[]> {
  return (await loadDashboard(deps.prisma, territoryScope(viewer), now)).map((t) => ({ ...t, temporalUrl: t.process ? temporalWorkflowUrl(deps.config, t.process.workflowId) : null }));
}

/** What the cards cover, in words: an adviser's Caf as its territories spell it (the account's may differ in case). */
export const dashboardScopeLabel = (viewer: Viewer, cards: DashboardCard[]) =>
  viewer.role === 'CAF_ADVISER'
    ? (cards[0]?.cafName ?? viewer.cafName ?? 'Aucune Caf rattachée à votre compte')
    : viewer.role === 'ADMIN'
      ? 'Tous les territoires'
      : 'Vos territoires';
