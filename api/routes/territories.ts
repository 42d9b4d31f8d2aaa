import express, { Router } from 'express';
import { parseContactsCsv } from '../../domain/contacts-csv';
import { bodiesOf, contactGroupsOf } from '../../domain/governance';
import { planSchema } from '../../domain/plan';
import { contactInputSchema, territoryChangesSchema, territoryInputSchema, unknownBodyGroups } from '../../domain/territory-input';
import { standardPlan, templateAnswersSchema } from '../../domain/standard-plan';
import { z } from '../../domain/zod';
import { territoryFor, territoryScope } from '../auth/scope';
import { requireRole, viewerOf } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { cursorStrings, pageQuery } from '../pagination';
import { parseOrThrow, ProblemError } from '../problem';
import { erasePerson, exportPerson, personEmailSchema } from '../usecases/people';
import { launchProcess } from '../usecases/processes';
import { territoryFeedIcs } from '../usecases/territory-calendar';
import { planWarnings } from '../../domain/plan-warnings';
import { createTerritory, deleteContact, getTerritory, listContacts, listTerritories, revokeContactLink, updateTerritory, upsertContacts } from '../usecases/territories';
import { apiIdParam } from '../route-params';

// One contact or a list of them; chosen by shape so errors name the row and the field (1.email).
export const contactsBody = z.preprocess((body) => (Array.isArray(body) ? body : [body]), z.array(contactInputSchema).min(1).max(5000));

/** A launch is either a full plan, or the answers of the standard template (`{ "template": {…} }`). */
export function parseLaunchBody(body: unknown) {
  if (body && typeof body === 'object' && 'template' in body) {
    const answers = parseOrThrow(templateAnswersSchema, (body as { template: unknown }).template, ['template']);
    return { plan: parseOrThrow(planSchema, standardPlan(answers)), answers };
  }
  return { plan: parseOrThrow(planSchema, body), answers: null };
}

/** A CSV body (text/csv) becomes contacts, or a 400 listing every bad line and column. */
function contactsFromCsv(text: string) {
  const { contacts, errors, duplicates } = parseContactsCsv(text);
  if (errors.length) {
    throw new ProblemError(
      400,
      'Fichier CSV invalide',
      `${errors.length} erreur(s) : rien n’a été importé. Corrigez le fichier et envoyez-le à nouveau.`,
      errors.map((e) => ({ field: `ligne ${e.line} : ${e.field}`, reason: e.reason })),
    );
  }
  return { contacts, duplicates };
}

export function territoryRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const viewer = viewerOf(res);
    const { limit, after } = pageQuery(req.query);
    res.json(await listTerritories(deps, territoryScope(viewer), { limit, after: cursorStrings(after, 2) }));
  });

  router.post('/', async (req, res) => {
    const viewer = requireRole(res, 'ADMIN', 'COORDINATOR', 'CAF_ADVISER');
    const input = parseOrThrow(territoryInputSchema, req.body);
    const territory = await createTerritory(deps, input, viewer);
    res.status(201).location(`/api/territories/${territory.id}`).json(territory);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await territoryFor(deps, viewerOf(res), id, 'read');
    res.json(await getTerritory(deps, id));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    const current = await territoryFor(deps, viewerOf(res), id, 'change');
    const changes = parseOrThrow(territoryChangesSchema, req.body);
    const unknown = unknownBodyGroups(changes.bodies ?? bodiesOf(current.bodies), changes.contactGroups ?? contactGroupsOf(current.contactGroups));
    if (changes.bodies && unknown.length) {
      throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', unknown.map((u) => ({ field: u.path.join('.'), reason: u.message })));
    }
    res.json(await updateTerritory(deps, id, changes));
  });

  /** Subscription feed of the territory's meetings (PUBLISH): calendars refresh it on their own. */
  router.get('/:id/calendar.ics', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await territoryFor(deps, viewerOf(res), id, 'read');
    const ics = await territoryFeedIcs(deps, id);
    res.type('text/calendar; charset=utf-8').setHeader('Content-Disposition', 'inline; filename="ctg.ics"');
    res.send(ics);
  });

  router.get('/:id/contacts', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await territoryFor(deps, viewerOf(res), id, 'read');
    const { limit, after } = pageQuery(req.query);
    res.json(await listContacts(deps, id, { limit, after: cursorStrings(after, 1) }));
  });

  /** JSON (one contact or a list) or a CSV file (Content-Type: text/csv): all imported, or none. */
  router.post('/:id/contacts', express.text({ type: ['text/csv', 'application/csv'], limit: '2mb' }), async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await territoryFor(deps, viewerOf(res), id, 'change');
    const { contacts, duplicates } = typeof req.body === 'string' ? contactsFromCsv(req.body) : { contacts: parseOrThrow(contactsBody, req.body), duplicates: 0 };
    const { contacts: saved, ...report } = await upsertContacts(deps, id, contacts);
    res.status(200).json({ ...report, duplicates: report.duplicates + duplicates, items: saved });
  });

  const contactParams = apiIdParam.extend({ contactId: z.uuid({ error: 'identifiant de contact invalide (UUID attendu)' }) });

  /** Their personal link forwarded or lost: revoked, and the next email carries a new one. */
  router.post('/:id/contacts/:contactId/revoke-link', async (req, res) => {
    const { id, contactId } = parseOrThrow(contactParams, req.params);
    await territoryFor(deps, viewerOf(res), id, 'change');
    res.json(await revokeContactLink(deps, id, contactId));
  });

  router.delete('/:id/contacts/:contactId', async (req, res) => {
    const { id, contactId } = parseOrThrow(contactParams, req.params);
    await territoryFor(deps, viewerOf(res), id, 'change');
    await deleteContact(deps, id, contactId);
    res.status(204).end();
  });

  const personParams = apiIdParam.extend({ email: personEmailSchema });

  /** Everything about an address in this territory (RGPD access request), as JSON. */
  router.get('/:id/people/:email', async (req, res) => {
    const { id, email } = parseOrThrow(personParams, req.params);
    await territoryFor(deps, viewerOf(res), id, 'change');
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await exportPerson(deps, id, email));
  });

  /** Erases everything about an address in this territory (RGPD erasure), in one transaction. */
  router.delete('/:id/people/:email', async (req, res) => {
    const { id, email } = parseOrThrow(personParams, req.params);
    await territoryFor(deps, viewerOf(res), id, 'change');
    const erased = await erasePerson(deps, id, email);
    deps.logger.info('person erased', { territoryId: id, contacts: erased.contacts, registrations: erased.registrations, messages: erased.messages });
    res.json(erased);
  });

  router.post('/:id/processes', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    const { timezone } = await territoryFor(deps, viewerOf(res), id, 'change');
    const launch = parseLaunchBody(req.body);
    const { created, process } = await launchProcess(deps, id, launch);
    const { plan: _plan, ...view } = process;
    // Launched all the same: what deserves a second look (a meeting on a holiday, an order the dates contradict).
    res
      .status(created ? 201 : 200)
      .location(`/api/processes/${process.id}`)
      .json({ ...view, warnings: planWarnings(launch.plan, timezone) });
  });

  return router;
}
