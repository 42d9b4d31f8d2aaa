// The adviser's portfolio (every territory in the viewer's scope: their Caf's, theirs, or all for the
// administration): a page, its CSV, and the same rows as JSON (filtered, sorted, paged). From the
// database projection only.
import { Router, type Request, type Response } from 'express';
import { PAGE_MAX_ROWS, portfolioQuerySchema, selectPortfolio, TIMELINE_MAX_ROWS, type PortfolioQuery } from '../../domain/portfolio';
import { z } from '../../domain/zod';
import { loadPortfolio, withTimeline } from '../../infra/db/portfolio';
import { portfolioCsv } from '../../templates/portfolio-csv';
import { portfolioPage } from '../../templates/pages/portfolio';
import { territoryScope } from '../auth/scope';
import { viewerOf, type Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';

const pageSchema = z.object({
  frise: z.preprocess((v) => (v === 'oui' || v === 'true' ? true : v === undefined || v === '' ? false : v), z.boolean({ error: 'oui ou rien' })),
  limit: z.coerce.number({ error: 'un nombre' }).int().min(1, 'de 1 à 500').max(500, 'de 1 à 500').default(100),
  offset: z.coerce.number({ error: 'un nombre' }).int().min(0, '0 ou plus').default(0),
});

const scopeLabel = (viewer: Viewer) => (viewer.role === 'CAF_ADVISER' ? (viewer.cafName ?? 'Aucune Caf') : viewer.role === 'ADMIN' ? 'Tous les territoires' : 'Vos territoires');
/** The zone dates are shown in: every territory of the service is in metropolitan France today. */
const TIME_ZONE = 'Europe/Paris';

export function portfolioRoutes(deps: ApiDeps): { page: Router; api: Router } {
  async function rows(viewer: Viewer, query: PortfolioQuery) {
    const now = new Date();
    const all = await loadPortfolio(deps.prisma, territoryScope(viewer), now);
    return { all, selected: selectPortfolio(all, query, now), now };
  }

  const page = Router();
  page.get('/portefeuille', async (req: Request, res: Response) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    // A bad filter is shown next to its field; the others still apply.
    const parsed = portfolioQuerySchema.safeParse(req.query);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    const query = parsed.success ? parsed.data : portfolioQuerySchema.parse(Object.fromEntries(Object.entries(req.query).filter(([key]) => !(key in errors))));
    const { all, selected, now } = await rows(viewer, query);
    const shown = selected.length <= TIMELINE_MAX_ROWS ? await withTimeline(deps.prisma, selected) : selected.slice(0, PAGE_MAX_ROWS);
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(parsed.success ? 200 : 400)
      .type('html')
      .send(portfolioPage({ rows: shown, matching: selected.length, total: all.length, query, errors, viewer, scopeLabel: scopeLabel(viewer), timeZone: TIME_ZONE, now, flash: takeFlash(req, res) }));
  });

  page.get('/portefeuille.csv', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const { selected } = await rows(viewer, parseOrThrow(portfolioQuerySchema, req.query));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="portefeuille-ctg.csv"');
    res.type('text/csv; charset=utf-8').send(portfolioCsv(selected, TIME_ZONE));
  });
  page.use(pageErrors);

  const api = Router();
  api.get('/', async (req, res) => {
    const viewer = viewerOf(res);
    const query = parseOrThrow(portfolioQuerySchema.extend(pageSchema.shape), req.query);
    const { all, selected } = await rows(viewer, query);
    res.setHeader('Cache-Control', 'private, no-store');
    const page = selected.slice(query.offset, query.offset + query.limit);
    // The timeline's data on request (`frise=oui`), for the page of rows answered.
    const items = query.frise ? await withTimeline(deps.prisma, page) : page;
    res.json({ total: all.length, matching: selected.length, offset: query.offset, limit: query.limit, items, nextCursor: null });
  });
  return { page, api };
}
