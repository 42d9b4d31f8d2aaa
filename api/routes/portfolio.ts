// The adviser's portfolio (every territory in the viewer's scope: their Caf's, theirs, or all for the
// administration): a page, its CSV, and the same rows as JSON (filtered, sorted, paged). From the
// database projection only.
import { Router, type Request, type Response } from 'express';
import { PAGE_MAX_ROWS, portfolioQuerySchema, TIMELINE_MAX_ROWS } from '../../domain/portfolio';
import { z } from '../../domain/zod';
import { portfolioCsv } from '../../templates/portfolio-csv';
import { portfolioPage } from '../../templates/pages/portfolio';
import { viewerOf } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';
import { portfolioRows, portfolioScopeLabel, withTimelineOf } from '../usecases/portfolio';
import { formErrors, schemaMessage } from '../forms/form-errors';

const pageSchema = z.object({
  frise: z.preprocess((v) => (v === 'oui' || v === 'true' ? true : v === undefined || v === '' ? false : v), z.boolean({ error: 'oui ou rien' })),
  limit: z.coerce.number({ error: 'un nombre' }).int().min(1, 'de 1 à 500').max(500, 'de 1 à 500').default(100),
  offset: z.coerce.number({ error: 'un nombre' }).int().min(0, '0 ou plus').default(0),
});

/** The zone dates are shown in: every territory of the service is in metropolitan France today. */
const TIME_ZONE = 'Europe/Paris';

export function portfolioRoutes(deps: ApiDeps): { page: Router; api: Router } {
  const page = Router();
  page.get('/portefeuille', async (req: Request, res: Response) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    // A bad filter is shown next to its field; the others still apply.
    const parsed = portfolioQuerySchema.safeParse(req.query);
    const errors = parsed.success ? {} : formErrors(parsed.error, (path) => String(path[0]), schemaMessage);
    const query = parsed.success ? parsed.data : portfolioQuerySchema.parse(Object.fromEntries(Object.entries(req.query).filter(([key]) => !(key in errors))));
    const { all, selected, now } = await portfolioRows(deps, viewer, query);
    const shown = selected.length <= TIMELINE_MAX_ROWS ? await withTimelineOf(deps, selected) : selected.slice(0, PAGE_MAX_ROWS);
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(parsed.success ? 200 : 400)
      .type('html')
      .send(portfolioPage({ rows: shown, matching: selected.length, total: all.length, query, errors, viewer, scopeLabel: portfolioScopeLabel(viewer), timeZone: TIME_ZONE, now, flash: takeFlash(req, res) }));
  });

  page.get('/portefeuille.csv', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const { selected } = await portfolioRows(deps, viewer, parseOrThrow(portfolioQuerySchema, req.query));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="portefeuille-ctg.csv"');
    res.type('text/csv; charset=utf-8').send(portfolioCsv(selected, TIME_ZONE));
  });
  page.use(pageErrors);

  const api = Router();
  api.get('/', async (req, res) => {
    const viewer = viewerOf(res);
    const query = parseOrThrow(portfolioQuerySchema.extend(pageSchema.shape), req.query);
    const { all, selected } = await portfolioRows(deps, viewer, query);
    res.setHeader('Cache-Control', 'private, no-store');
    const page = selected.slice(query.offset, query.offset + query.limit);
    // The timeline's data on request (`frise=oui`), for the page of rows answered.
    const items = query.frise ? await withTimelineOf(deps, page) : page;
    res.json({ total: all.length, matching: selected.length, offset: query.offset, limit: query.limit, items, nextCursor: null });
  });
  return { page, api };
}
