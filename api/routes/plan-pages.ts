// The plan editor's pages: start a draft (from the standard plan's answers, the previous process, a
// spreadsheet, or blank), edit and save it as typed, export it (CSV, JSON), launch it. The territory's
// coordination only; one draft per territory, dropped once launched.
import { paths } from '../../domain/urls';
import express, { Router, type Response } from 'express';
import { bodiesOf } from '../../domain/governance';
import { planFromCsv, planToCsv } from '../../domain/plan-csv';
import { parseMultipart } from '../forms/multipart';
import { valuesToPlan, type PlanDraftValues } from '../../domain/plan-rows';
import { planWarnings } from '../../domain/plan-warnings';
import type { Territory } from '../../infra/db/prisma';
import type { FieldErrors } from '../../templates/pages/fields';
import { planEditorPage, planStartPage } from '../../templates/pages/plan-editor';
import { territoryFor } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { parseLaunchForm, readLaunchForm } from '../forms/launch-form';
import { readPlanForm, withBlankRow } from '../forms/plan-form';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';
import { abandonDraft, blankDraft, draftFromAnswers, draftFromPreviousProcess, draftFromSpreadsheet, hasPreviousProcess, launchDraft, planDraft, planPage, saveDraft } from '../usecases/plan-drafts';
import { pageIdParam } from '../route-params';
import { pageErrors } from '../forms/page-errors';


