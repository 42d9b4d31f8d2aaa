// The newsletter's pages for the coordinator and the adviser: a process's issues, the editor of one (save,
// preview, send, schedule). What anyone may read of it is in public-pages.ts.
import { Router, type Request, type Response } from 'express';
import { fromLocalInput } from '../../domain/local-time-input';
import { MAX_SECTIONS, issueName, newsletterEditSchema } from '../../domain/newsletter';
import { contactFieldOf, readContactRows } from '../forms/contact-rows';
import { formatFrenchDate, formatFrenchTime } from '../../domain/time';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { sharedCalendarUrl } from '../usecases/territory-calendar';
import { issuePreviewHtml } from '../usecases/public-newsletter';
import { formOf, issueEditorPage, issuesPage, type IssueForm } from '../../templates/pages/newsletter';
import { canChange, processFor } from '../auth/scope';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow, ProblemError } from '../problem';
import { draftIssue, editIssue, issueOf, issuesOf, sendIssue, unscheduleIssue } from '../usecases/newsletter';
import { formErrors, formText, schemaMessage } from '../forms/form-errors';
import { pageIdParam } from '../route-params';

const issueParams = pageIdParam.extend({ issueId: z.uuid({ error: 'numéro inconnu' }) });


/** The form as typed (to show it back) and as the shared schema reads it. */
function readForm(body: unknown): IssueForm {
  const sections = Array.from({ length: MAX_SECTIONS + 1 }, (_, i) => ({
    heading: formText(body, `rubrique-${i}-titre`),
    body: formText(body, `rubrique-${i}-texte`),
    figure: formText(body, `rubrique-${i}-chiffre`),
    figureLabel: formText(body, `rubrique-${i}-legende`),
  })).filter((s) => s.heading || s.body || s.figure || s.figureLabel);
  const contacts = readContactRows(body);
  return { title: formText(body, 'titre'), number: formText(body, 'numero'), editorial: formText(body, 'edito'), sections, contacts, publishContactDetails: formText(body, 'publierCoordonnees') === 'oui' };
}

const sectionFields: Record<string, string> = { heading: 'titre', body: 'texte', figure: 'chiffre', figureLabel: 'legende' };

/** A schema issue's path as the form's field name. */
function fieldOf(path: PropertyKey[]): string {
  const [head, index, key] = path.map(String);
  if (head === 'sections') return index !== undefined && key ? `rubrique-${index}-${sectionFields[key] ?? key}` : 'rubrique-0-titre';
  if (head === 'contacts') return contactFieldOf(path);
  return ({ title: 'titre', number: 'numero', editorial: 'edito' } as Record<string, string>)[head ?? ''] ?? 'titre';
}

export function newsletterRoutes(deps: ApiDeps): Router {
  const router = Router();

  async function processOf(req: Request, res: Response, mode: 'read' | 'change') {
    const viewer = mode === 'change' ? pageViewer(req, res, 'ADMIN', 'COORDINATOR') : pageViewer(req, res);
    if (!viewer) return null;
    const { id } = parseOrThrow(pageIdParam, { id: req.params.id });
    return { viewer, process: await processFor(deps, viewer, id, mode) };
  }

  router.get('/processus/:id/lettres', async (req, res) => {
    const found = await processOf(req, res, 'read');
    if (!found) return;
    const { process, viewer } = found;
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(
      issuesPage({
        calendarUrl: await sharedCalendarUrl(deps, process.territoryId),
        processId: process.id,
        territoryId: process.territoryId,
        territoryName: process.territory.name,
        timeZone: process.territory.timezone,
        issues: await issuesOf(deps, process),
        canChange: canChange(viewer),
        viewer,
        flash: takeFlash(req, res),
      }),
    );
  });

  router.post('/processus/:id/lettres', async (req, res) => {
    const found = await processOf(req, res, 'change');
    if (!found) return;
    const issue = await draftIssue(deps, found.process);
    redirectWithFlash(res, paths.newsletterIssue(found.process.id, issue.id), 'ok', `${issueName(issue)} : brouillon prêt. Complétez-le, regardez l’aperçu, puis envoyez-le.`);
  });

  router.get('/processus/:id/lettres/:issueId', async (req, res) => {
    const found = await processOf(req, res, 'read');
    if (!found) return;
    const { process, viewer } = found;
    const issue = await issueOf(deps, process, parseOrThrow(issueParams, req.params).issueId);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(issueEditorPage({ processId: process.id, issue, form: formOf(issue), timeZone: process.territory.timezone, canChange: canChange(viewer), viewer, flash: takeFlash(req, res) }));
  });

  router.post('/processus/:id/lettres/:issueId', async (req, res) => {
    const found = await processOf(req, res, 'change');
    if (!found) return;
    const { process, viewer } = found;
    const { issueId } = parseOrThrow(issueParams, req.params);
    const timeZone = process.territory.timezone;
    const form = readForm(req.body);
    const action = formText(req.body, 'action');
    const issue = await issueOf(deps, process, issueId);
    const back = paths.newsletterIssue(process.id, issueId);
    const refuse = (errors: Record<string, string>) =>
      res.status(400).type('html').send(issueEditorPage({ processId: process.id, issue, form, errors, timeZone, canChange: true, viewer }));
    if (action === 'deprogrammer') {
      await unscheduleIssue(deps, process, issueId);
      return redirectWithFlash(res, back, 'ok', `${issueName(issue)} déprogrammé : c’est de nouveau un brouillon.`);
    }
    // The same schema as any other door: the form only names its fields in French.
    const input = { ...form };
    const parsed = newsletterEditSchema.safeParse(input);
    if (!parsed.success) {
      const errors = formErrors(parsed.error, fieldOf, schemaMessage);
      return refuse(errors);
    }
    const scheduled = action === 'programmer' ? fromLocalInput(formText(req.body, 'programme'), timeZone) : null;
    if (action === 'programmer' && (!scheduled || scheduled.getTime() <= Date.now())) return refuse({ programme: scheduled ? 'cette date est passée' : 'date et heure d’envoi attendues' });
    try {
      const saved = await editIssue(deps, process, issueId, input);
      if (action === 'envoyer' || action === 'programmer') {
        const { already } = await sendIssue(deps, process, issueId, scheduled);
        const when = scheduled ? `programmé pour le ${formatFrenchDate(scheduled, timeZone)} à ${formatFrenchTime(scheduled, timeZone)}` : 'en cours d’envoi : chaque partenaire et élu reçoit ses propres liens';
        return redirectWithFlash(res, back, 'ok', already ? `${issueName(saved)} était déjà envoyé (ou en cours d’envoi) : rien de plus n’est parti.` : `${issueName(saved)} ${when}.`);
      }
      redirectWithFlash(res, back, 'ok', `${issueName(saved)} enregistré.`);
    } catch (error) {
      if (error instanceof ProblemError && error.status === 400 && error.detail?.startsWith('number')) return refuse({ numero: error.detail.replace(/^number : /, '') });
      throw error;
    }
  });

  /** What partners will read: the email (with a note in place of each one's own links) or the public page. */
  router.get('/processus/:id/lettres/:issueId/apercu', async (req, res) => {
    const found = await processOf(req, res, 'read');
    if (!found) return;
    const { process } = found;
    const issue = await issueOf(deps, process, parseOrThrow(issueParams, req.params).issueId);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(await issuePreviewHtml(deps, process, issue, req.query.format === 'courriel' ? 'email' : 'page'));
  });

  router.use(pageErrors);
  return router;
}
