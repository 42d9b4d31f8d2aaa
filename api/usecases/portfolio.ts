// The adviser's portfolio: every territory in the viewer's scope from the database projection, filtered and
// sorted by the domain's rules; the timeline's data read only for the rows that will show it.
import { selectPortfolio, type PortfolioQuery } from '../../domain/portfolio';
import { loadPortfolio, withTimeline } from '../../infra/db/portfolio';
import { territoryScope } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';

export async function portfolioRows(deps: Pick<ApiDeps, 'prisma'>, viewer: Viewer, query: PortfolioQuery) {
  const now = new Date();
  const all = await loadPortfolio(deps.prisma, territoryScope(viewer), now);
  return { all, selected: selectPortfolio(all, query, now), now };
}

type Row = Awaited<ReturnType<typeof portfolioRows>>['selected'][number];

/** These rows with their timeline (phases, meetings), for the page's picture or the API's `frise=oui`. */
export const withTimelineOf = (deps: Pick<ApiDeps, 'prisma'>, rows: Row[]) => withTimeline(deps.prisma, rows);

/** What the rows cover, in words. */
export const portfolioScopeLabel = (viewer: Viewer) => (viewer.role === 'CAF_ADVISER' ? (viewer.cafName ?? 'Aucune Caf') : viewer.role === 'ADMIN' ? 'Tous les territoires' : 'Vos territoires');
