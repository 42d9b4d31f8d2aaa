// What a held meeting leaves: who came (Attendance) and its documents (MeetingDocument, kept in the
// database: one backup for everything). Each write is one transaction holding the step's row lock, so a
// sheet saved twice at once, or documents added while the limit is reached, never half-apply.
import { MAX_DOCUMENTS_PER_MEETING } from '../../domain/meeting-documents';
import type { AttendanceStatus } from '../../domain/attendance';
import type { Prisma, PrismaClient } from './prisma';

type Tx = Prisma.TransactionClient;
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

async function lockHeldStep(tx: Tx, stepId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Step" WHERE "id" = ${stepId}::uuid FOR UPDATE`;
  const step = await tx.step.findUnique({ where: { id: stepId }, select: { status: true, process: { select: { territoryId: true } } } });
  return step?.status === 'HELD' ? step : null;
}

export interface AttendanceLine {
  email: string;
  fullName: string;
  organisation: string | null;
  contactId: string | null;
  registrationId: string | null;
  status: AttendanceStatus;
}

export interface WalkIn {
  email: string;
  fullName: string;
  organisation: string | null;
}

/**
 * Writes the sheet: each line's answer (one statement for all of them), and those who came unannounced,
 * added to the territory's contacts (an address already there keeps its name) and marked present.
 * Null when the meeting is not (or no longer) held.
 */
export async function saveAttendance(prisma: PrismaClient, stepId: string, lines: AttendanceLine[], walkIns: WalkIn[]): Promise<{ saved: number; added: number } | null> {
  return prisma.$transaction(async (tx) => {
    const step = await lockHeldStep(tx, stepId);
    if (!step) return null;
    const { territoryId } = step.process;
    const all = lines.map((line) => ({ ...line, walkIn: false }));
    let added = 0;
    for (const person of walkIns) {
      const existing = await tx.contact.findUnique({ where: { territoryId_email: { territoryId, email: person.email } } });
      const contact = existing ?? (await tx.contact.create({ data: { territoryId, email: person.email, fullName: person.fullName, organisation: person.organisation, roles: [], domains: [] } }));
      if (!existing) added += 1;
      const onSheet = all.find((line) => line.email === person.email);
      if (onSheet) onSheet.status = 'PRESENT';
      else all.push({ email: contact.email, fullName: contact.fullName, organisation: contact.organisation, contactId: contact.id, registrationId: null, status: 'PRESENT', walkIn: true });
    }
    if (all.length > 0) {
      await tx.$executeRaw`
        INSERT INTO "Attendance" ("id", "stepId", "email", "fullName", "organisation", "contactId", "registrationId", "status", "walkIn", "updatedAt")
        SELECT gen_random_uuid(), ${stepId}::uuid, l.email, l.full_name, l.organisation, l.contact_id::uuid, l.registration_id::uuid, l.status::"AttendanceStatus", l.walk_in, now()
        FROM unnest(${all.map((l) => l.email)}::text[], ${all.map((l) => l.fullName)}::text[], ${all.map((l) => l.organisation)}::text[],
                    ${all.map((l) => l.contactId)}::text[], ${all.map((l) => l.registrationId)}::text[], ${all.map((l) => l.status)}::text[], ${all.map((l) => l.walkIn)}::boolean[])
          AS l(email, full_name, organisation, contact_id, registration_id, status, walk_in)
        ON CONFLICT ("stepId", "email") DO UPDATE SET "status" = excluded."status", "updatedAt" = now()`;
    }
    return { saved: all.length, added };
  }, TRANSACTION_OPTIONS);
}

export interface NewDocument {
  filename: string;
  mediaType: string;
  sha256: string;
  content: Uint8Array;
}

/** Adds documents to a held meeting (one already there, by content, is kept once). Refused past the limit. */
export async function addDocuments(
  prisma: PrismaClient,
  stepId: string,
  documents: NewDocument[],
  uploadedBy: string | null,
): Promise<{ added: number; already: number } | { refused: 'not-held' | 'too-many' }> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockHeldStep(tx, stepId))) return { refused: 'not-held' as const };
    const present = new Set((await tx.meetingDocument.findMany({ where: { stepId }, select: { sha256: true } })).map((d) => d.sha256));
    const fresh = [...new Map(documents.filter((d) => !present.has(d.sha256)).map((d) => [d.sha256, d])).values()];
    if (present.size + fresh.length > MAX_DOCUMENTS_PER_MEETING) return { refused: 'too-many' as const };
    await tx.meetingDocument.createMany({
      data: fresh.map((d) => ({ stepId, filename: d.filename, mediaType: d.mediaType, sha256: d.sha256, size: d.content.length, content: new Uint8Array(d.content), uploadedBy })),
    });
    return { added: fresh.length, already: documents.length - fresh.length };
  }, TRANSACTION_OPTIONS);
}

export interface DocumentListing {
  id: string;
  stepId: string;
  filename: string;
  mediaType: string;
  size: number;
  createdAt: Date;
}

/** The documents of these meetings, oldest first, without their content. */
export async function documentsOf(prisma: PrismaClient, stepIds: string[]): Promise<DocumentListing[]> {
  if (stepIds.length === 0) return [];
  return prisma.meetingDocument.findMany({
    where: { stepId: { in: stepIds } },
    orderBy: [{ createdAt: 'asc' }, { filename: 'asc' }],
    select: { id: true, stepId: true, filename: true, mediaType: true, size: true, createdAt: true },
  });
}

export async function removeDocument(prisma: PrismaClient, stepId: string, documentId: string): Promise<boolean> {
  return (await prisma.meetingDocument.deleteMany({ where: { id: documentId, stepId } })).count > 0;
}

/** Who came to the process's meetings, for its page and the evaluation's export. */
export async function attendanceOfProcess(prisma: PrismaClient, processId: string) {
  return prisma.attendance.findMany({
    where: { step: { processId } },
    orderBy: [{ step: { position: 'asc' } }, { fullName: 'asc' }],
    select: { stepId: true, email: true, fullName: true, organisation: true, status: true, walkIn: true, step: { select: { key: true, title: true, startsAt: true } } },
  });
}
