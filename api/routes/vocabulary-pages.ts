// « Les mots du territoire »: its name's article, people's functions, its contact groups and governance
// bodies, edited in a plain form by its coordination (read-only viewers are refused like elsewhere).
import { Router } from 'express';
import { vocabularyPage } from '../../templates/pages/vocabulary';
import { territoryFor } from '../auth/scope';
import type { ApiDeps } from '../deps';
import { redirectWithFlash } from '../forms/flash';
import { pageViewer } from '../forms/page-viewer';
import { parseVocabularyForm, readVocabularyForm, vocabularyValuesOf } from '../forms/vocabulary-form';
import { parseOrThrow } from '../problem';
import { updateTerritory } from '../usecases/territories';
import { paths } from '../../domain/urls';
import { pageIdParam } from '../route-params';
import { pageErrors } from '../forms/page-errors';


export function vocabularyPageRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/territoires/:id/vocabulaire', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(vocabularyPage({ territory, values: vocabularyValuesOf(territory), viewer }));
  });

  router.post('/territoires/:id/vocabulaire', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const territory = await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change');
    const values = readVocabularyForm(req.body ?? {});
    const parsed = parseVocabularyForm(values);
    if ('errors' in parsed) return res.status(400).type('html').send(vocabularyPage({ territory, values, errors: parsed.errors, viewer }));
    await updateTerritory(deps, territory.id, parsed.changes);
    redirectWithFlash(res, paths.territory(territory.id), 'ok', 'Les mots du territoire sont enregistrés : les prochains courriels les emploient.');
  });

  router.use(pageErrors);
  return router;
}
