// The portfolio as a CSV file (same conventions as the other exports: French headers, `;`, BOM, CRLF).
import { phaseLabels } from '../domain/plan';
import type { PortfolioRow } from '../domain/portfolio';
import { renewalLabels } from './labels';
import { csvCell, csvDate } from './registrations-csv';

const HEADER = ['Territoire', 'Caf', 'Phase', 'Période', 'Étapes faites', 'Étapes', 'Prochaine rencontre', 'Date', 'Étapes en retard', 'Fin de la CTG', 'Renouvellement'];

export function portfolioCsv(rows: PortfolioRow[], timeZone: string): string {
  const lines = [
    HEADER,
    ...rows.map((r) => [
      r.name,
      r.cafName,
      r.phase ? phaseLabels[r.phase] : 'aucune démarche',
      r.period ? `${r.period.start}–${r.period.end}` : '',
      String(r.progress.done),
      String(r.progress.total),
      r.nextMeeting?.title ?? '',
      csvDate(r.nextMeeting?.startsAt ?? null, timeZone),
      String(r.lateSteps),
      r.endsAt ? csvDate(r.endsAt, timeZone).slice(0, 10) : '',
      r.renewal ? renewalLabels[r.renewal] : '',
    ]),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
