// A meeting's registrations as a CSV file a coordinator opens in Excel or LibreOffice: French headers,
// `;` separators (French locales read `,` as the decimal mark), a UTF-8 BOM so accents survive, CRLF
// line ends, dates in the territory's zone.
import { statusLabels, type RegistrationStatus } from '../domain/registrations';

export interface RegistrationCsvRow {
  fullName: string;
  organisation: string | null;
  email: string;
  status: RegistrationStatus;
  position: number | null;
  requestedAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
}

const HEADER = ['Nom', 'Structure', 'Courriel', 'Statut', 'Position en liste d’attente', 'Demandée le', 'Confirmée le', 'Annulée le'];

/** Quotes when needed; a leading =, +, - or @ is defused, so a name typed in a public form can't run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** « 23/11/2026 09:30 » in the territory's zone. */
export function csvDate(instant: Date | null, timeZone: string): string {
  if (!instant) return '';
  return new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(instant).replace(',', '');
}

export function registrationsCsv(rows: RegistrationCsvRow[], timeZone: string): string {
  const lines = [
    HEADER,
    ...rows.map((r) => [
      r.fullName,
      r.organisation ?? '',
      r.email,
      statusLabels[r.status],
      r.position === null ? '' : String(r.position),
      csvDate(r.requestedAt, timeZone),
      csvDate(r.confirmedAt, timeZone),
      csvDate(r.cancelledAt, timeZone),
    ]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
