import { Router } from 'express';
import { z } from '../../domain/zod';
import { contactInputSchema, planSchema, territoryInputSchema } from '../../domain/plan';
import { standardPlan, templateAnswersSchema } from '../../domain/templates';
import type { ApiDeps } from '../deps';
import { notFound, parseOrThrow } from '../problem';
import { loadTerritoryFeed } from '../../infra/db/read-models';
import { feedCalendar } from '../../templates/calendar';
import { createTerritory, getTerritory, listContacts, listTerritories, upsertContacts } from '../usecases/territories';
import { launchProcess } from '../usecases/processes';

const idParam = z.object({ id: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) });
// One contact or a list of them; chosen by shape so errors name the row and the field (1.email).
const contactsBody = z.preprocess((body) => (Array.isArray(body) ? body : [body]), z.array(contactInputSchema).min(1).max(5000));

/** A launch is either a full plan, or the answers of the standard template (`{ "template": {…} }`). */
function parseLaunchBody(body: unknown) {
  if (body && typeof body === 'object' && 'template' in body) {
    const answers = parseOrThrow(templateAnswersSchema, (body as { template: unknown }).template, ['template']);
    return { plan: parseOrThrow(planSchema, standardPlan(answers)), answers };
  }
  return { plan: parseOrThrow(planSchema, body), answers: null };
}

export function territoryRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json({ items: await listTerritories(deps) });
  });

  router.post('/', async (req, res) => {
    const input = parseOrThrow(territoryInputSchema, req.body);
    const territory = await createTerritory(deps, input);
    res.status(201).location(`/api/territories/${territory.id}`).json(territory);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    res.json(await getTerritory(deps, id));
  });

  /** Subscription feed of the territory's meetings (PUBLISH): calendars refresh it on their own. */
  router.get('/:id/calendar.ics', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    const feed = await loadTerritoryFeed(deps.prisma, id);
    if (!feed) throw notFound('Territoire');
    res.type('text/calendar; charset=utf-8').setHeader('Content-Disposition', 'inline; filename="ctg.ics"');
    res.send(feedCalendar(feed));
  });

  router.get('/:id/contacts', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    res.json({ items: await listContacts(deps, id) });
  });

  router.post('/:id/contacts', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    const contacts = parseOrThrow(contactsBody, req.body);
    res.status(200).json(await upsertContacts(deps, id, contacts));
  });

  router.post('/:id/processes', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    const { created, process } = await launchProcess(deps, id, parseLaunchBody(req.body));
    const { plan: _plan, ...view } = process;
    res
      .status(created ? 201 : 200)
      .location(`/api/processes/${process.id}`)
      .json(view);
  });

  return router;
}
