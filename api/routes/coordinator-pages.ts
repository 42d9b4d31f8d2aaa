// Coordinator pages: their territories, creating one, a territory's partners (CSV import) and the launch of
// its process from the standard plan, a new link for its shared calendar. Forms post, then redirect with a
// message; a refused form comes back (400) with the messages next to its fields. Caf advisers read these
// pages, without forms.
import { paths } from '../../domain/urls';
import express, { Router, type Request, type Response } from 'express';
import { parseContactsCsv } from '../../domain/contacts-csv';
import { planSchema } from '../../domain/plan';
import { territoryInputSchema } from '../../domain/territory-input';
import { standardPlan } from '../../domain/standard-plan';
import { z } from '../../domain/zod';
import type { Territory } from '../../infra/db/prisma';
import type { FieldErrors } from '../../templates/pages/fields';
import { newTerritoryPage, territoriesPage } from '../../templates/pages/territories';
import { territoryPage, type ImportReport, type LaunchValues } from '../../templates/pages/territory';
import { canChange, territoryFor, territoryScope } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { blankToUndefined, formErrors } from '../forms/form-errors';
import { parseLaunchForm, readLaunchForm } from '../forms/launch-form';
import { parseMultipart } from '../forms/multipart';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';
import { erasePerson, exportPerson, personEmailSchema } from '../usecases/people';
import { launchProcess } from '../usecases/processes';
import { contactName, createTerritory, deleteContact, knownCafNames, listTerritories, otherCafReason, revokeContactLink, territoryPageData, upsertContacts } from '../usecases/territories';
import { pageIdParam } from '../route-params';
import { renewSharedCalendar } from '../usecases/territory-calendar';

const contactParams = pageIdParam.extend({ contactId: z.uuid({ error: 'contact inconnu' }) });
const territoryFields = ['name', 'nameArticle', 'cafName', 'timezone', 'coordinatorName', 'coordinatorEmail', 'coordinatorFunction', 'cafAdviserName', 'cafAdviserEmail', 'cafAdviserFunction', 'previousConventionEnd'] as const;
/** Pasted back into the form after a refused import, so it can be fixed in place, up to this size. */
const MAX_ECHO = 200_000;
const CONTACTS_SHOWN = 500;

