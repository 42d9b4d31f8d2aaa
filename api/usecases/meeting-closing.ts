// Closing a held meeting: its coordinator records who came (the invited, the registered, and those who
// came unannounced), files its documents, then closes it, which sends the follow-up from its step
// workflow. Rules in domain/attendance.ts and domain/meeting-documents.ts; writes in infra/db/meeting-records.ts.
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { attendanceSheetSchema, type AttendanceSheetInput, type AttendanceStatus } from '../../domain/attendance';
import { stepWorkflowId } from '../../domain/ids';
import { checkDocument, MAX_DOCUMENTS_PER_MEETING } from '../../domain/meeting-documents';
import { behaviourOf, isMeeting } from '../../domain/vocabulary';
import { announcedTo, registrantsOf } from '../../infra/db/audiences';
import { addDocuments, attendanceOfProcess, documentsOf, removeDocument, saveAttendance, type AttendanceLine, type NewDocument } from '../../infra/db/meeting-records';
import type { Step } from '../../infra/db/prisma';
import { meetingClosedSignal } from '../../workflows/definitions';
import { describeDocument, type MeetingDocumentsItem } from '../../templates/documents';
import type { ApiDeps } from '../deps';
import { notFound, parseOrThrow, ProblemError } from '../problem';

export interface SheetLine {
  email: string;
  fullName: string;
  organisation: string | null;
  contactId: string | null;
  registrationId: string | null;
  /** How they stood before the meeting: registered (seat or waiting list), invited, or came unannounced. */
  standing: 'CONFIRMED' | 'WAITLISTED' | 'INVITED' | 'WALK_IN';
  status: AttendanceStatus | null;
}

const refused = (detail: string) => new ProblemError(409, 'Clôture impossible', detail);

/** A meeting (not a task, a survey or a campaign of interviews), held: only then is there anyone to record. */
export function requireHeldMeeting(step: Step) {
  if (!isMeeting(behaviourOf(step))) throw refused(`« ${step.title} » n’est pas une rencontre : il n’y a ni présents ni compte rendu à enregistrer.`);
  if (step.status === 'CANCELLED') throw refused(`« ${step.title} » a été annulée.`);
  if (step.status !== 'HELD') throw refused(`« ${step.title} » n’a pas encore eu lieu : la liste des présents s’enregistre après la rencontre.`);
}

/** Everyone who may have come: those registered first, then those invited, then those who came unannounced. */
export async function attendanceSheet({ prisma }: Pick<ApiDeps, 'prisma'>, step: Step): Promise<SheetLine[]> {
  const [registrants, invitees, recorded] = await Promise.all([
    registrantsOf(prisma, step.id, ['CONFIRMED', 'WAITLISTED']),
    announcedTo(prisma, step.id),
    prisma.attendance.findMany({ where: { stepId: step.id } }),
  ]);
  const statusOf = new Map(recorded.map((r) => [r.email, r.status]));
  const lines = new Map<string, SheetLine>();
  const confirmed = new Set((await registrantsOf(prisma, step.id, ['CONFIRMED'])).map((r) => r.registrationId));
  for (const r of registrants) {
    lines.set(r.email, { email: r.email, fullName: r.fullName, organisation: r.organisation ?? null, contactId: r.contactId, registrationId: r.registrationId, standing: confirmed.has(r.registrationId) ? 'CONFIRMED' : 'WAITLISTED', status: null });
  }
  for (const c of invitees) {
    if (!lines.has(c.email)) lines.set(c.email, { email: c.email, fullName: c.fullName, organisation: c.organisation ?? null, contactId: c.contactId, registrationId: null, standing: 'INVITED', status: null });
  }
  for (const r of recorded) {
    if (!lines.has(r.email)) lines.set(r.email, { email: r.email, fullName: r.fullName, organisation: r.organisation, contactId: r.contactId, registrationId: r.registrationId, standing: 'WALK_IN', status: null });
  }
  const order = { CONFIRMED: 0, WAITLISTED: 1, INVITED: 2, WALK_IN: 3 };
  return [...lines.values()]
    .map((line) => ({ ...line, status: statusOf.get(line.email) ?? null }))
    .sort((a, b) => order[a.standing] - order[b.standing] || a.fullName.localeCompare(b.fullName, 'fr'));
}

/** The sheet checked against who may have come: each address must be on it (walk-ins are added). */
export async function checkAttendance(deps: Pick<ApiDeps, 'prisma'>, step: Step, input: unknown): Promise<{ lines: AttendanceLine[]; walkIns: AttendanceSheetInput['walkIns'] }> {
  requireHeldMeeting(step);
  const sheet = parseOrThrow(attendanceSheetSchema, input);
  const known = new Map((await attendanceSheet(deps, step)).map((line) => [line.email, line]));
  const lines = sheet.lines.map((line, i) => {
    const person = known.get(line.email);
    if (!person) throw new ProblemError(400, 'Présence refusée', `lines[${i}].email : ${line.email} n’est ni invité(e) ni inscrit(e) à cette rencontre ; ajoutez cette personne comme venue sans inscription.`);
    return { email: person.email, fullName: person.fullName, organisation: person.organisation, contactId: person.contactId, registrationId: person.registrationId, status: line.status };
  });
  return { lines, walkIns: sheet.walkIns };
}