export function planPageRoutes(deps: ApiDeps): Router {
  const router = Router();

  /** The territory, for its coordination (or an administrator); null after a redirect to sign in. */
  const territoryOf = async (req: Parameters<typeof pageViewer>[0], res: Response): Promise<{ viewer: Viewer; territory: Territory } | null> => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return null;
    return { viewer, territory: await territoryFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'change') };
  };
  const editor = (res: Response, status: number, territory: Territory, viewer: Viewer, values: PlanDraftValues, extra: { errors?: FieldErrors; flash?: ReturnType<typeof takeFlash> } = {}) => {
    const checked = valuesToPlan(values, territory.timezone);
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(status)
      .type('html')
      .send(
        planEditorPage({
          territory,
          values: withBlankRow(values),
          bodies: bodiesOf(territory.bodies),
          // A draft saved with mistakes shows them when it is opened again, next to their fields.
          errors: extra.errors ?? ('errors' in checked && values.steps.length > 0 ? checked.errors : undefined),
          warnings: 'plan' in checked ? planWarnings(checked.plan, territory.timezone) : [],
          viewer,
          flash: extra.flash,
        }),
      );
  };

  router.get('/territoires/:id/plan', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory, viewer } = found;
    const shown = await planPage(deps, territory.id);
    if ('draft' in shown) return editor(res, 200, territory, viewer, shown.draft, { flash: takeFlash(req, res) });
    res.type('html').send(planStartPage({ territory, hasPrevious: shown.hasPrevious, viewer, flash: takeFlash(req, res) }));
  });

  /** Back to the editor once a draft is prepared. */
  const started = (res: Response, territory: Territory, how: string) =>
    redirectWithFlash(res, `${paths.territory(territory.id)}/plan`, 'ok', `Brouillon préparé ${how} : modifiez chaque étape, enregistrez, puis lancez.`);

  router.post('/territoires/:id/plan/modele', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory } = found;
    const result = parseLaunchForm(readLaunchForm(req.body ?? {}), territory.timezone, new Date());
    if ('errors' in result) return redirectWithFlash(res, `${paths.territory(territory.id)}#lancement`, 'error', 'Les réponses au plan type contiennent des erreurs : corrigez-les puis préparez le plan.');
    await draftFromAnswers(deps, territory, result.answers);
    started(res, territory, 'à partir du plan type');
  });

  router.post('/territoires/:id/plan/precedent', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory } = found;
    const previous = await draftFromPreviousProcess(deps, territory);
    if (!previous) return redirectWithFlash(res, `${paths.territory(territory.id)}/plan`, 'error', 'Ce territoire n’a pas encore de démarche dont repartir.');
    started(res, territory, `à partir de la démarche ${previous.periodStart}–${previous.periodEnd}`);
  });

  router.post('/territoires/:id/plan/vierge', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    await blankDraft(deps, found.territory.id, new Date());
    started(res, found.territory, 'vierge');
  });

  // multipart/form-data: the file input needs it; a pasted text area travels in the same form.
  router.post('/territoires/:id/plan/import', express.raw({ type: 'multipart/form-data', limit: '3mb' }), async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory, viewer } = found;
    const form = req.is('multipart/form-data') ? parseMultipart(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type')) : null;
    const file = form?.get('fichier')?.value ?? '';
    const pasted = form ? (form.get('csv')?.value ?? '') : typeof req.body?.csv === 'string' ? req.body.csv : '';
    const csv = file.trim() ? file : pasted;
    const refuse = async (importErrors: { line: number; field: string; reason: string }[]) => {
      const hasPrevious = await hasPreviousProcess(deps, territory.id);
      return res.status(400).type('html').send(planStartPage({ territory, hasPrevious, viewer, importErrors, pasted: csv.length <= 100_000 ? csv : pasted }));
    };
    if (!csv.trim()) return refuse([{ line: 1, field: 'fichier', reason: 'choisissez un fichier CSV ou collez son contenu' }]);
    const { rows, errors } = planFromCsv(csv);
    if (errors.length) return refuse(errors);
    await draftFromSpreadsheet(deps, territory.id, rows, new Date());
    started(res, territory, 'à partir du tableur');
  });

  router.post('/territoires/:id/plan', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory, viewer } = found;
    const values = readPlanForm(req.body ?? {});
    await saveDraft(deps, territory.id, values);
    const action = typeof req.body?.action === 'string' ? req.body.action : 'enregistrer';
    const checked = valuesToPlan(values, territory.timezone);
    if (action !== 'lancer') {
      const flash = { kind: 'ok' as const, text: 'errors' in checked ? 'Brouillon enregistré. Il reste des erreurs à corriger avant de lancer.' : 'Brouillon enregistré.' };
      return editor(res, 200, territory, viewer, values, { errors: 'errors' in checked ? checked.errors : undefined, flash });
    }
    if ('errors' in checked) return editor(res, 400, territory, viewer, values, { errors: checked.errors });
    const { created, process } = await launchDraft(deps, territory.id, checked.plan);
    const warnings = planWarnings(checked.plan, territory.timezone);
    redirectWithFlash(
      res,
      paths.process(process.id),
      'ok',
      created
        ? `Démarche CTG ${process.periodStart}–${process.periodEnd} lancée : ${checked.plan.steps.length} étapes planifiées.${warnings.length ? ` À vérifier : ${warnings.map((w) => w.message).join(' ')}` : ''}`
        : `La démarche ${process.periodStart}–${process.periodEnd} de ce territoire était déjà lancée : la voici (le brouillon est conservé).`,
    );
  });

  router.post('/territoires/:id/plan/abandon', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    await abandonDraft(deps, found.territory.id);
    redirectWithFlash(res, paths.territory(found.territory.id), 'ok', 'Brouillon de plan abandonné.');
  });

  router.get('/territoires/:id/plan.csv', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const draft = await planDraft(deps, found.territory.id);
    if (!draft) return redirectWithFlash(res, `${paths.territory(found.territory.id)}/plan`, 'error', 'Aucun brouillon de plan à exporter.');
    res.type('text/csv; charset=utf-8').attachment('plan.csv').send(planToCsv(draft.steps));
  });

  router.get('/territoires/:id/plan.json', async (req, res) => {
    const found = await territoryOf(req, res);
    if (!found) return;
    const { territory } = found;
    const draft = await planDraft(deps, territory.id);
    if (!draft) return redirectWithFlash(res, `${paths.territory(territory.id)}/plan`, 'error', 'Aucun brouillon de plan à exporter.');
    const checked = valuesToPlan(draft, territory.timezone);
    // The plan as the API launches it when it is valid; the draft's rows as typed otherwise.
    res.attachment('plan.json').json('plan' in checked ? checked.plan : draft);
  });

  router.use(pageErrors);
  return router;
}
