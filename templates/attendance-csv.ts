// Who came to a process's meetings, as a CSV file for the evaluation (same conventions as the
// registrations' export: French headers, `;`, UTF-8 BOM, CRLF, the territory's zone).
import type { AttendanceStatus } from '../domain/attendance';
import { attendanceLabels } from './labels';
import { csvCell, csvDate } from './registrations-csv';

export interface AttendanceCsvRow {
  stepTitle: string;
  startsAt: Date | null;
  fullName: string;
  organisation: string | null;
  email: string;
  status: AttendanceStatus;
  walkIn: boolean;
}

const HEADER = ['Rencontre', 'Date', 'Nom', 'Structure', 'Courriel', 'Présence', 'Venu(e) sans inscription'];

export function attendanceCsv(rows: AttendanceCsvRow[], timeZone: string): string {
  const lines = [
    HEADER,
    ...rows.map((r) => [r.stepTitle, csvDate(r.startsAt, timeZone), r.fullName, r.organisation ?? '', r.email, attendanceLabels[r.status], r.walkIn ? 'oui' : 'non']),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