export function coordinatorPageRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/territoires', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const { items } = await listTerritories(deps, territoryScope(viewer));
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(territoriesPage({ territories: items, viewer, canCreate: canChange(viewer), flash: takeFlash(req, res) }));
  });

  const cafNames = () => knownCafNames(deps);

  router.get('/territoires/nouveau', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR', 'CAF_ADVISER');
    if (!viewer) return;
    const values: Record<string, string> =
      viewer.role === 'COORDINATOR' ? { coordinatorName: viewer.fullName, coordinatorEmail: viewer.email } : viewer.role === 'CAF_ADVISER' ? { cafName: viewer.cafName ?? '', cafAdviserName: viewer.fullName, cafAdviserEmail: viewer.email } : {};
    res.type('html').send(newTerritoryPage({ values, viewer, cafNames: await cafNames() }));
  });

  router.post('/territoires', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR', 'CAF_ADVISER');
    if (!viewer) return;
    const values = Object.fromEntries(territoryFields.map((f) => [f, typeof req.body?.[f] === 'string' ? req.body[f].trim() : '']));
    // « aucun » is the explicit « no article », kept apart from « guess it » (blank).
    const input = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === 'nameArticle' && v === 'aucun' ? '' : blankToUndefined(v)]));
    const parsed = territoryInputSchema.safeParse(input);
    if (!parsed.success) {
      return res.status(400).type('html').send(newTerritoryPage({ values, errors: formErrors(parsed.error), viewer, cafNames: await cafNames() }));
    }
    // Said next to the field (the use case refuses it too).
    const otherCaf = otherCafReason(viewer, parsed.data.cafName);
    if (otherCaf) return res.status(400).type('html').send(newTerritoryPage({ values, errors: { cafName: otherCaf }, viewer, cafNames: await cafNames() }));
    const territory = await createTerritory(deps, parsed.data, viewer);
    redirectWithFlash(res, paths.territory(territory.id), 'ok', `Territoire « ${territory.name} » créé. Importez ses partenaires, puis lancez la démarche.`);
  });

  async function renderTerritory(
    req: Request,
    res: Response,
    viewer: Viewer,
    territory: Territory,
    status: number,
    extra: { importReport?: ImportReport; launch?: { values: LaunchValues; errors?: FieldErrors } } = {},
  ) {
    const { processes, contacts, contactCount } = await territoryPageData(deps, territory.id, CONTACTS_SHOWN);
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(status)
      .type('html')
      .send(
        territoryPage({
          territory: { ...territory, processes },
          contacts,
          contactCount,
          viewer,
          canChange: canChange(viewer),
          flash: status === 200 ? takeFlash(req, res) : null,
          now: new Date(),
          ...extra,
        }),
      );
  }

  router.get('/territoires/:id', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'read');
    await renderTerritory(req, res, viewer, territory, 200);
  });

  // multipart/form-data: the file input needs it; a pasted text area travels in the same form.
  router.post('/territoires/:id/contacts', express.raw({ type: 'multipart/form-data', limit: '3mb' }), async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    const form = parseMultipart(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type'));
    const file = form.get('fichier')?.value ?? '';
    const pasted = form.get('csv')?.value ?? '';
    const csv = file.trim() ? file : pasted;
    if (!csv.trim()) {
      return renderTerritory(req, res, viewer, territory, 400, { importReport: { errors: [], pasted, formError: 'choisissez un fichier CSV ou collez son contenu' } });
    }
    const { contacts, errors } = parseContactsCsv(csv);
    if (errors.length) {
      return renderTerritory(req, res, viewer, territory, 400, { importReport: { errors, pasted: csv.length <= MAX_ECHO ? csv : pasted } });
    }
    const { created, updated, duplicates } = await upsertContacts(deps, territory.id, contacts);
    redirectWithFlash(
      res,
      paths.territory(territory.id),
      'ok',
      `Import terminé : ${created} contact(s) ajouté(s), ${updated} mis à jour${duplicates ? `, ${duplicates} doublon(s) fusionné(s) (la dernière ligne l’emporte)` : ''}.`,
    );
  });

  /** The contact's buttons on the territory page: a new personal link, or removal from the partners. */
  const contactAction = (path: string, run: (territoryId: string, contactId: string) => Promise<unknown>, done: (name: string) => string) =>
    router.post(`/territoires/:id/contacts/:contactId/${path}`, async (req, res) => {
      const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
      if (!viewer) return;
      const { id, contactId } = parseOrThrow(contactParams, req.params);
      const territory = await territoryFor(deps, viewer, id, 'change');
      const name = await contactName(deps, territory.id, contactId);
      await run(territory.id, contactId);
      redirectWithFlash(res, paths.territory(territory.id), 'ok', done(name ?? 'Ce contact'));
    });
  contactAction('nouveau-lien', (t, c) => revokeContactLink(deps, t, c), (name) => `${name} : l’ancien lien personnel ne fonctionne plus ; son prochain courriel portera le nouveau.`);
  contactAction('retrait', (t, c) => deleteContact(deps, t, c), (name) => `${name} est retiré(e) des partenaires : plus d’invitation, son lien ne fonctionne plus, ses créneaux d’entretien sont libérés.`);

  const personEmail = z.object({ courriel: personEmailSchema });

  router.get('/territoires/:id/personne.json', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    const email = personEmail.safeParse(req.query);
    if (!email.success) return redirectWithFlash(res, `${paths.territory(territory.id)}#donnees-personnelles`, 'error', 'Adresse électronique invalide : rien n’a été exporté.');
    res.setHeader('Cache-Control', 'private, no-store');
    res.attachment('donnees-personnelles.json').json(await exportPerson(deps, territory.id, email.data.courriel));
  });

  router.post('/territoires/:id/personne/effacement', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    const back = `${paths.territory(territory.id)}#donnees-personnelles`;
    const email = personEmail.safeParse(req.body ?? {});
    if (!email.success) return redirectWithFlash(res, back, 'error', 'Adresse électronique invalide : rien n’a été effacé.');
    if (req.body?.confirmer !== 'oui') return redirectWithFlash(res, back, 'error', 'Cochez la case de confirmation : rien n’a été effacé.');
    const erased = await erasePerson(deps, territory.id, email.data.courriel);
    redirectWithFlash(res, paths.territory(territory.id), 'ok', `Données effacées pour ${erased.email} : ${erased.contacts} fiche(s) de contact, ${erased.registrations} inscription(s), ${erased.messages} message(s).`);
  });

  router.post('/territoires/:id/processus', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    const values = readLaunchForm(req.body ?? {});
    const result = parseLaunchForm(values, territory.timezone, new Date());
    if ('errors' in result) return renderTerritory(req, res, viewer, territory, 400, { launch: { values, errors: result.errors } });
    const plan = planSchema.parse(standardPlan(result.answers));
    const { created, process } = await launchProcess(deps, territory.id, { plan, answers: result.answers });
    redirectWithFlash(
      res,
      paths.process(process.id),
      'ok',
      created
        ? `Démarche CTG ${process.periodStart}–${process.periodEnd} lancée : ${plan.steps.length} étapes planifiées.`
        : `La démarche ${process.periodStart}–${process.periodEnd} de ce territoire était déjà lancée : la voici.`,
    );
  });

  router.post('/territoires/:id/calendrier/renouvellement', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    await renewSharedCalendar(deps, territory.id);
    const back = typeof req.body?.retour === 'string' && req.body.retour.startsWith('/processus/') ? req.body.retour : paths.territory(territory.id);
    redirectWithFlash(res, back, 'ok', 'Nouveau lien du calendrier : l’ancien ne fonctionne plus. Donnez le nouveau à ceux qui en ont besoin.');
  });

  router.use(pageErrors);
  return router;
}
