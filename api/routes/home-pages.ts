// The home page, the public page of a process's Info flash and the administrator's demonstration launch.
import { Router } from 'express';
import { demoContacts, demoPlan, demoTerritory } from '../../domain/demo';
import { planSchema } from '../../domain/plan';
import { homePage } from '../../templates/pages/home';
import { renderInfoFlashPage } from '../../templates/info-flash';
import { sharedCalendarUrl } from '../usecases/territory-calendar';
import { loadInfoFlashView } from '../../infra/db/read-models';
import { z } from '../../domain/zod';
import { notFound, parseOrThrow } from '../problem';
import { territoryScope } from '../auth/scope';
import { optionalViewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { takeFlash } from '../forms/flash';
import { homeOf, pageViewer } from '../forms/page-viewer';
import { launchProcess } from '../usecases/processes';
import { createTerritory, listTerritories, upsertContacts } from '../usecases/territories';

export function homePageRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    // Signed out, nobody's territories are listed.
    const viewer = optionalViewer(res);
    const [page, messageCount] = await Promise.all([
      listTerritories(deps, viewer ? territoryScope(viewer) : { id: { in: [] } }),
      viewer?.role === 'ADMIN' ? deps.prisma.message.count() : 0,
    ]);
    const territories = page.items;
    res.type('html').send(
      homePage({
        territories,
        mailMode: deps.mailMode,
        temporalUiUrl: deps.config.TEMPORAL_UI_URL ?? null,
        messageCount,
        viewer,
        homePath: viewer ? homeOf(viewer.role) : undefined,
        demoLaunched: typeof req.query.territoire === 'string',
        flash: takeFlash(req, res),
      }),
    );
  });

  /** The Info flash of a process, as a page (the same content as the newsletter sent by email). */
  router.get('/info-flash/:id', async (req, res) => {
    const { id } = parseOrThrow(z.object({ id: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) }), req.params);
    const sent = await deps.prisma.message.findMany({ where: { processId: id, kind: 'INFO_FLASH' }, distinct: ['idempotencyKey'], select: { idempotencyKey: true } });
    const issues = new Set(sent.map((m) => m.idempotencyKey.split(':')[0])).size;
    const view = await loadInfoFlashView(deps.prisma, id, { issue: null, number: Math.max(1, issues), issuedAt: new Date(), publicBaseUrl: deps.config.PUBLIC_BASE_URL });
    if (!view) throw notFound('Processus');
    const { territory } = await deps.prisma.process.findUniqueOrThrow({ where: { id }, select: { territory: { select: { id: true, publishContactDetails: true } } } });
    res.type('html').send(renderInfoFlashPage({ ...view, calendarFeedUrl: await sharedCalendarUrl(deps, territory.id) }, { contactDetails: territory.publishContactDetails }));
  });

  /** Creates the demonstration territory (or reuses it) and launches its process: the quickest tour of the service. */
  router.post('/demo', async (req, res) => {
    // An administrator's tour, in every mail mode: it creates a territory and sends invitations.
    if (!pageViewer(req, res, 'ADMIN')) return;
    // Only a territory the demo itself created is reused: never another one that bears the same name.
    const existing = await deps.prisma.territory.findFirst({ where: { isDemo: true }, orderBy: { createdAt: 'asc' } });
    const territory = existing ?? (await createTerritory(deps, { ...demoTerritory, isDemo: true }));
    await upsertContacts(deps, territory.id, demoContacts);
    const { process } = await launchProcess(deps, territory.id, { plan: planSchema.parse(demoPlan(new Date(), territory.timezone)) });
    res.redirect(303, `/?territoire=${process.territoryId}`);
  });

  return router;
}
