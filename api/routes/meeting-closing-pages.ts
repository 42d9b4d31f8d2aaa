// The closing of a held meeting (who came, its documents, « clore ») and what it leaves for the
// territory's people: the documents and the attendance export. Forms post multipart (files and fields).
import express, { Router, type Request, type Response } from 'express';
import { attendanceStatuses, type AttendanceStatus } from '../../domain/attendance';
import { MAX_DOCUMENT_BYTES } from '../../domain/meeting-documents';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { attendanceCsv } from '../../templates/attendance-csv';
import { meetingClosingPage, WALK_IN_ROWS, type WalkInValues } from '../../templates/pages/meeting-closing';
import { canChange, processFor } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { sendDocument } from '../forms/document-response';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { parseMultipartParts } from '../forms/multipart';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow, ProblemError } from '../problem';
import { attendanceRows, attendanceSheet, closeMeeting, meetingDocuments, recordMeeting, processDocument, removeMeetingDocument } from '../usecases/meeting-closing';
import { stepOfProcess } from '../usecases/processes';
import { pageIdParam, pageStepParams } from '../route-params';

const documentParams = pageIdParam.extend({ documentId: z.uuid({ error: 'document inconnu' }) });
/** Every file at its limit, and the fields: a request above this is refused before it is read. */
const UPLOAD_LIMIT = MAX_DOCUMENT_BYTES * 4 + 1024 * 1024;

export function meetingClosingRoutes(deps: ApiDeps): Router {
  const router = Router();

  async function stepOf(req: Request, res: Response, mode: 'read' | 'change') {
    const viewer = mode === 'change' ? pageViewer(req, res, 'ADMIN', 'COORDINATOR') : pageViewer(req, res);
    if (!viewer) return null;
    const { id, key } = parseOrThrow(pageStepParams, req.params);
    const process = await processFor(deps, viewer, id, mode);
    return { viewer, process, step: await stepOfProcess(deps, process.id, key) };
  }

  /** `typed`: a refused form's answers, shown back as they were ticked and typed. */
  async function render(
    res: Response,
    found: NonNullable<Awaited<ReturnType<typeof stepOf>>>,
    viewer: Viewer,
    status: number,
    flash: ReturnType<typeof takeFlash>,
    error: string | null = null,
    typed: { lines: { email: string; status: AttendanceStatus }[]; walkIns: WalkInValues[] } | null = null,
  ) {
    const { process, step } = found;
    const [recorded, documents] = await Promise.all([attendanceSheet(deps, step), meetingDocuments(deps, [step.id])]);
    const ticked = new Map(typed?.lines.map((l) => [l.email, l.status]));
    const sheet = recorded.map((line) => ({ ...line, status: ticked.get(line.email) ?? line.status }));
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(status).type('html').send(
      meetingClosingPage({
        data: { processId: process.id, territoryName: process.territory.name, timeZone: process.territory.timezone, step, sheet, documents },
        viewer,
        canChange: canChange(viewer) && step.status === 'HELD',
        flash,
        error,
        walkIns: typed?.walkIns,
      }),
    );
  }

  router.get('/processus/:id/etapes/:key/cloture', async (req, res) => {
    const found = await stepOf(req, res, 'read');
    if (!found) return;
    await render(res, found, found.viewer, 200, takeFlash(req, res));
  });

  router.post('/processus/:id/etapes/:key/cloture', express.raw({ type: 'multipart/form-data', limit: UPLOAD_LIMIT }), async (req, res) => {
    const found = await stepOf(req, res, 'change');
    if (!found) return;
    const { viewer, step, process } = found;
    const back = paths.meetingClosing(process.id, step.key);
    let typed: { lines: { email: string; status: AttendanceStatus }[]; walkIns: WalkInValues[] } | null = null;
    try {
      const parts = req.is('multipart/form-data') ? parseMultipartParts(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type')) : [];
      const value = (name: string) => parts.find((p) => p.name === name)?.value.trim() ?? '';
      const lines = parts
        .filter((p) => p.name.startsWith('presence:'))
        .map((p) => ({ email: p.name.slice('presence:'.length), status: p.value.trim() as AttendanceStatus }))
        .filter((line) => (attendanceStatuses as readonly string[]).includes(line.status));
      const walkIns = Array.from({ length: WALK_IN_ROWS }, (_, i) => ({ fullName: value(`venu-nom-${i}`), email: value(`venu-courriel-${i}`), organisation: value(`venu-structure-${i}`) })).filter(
        (w) => w.fullName || w.email || w.organisation,
      );
      typed = { lines, walkIns };
      const files = parts.filter((p) => p.name === 'documents' && p.filename && p.bytes.length > 0).map((p) => ({ filename: p.filename!, bytes: p.bytes }));
      const saved = await recordMeeting(deps, step, { sheet: { lines, walkIns }, files }, viewer.email);
      const said = [`Liste enregistrée (${saved.saved} personne(s)${saved.added ? `, dont ${saved.added} ajoutée(s) aux contacts` : ''})`];
      if (saved.documents.added || saved.documents.already) said.push(`${saved.documents.added} document(s) ajouté(s)${saved.documents.already ? `, ${saved.documents.already} déjà présent(s)` : ''}`);
      if (value('action') === 'clore') {
        const { followUp } = await closeMeeting(deps, step);
        said.push(followUp ? 'rencontre close : les remerciements partent aux présents, les documents aux excusés' : 'rencontre close (ses remerciements étaient partis à la fin de la rencontre)');
      }
      redirectWithFlash(res, back, 'ok', `${said.join(' ; ')}.`);
    } catch (error) {
      if (error instanceof ProblemError && error.status < 500) return render(res, found, viewer, error.status, null, `${error.title} : ${error.detail ?? ''}`, typed);
      throw error;
    }
  });

  router.post('/processus/:id/etapes/:key/cloture/documents/:documentId/suppression', async (req, res) => {
    const found = await stepOf(req, res, 'change');
    if (!found) return;
    const { documentId } = parseOrThrow(z.object({ documentId: z.uuid({ error: 'document inconnu' }) }), { documentId: req.params.documentId });
    await removeMeetingDocument(deps, found.step, documentId);
    redirectWithFlash(res, paths.meetingClosing(found.process.id, found.step.key), 'ok', 'Document retiré : plus personne ne peut l’ouvrir.');
  });

  router.get('/processus/:id/documents/:documentId', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const { id, documentId } = parseOrThrow(documentParams, req.params);
    const process = await processFor(deps, viewer, id, 'read');
    sendDocument(res, await processDocument(deps, process.id, documentId));
  });

  router.get('/processus/:id/presences.csv', async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const process = await processFor(deps, viewer, parseOrThrow(pageIdParam, req.params).id, 'read');
    const rows = await attendanceRows(deps, process.id);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="presences-${process.periodStart}-${process.periodEnd}.csv"`);
    res.type('text/csv; charset=utf-8').send(
      attendanceCsv(rows, process.territory.timezone),
    );
  });

  // Refused before it is read (more than every file at its limit): a page that says so, in French.
  router.use((error: unknown, _req: Request, _res: Response, next: (error: unknown) => void) => {
    if ((error as { type?: string }).type === 'entity.too.large') {
      return next(new ProblemError(413, 'Envoi trop lourd', `Les fichiers envoyés dépassent ce que le service reçoit en une fois : ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo au plus par document, quatre documents à la fois. Rien n’a été enregistré.`));
    }
    next(error);
  });
  router.use(pageErrors);
  return router;
}
