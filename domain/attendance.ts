// Who came to a held meeting: the three answers a coordinator records, what each one is sent once the
// meeting is closed, and the counts the evaluation reads (per meeting, per organisation). Pure rules.
import { z } from './zod';

export const attendanceStatuses = ['PRESENT', 'EXCUSED', 'ABSENT'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/** Those present are thanked with the documents; those excused get the documents and what comes next; nobody else is written to. */
export const followsUp = (status: AttendanceStatus): status is 'PRESENT' | 'EXCUSED' => status === 'PRESENT' || status === 'EXCUSED';

/** At most this many people on one sheet, and walk-ins added at once. */
export const MAX_ATTENDANCE_LINES = 2_000;
export const MAX_WALK_INS = 50;

const email = z.string({ error: 'adresse électronique invalide' }).trim().toLowerCase().pipe(z.email({ error: 'adresse électronique invalide' }).max(254, '254 caractères au plus'));

/** One line of the sheet: someone invited or registered, by their address. */
export const attendanceLineSchema = z.object({ email, status: z.enum(attendanceStatuses, { error: 'présent, excusé ou absent' }) });

/** Someone who came without being invited or registered: added to the territory's contacts. */
export const walkInSchema = z.object({
  fullName: z.string({ error: 'le nom est obligatoire' }).trim().min(2, 'le nom est obligatoire').max(200, '200 caractères au plus'),
  email,
  organisation: z.string().trim().max(200, '200 caractères au plus').optional().transform((v) => v || null),
});

export const attendanceSheetSchema = z.object({
  lines: z.array(attendanceLineSchema).max(MAX_ATTENDANCE_LINES, `${MAX_ATTENDANCE_LINES} personnes au plus`),
  walkIns: z.array(walkInSchema).max(MAX_WALK_INS, `${MAX_WALK_INS} personnes ajoutées au plus à la fois`),
});
export type AttendanceSheetInput = z.infer<typeof attendanceSheetSchema>;

export interface AttendanceCounts {
  present: number;
  excused: number;
  absent: number;
}

export const noAttendance = (): AttendanceCounts => ({ present: 0, excused: 0, absent: 0 });

const field: Record<AttendanceStatus, keyof AttendanceCounts> = { PRESENT: 'present', EXCUSED: 'excused', ABSENT: 'absent' };

export function countAttendance(rows: readonly { status: AttendanceStatus }[]): AttendanceCounts {
  const counts = noAttendance();
  for (const row of rows) counts[field[row.status]] += 1;
  return counts;
}

/** The people who came, by organisation (« sans structure » last), for the evaluation. */
export function attendanceByOrganisation(rows: readonly { organisation: string | null; status: AttendanceStatus; stepId: string }[]) {
  const groups = new Map<string, AttendanceCounts & { organisation: string | null; meetings: Set<string> }>();
  for (const row of rows) {
    const key = row.organisation?.trim() || '';
    const group = groups.get(key) ?? { organisation: key || null, meetings: new Set<string>(), ...noAttendance() };
    group[field[row.status]] += 1;
    if (row.status === 'PRESENT') group.meetings.add(row.stepId);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ meetings, ...counts }) => ({ ...counts, meetingsAttended: meetings.size }))
    .sort((a, b) => (a.organisation === null ? 1 : b.organisation === null ? -1 : b.present - a.present || a.organisation.localeCompare(b.organisation, 'fr')));
}