/** Each upload checked by its content and name (pure): a French reason naming the file when refused. */
export function checkDocuments(files: { filename: string; bytes: Buffer }[]): NewDocument[] {
  if (files.length > MAX_DOCUMENTS_PER_MEETING) throw new ProblemError(400, 'Document refusé', `documents : ${MAX_DOCUMENTS_PER_MEETING} au plus à la fois.`);
  return files.map((file, i) => {
    const checked = checkDocument(file.filename, file.bytes);
    if ('refused' in checked) throw new ProblemError(400, 'Document refusé', `documents[${i}] : ${checked.refused}.`);
    return { filename: checked.filename, mediaType: checked.kind.mediaType, sha256: createHash('sha256').update(file.bytes).digest('hex'), content: file.bytes };
  });
}

/**
 * Records the sheet and adds the documents, everything checked before anything is written (a refused
 * file or address leaves both as they were). Saving again is harmless: answers are replaced, a file
 * already there is kept once.
 */
export async function recordMeeting(deps: Pick<ApiDeps, 'prisma'>, step: Step, input: { sheet: unknown; files: { filename: string; bytes: Buffer }[] }, uploadedBy: string | null) {
  const documents = checkDocuments(input.files);
  const { lines, walkIns } = await checkAttendance(deps, step, input.sheet);
  const notHeld = () => refused(`« ${step.title} » n’est plus une rencontre tenue.`);
  const added = documents.length ? await addDocuments(deps.prisma, step.id, documents, uploadedBy) : { added: 0, already: 0 };
  if ('refused' in added) {
    if (added.refused === 'too-many') throw new ProblemError(400, 'Document refusé', `documents : une rencontre garde ${MAX_DOCUMENTS_PER_MEETING} documents au plus ; retirez-en avant d’en ajouter.`);
    throw notHeld();
  }
  const saved = await saveAttendance(deps.prisma, step.id, lines, walkIns);
  if (!saved) throw notHeld();
  return { ...saved, documents: added };
}

/**
 * Closes the meeting: its workflow records it and sends the follow-up (once, however often this is
 * asked). A meeting whose workflow is over (runs recorded before closing existed thanked everyone at
 * its end) is recorded closed here, and nothing more is sent.
 */
export async function closeMeeting(deps: ApiDeps, step: Step): Promise<{ followUp: boolean }> {
  requireHeldMeeting(step);
  if (step.closedAt) throw refused(`« ${step.title} » est déjà close : les remerciements sont partis.`);
  if ((await deps.prisma.attendance.count({ where: { stepId: step.id } })) === 0) {
    throw new ProblemError(400, 'Clôture impossible', 'lines : enregistrez d’abord qui était présent, excusé ou absent ; les remerciements en dépendent.');
  }
  try {
    await deps.temporal.withDeadline(Date.now() + 10_000, () => deps.temporal.workflow.getHandle(stepWorkflowId(step.processId, step.key)).signal(meetingClosedSignal));
    // Told: the page shows it closed at once (the workflow records the same, keeping the first instant).
    await deps.prisma.step.updateMany({ where: { id: step.id, closedAt: null }, data: { closedAt: new Date() } });
    return { followUp: true };
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError || /workflow execution already completed/i.test((error as Error).message))) throw error;
    await deps.prisma.step.updateMany({ where: { id: step.id, closedAt: null }, data: { closedAt: new Date() } });
    return { followUp: false };
  }
}

export const meetingDocuments = (deps: Pick<ApiDeps, 'prisma'>, stepIds: string[]) => documentsOf(deps.prisma, stepIds);

/** The documents of these meetings as a person's page lists them, opened under `base` (their own link). */
export async function documentsForPerson(deps: Pick<ApiDeps, 'prisma'>, steps: Pick<Step, 'id' | 'title' | 'startsAt'>[], base: string): Promise<MeetingDocumentsItem[]> {
  const documents = await documentsOf(deps.prisma, steps.map((s) => s.id));
  return [...steps]
    .sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0))
    .map((step) => ({
      title: step.title,
      startsAt: step.startsAt,
      documents: documents.filter((d) => d.stepId === step.id).map((d) => ({ filename: d.filename, about: describeDocument(d), url: `${base}/${d.id}` })),
    }));
}

/** A document of one of the process's meetings, or 404. */
export async function processDocument({ prisma }: Pick<ApiDeps, 'prisma'>, processId: string, documentId: string) {
  const document = await prisma.meetingDocument.findFirst({ where: { id: documentId, step: { processId } } });
  if (!document) throw notFound('Document');
  return document;
}

/** Takes a document off a meeting: nobody can open it any more. */
export async function removeMeetingDocument({ prisma }: Pick<ApiDeps, 'prisma'>, step: Pick<Step, 'id'>, documentId: string): Promise<void> {
  if (!(await removeDocument(prisma, step.id, documentId))) throw notFound('Document');
}

/** Who came to the process's meetings, a line per person and meeting (the CSV's rows). */
export async function attendanceRows({ prisma }: Pick<ApiDeps, 'prisma'>, processId: string) {
  const rows = await attendanceOfProcess(prisma, processId);
  return rows.map((r) => ({ stepTitle: r.step.title, startsAt: r.step.startsAt, fullName: r.fullName, organisation: r.organisation, email: r.email, status: r.status, walkIn: r.walkIn }));
}
