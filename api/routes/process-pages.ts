// A process page and the coordinator's changes to it. Every change goes through the use cases (Temporal
// Updates): when the workflow refuses, its French reason comes back as the error message of the page.
import { paths } from '../../domain/urls';
import { Router, type Request, type Response } from 'express';
import { z } from '../../domain/zod';
import { processPage, type StepFormState } from '../../templates/pages/process';
import { canChange, processFor } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow, ProblemError } from '../problem';
import { parseCancelForm, parseSlotsForm, parseStepForm } from '../forms/step-form';
import { processPageData } from '../usecases/process-page';
import { stepOfProcess } from '../usecases/processes';
import { cancelStep, changeStep, closePhase, completeStep, pauseProcess, resumeProcess } from '../usecases/process-changes';
import { contactFieldOf, readContactRows } from '../forms/contact-rows';
import { shownContactsSchema } from '../../domain/newsletter';
import { setProcessContacts } from '../usecases/newsletter';
import { changeCampaignSlots } from '../usecases/interviews';
import { temporalWorkflowUrl } from '../usecases/dashboard';
import { pageIdParam, pagePhaseParams, pageStepParams } from '../route-params';
import { formErrors, schemaMessage } from '../forms/form-errors';

const pageQuery = z.object({ messages: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) }).loose();

export function processPageRoutes(deps: ApiDeps): Router {
  const router = Router();

  async function render(req: Request, res: Response, viewer: Viewer, processId: string, status: number, refused: StepFormState | null = null) {
    const { messages } = parseOrThrow(pageQuery, req.query);
    const data = await processPageData(deps, processId, messages);
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(status)
      .type('html')
      .send(
        processPage({
          data,
          viewer,
          canChange: canChange(viewer),
          now: new Date(),
          temporalUrl: temporalWorkflowUrl(deps.config, data.process.workflowId),
          flash: status === 200 ? takeFlash(req, res) : null,
          refused,
        }),
      );
  }

  router.get('/processus/:id', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const process = await processFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'read');
    await render(req, res, viewer, process.id, 200);
  });

  /** Runs a change; the workflow's refusal (409) or an unavailable Temporal (503) becomes the error message. */
  async function attempt(res: Response, location: string, change: () => Promise<unknown>, success: string) {
    try {
      await change();
    } catch (error) {
      if (error instanceof ProblemError && (error.status === 409 || error.status === 503)) {
        return redirectWithFlash(res, location, 'error', `${error.title} : ${error.detail ?? ''}`);
      }
      throw error;
    }
    redirectWithFlash(res, location, 'ok', success);
  }

  /** The viewer, the process they may change and the step named in the path (or 404). */
  async function stepOf(req: Request, res: Response) {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return null;
    const { id, key } = parseOrThrow(pageStepParams, req.params);
    const process = await processFor(deps, viewer, id, 'change');
    const step = await stepOfProcess(deps, process.id, key);
    return { viewer, process, step, back: paths.step(process.id, step.key) };
  }

  router.post('/processus/:id/etapes/:key', async (req, res) => {
    const found = await stepOf(req, res);
    if (!found) return;
    const { viewer, process, step, back } = found;
    const { values, changes, errors } = parseStepForm(req.body, step, process.territory.timezone, new Date());
    if (errors) return render(req, res, viewer, process.id, 400, { key: step.key, form: 'change', values, errors });
    if (Object.keys(changes).length === 0) return redirectWithFlash(res, back, 'ok', `« ${step.title} » : aucune modification.`);
    await attempt(res, back, () => changeStep(deps, process.id, step.key, changes), `« ${step.title} » modifiée : les invités déjà prévenus reçoivent la mise à jour, leur agenda se corrige de lui-même.`);
  });

  router.post('/processus/:id/etapes/:key/creneaux', async (req, res) => {
    const found = await stepOf(req, res);
    if (!found) return;
    const { viewer, process, step, back } = found;
    const { values, slots, errors } = parseSlotsForm(req.body, process.territory.timezone, new Date());
    if (errors) return render(req, res, viewer, process.id, 400, { key: step.key, form: 'slots', values, errors });
    await attempt(
      res,
      back,
      () => changeCampaignSlots(deps, process, step, slots),
      `« ${step.title} » : ${slots.add.length} créneau(x) ajouté(s), ${slots.remove.length} retiré(s). Les invités voient les créneaux libres sur leur page.`,
    );
  });

  router.post('/processus/:id/etapes/:key/annulation', async (req, res) => {
    const found = await stepOf(req, res);
    if (!found) return;
    const { viewer, process, step, back } = found;
    const { values, reason, errors } = parseCancelForm(req.body);
    if (errors) return render(req, res, viewer, process.id, 400, { key: step.key, form: 'cancel', values, errors });
    await attempt(res, back, () => cancelStep(deps, process.id, step.key, reason), `« ${step.title} » annulée : les invités en sont prévenus.`);
  });

  router.post('/processus/:id/etapes/:key/fin', async (req, res) => {
    const found = await stepOf(req, res);
    if (!found) return;
    const { process, step, back } = found;
    await attempt(res, back, () => completeStep(deps, process.id, step.key), `« ${step.title} » marquée comme terminée.`);
  });

  /** « Vos contacts » of this process's emails and pages (a co-coordinator, a consultancy, with phones). */
  router.post('/processus/:id/contacts', async (req, res) => {
    const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
    if (!viewer) return;
    const process = await processFor(deps, viewer, parseOrThrow(pageIdParam, { id: req.params.id }).id, 'change');
    const rows = readContactRows(req.body);
    const parsed = shownContactsSchema.safeParse(rows);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, contactFieldOf, schemaMessage);
      return render(req, res, viewer, process.id, 400, { key: '', form: 'contacts', values: {}, errors, contacts: rows });
    }
    await setProcessContacts(deps, process, rows);
    redirectWithFlash(res, `${paths.process(process.id)}#contacts`, 'ok', parsed.data.length ? `Contacts enregistrés : ils figurent dans les prochains courriels et pages.` : 'Contacts par défaut rétablis : la coordination et le conseil Caf.');
  });

  /** The process-wide actions: same shape, a viewer who may change, a message. */
  const processAction = (path: string, run: (processId: string, req: Request) => Promise<unknown>, success: (req: Request) => string) =>
    router.post(path, async (req, res) => {
      const viewer = pageViewer(req, res, 'ADMIN', 'COORDINATOR');
      if (!viewer) return;
      const process = await processFor(deps, viewer, parseOrThrow(pageIdParam, { id: req.params.id }).id, 'change');
      await attempt(res, paths.process(process.id), () => run(process.id, req), success(req));
    });

  processAction(
    '/processus/:id/phases/:phase/cloture',
    (id, req) => closePhase(deps, id, parseOrThrow(pagePhaseParams, req.params).phase),
    () => 'Phase close : les partenaires et le conseil Caf en sont informés.',
  );
  processAction('/processus/:id/pause', (id) => pauseProcess(deps, id), () => 'Envois suspendus : aucun message ne part jusqu’à la reprise.');
  processAction('/processus/:id/reprise', (id) => resumeProcess(deps, id), () => 'Envois repris.');

  router.use(pageErrors);
  return router;
}
