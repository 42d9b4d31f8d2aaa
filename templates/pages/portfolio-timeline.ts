// The portfolio as one timeline: a line per territory with its convention's period, its phases as bars
// (from their dated steps), its meetings as marks, the end of its CTG, and today. Each line links to
// the territory and carries its summary in words (<title>); the table above says the same as text.
import { phaseLabels } from '../../domain/plan';
import type { PortfolioRow } from '../../domain/portfolio';
import { formatFrenchDate } from '../../domain/time';
import { paths } from '../../domain/urls';
import { html, type SafeHtml } from '../html';
import { renewalLabels } from '../labels';
import { phaseFill } from './timeline-svg';

const LABEL = 230;
const WIDTH = 960;
const ROW = 22;
const TOP = 26;

function summary(r: PortfolioRow, timeZone: string): string {
  if (!r.period || !r.phase) return `${r.name} : aucune démarche lancée`;
  return [
    `${r.name} : CTG ${r.period.start}–${r.period.end}`,
    `phase ${phaseLabels[r.phase]}`,
    `${r.lateSteps} étape(s) en retard`,
    r.endsAt ? `fin le ${formatFrenchDate(r.endsAt, timeZone)}` : null,
    r.renewal ? `renouvellement ${renewalLabels[r.renewal]}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function portfolioTimeline(rows: PortfolioRow[], now: Date, timeZone: string): SafeHtml {
  if (rows.length === 0) return html``;
  const year = now.getUTCFullYear();
  const starts = rows.flatMap((r) => (r.period ? [r.period.start] : []));
  const ends = rows.flatMap((r) => (r.period ? [r.period.end] : []));
  // At most ten years around today: enough for every current convention and its renewal.
  const first = Math.max(Math.min(year, ...starts), year - 4);
  const last = Math.min(Math.max(year + 1, ...ends), first + 9);
  const from = Date.UTC(first, 0, 1);
  const to = Date.UTC(last + 1, 0, 1);
  const x = (instant: number) => LABEL + ((Math.min(Math.max(instant, from), to) - from) / (to - from)) * (WIDTH - LABEL - 10);
  const height = TOP + rows.length * ROW + 8;
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return html`<svg class="portfolio-timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="group" aria-labelledby="frise-titre" aria-describedby="frise-desc">
<title id="frise-titre">Frise des ${rows.length} territoire(s), de ${first} à ${last}</title>
<desc id="frise-desc">Pour chaque territoire : la période de sa convention, ses phases, ses rencontres et la fin de sa CTG ; la ligne verticale marque aujourd’hui. Le tableau ci-dessus donne les mêmes informations.</desc>
${years.map((y) => html`<line x1="${x(Date.UTC(y, 0, 1))}" y1="${TOP - 6}" x2="${x(Date.UTC(y, 0, 1))}" y2="${height}" stroke="#e2e8f0"/><text x="${x(Date.UTC(y, 0, 1)) + 3}" y="16" font-size="12" fill="#475569">${y}</text>`)}
${rows.map((r, i) => {
  const y = TOP + i * ROW;
  const mid = y + ROW / 2;
  const period = r.period ? html`<rect x="${x(Date.UTC(r.period.start, 0, 1))}" y="${y + 4}" width="${Math.max(1, x(Date.UTC(r.period.end + 1, 0, 1)) - x(Date.UTC(r.period.start, 0, 1)))}" height="${ROW - 8}" fill="none" stroke="#94a3b8"/>` : '';
  const phases = r.phases.map((p) => html`<rect x="${x(p.from.getTime())}" y="${y + 5}" width="${Math.max(2, x(p.to.getTime()) - x(p.from.getTime()))}" height="${ROW - 10}" fill="${phaseFill[p.phase]}"><title>${phaseLabels[p.phase]}</title></rect>`);
  const marks = r.meetings.filter((m) => m.startsAt.getTime() >= from && m.startsAt.getTime() < to).map((m) => html`<circle cx="${x(m.startsAt.getTime())}" cy="${mid}" r="3" fill="#1d4ed8"><title>${m.title} — ${formatFrenchDate(m.startsAt, timeZone)}</title></circle>`);
  const end = r.endsAt ? html`<path d="M${x(r.endsAt.getTime())} ${y + 3} v${ROW - 6}" stroke="${r.renewal === 'DUE' ? '#b91c1c' : '#334155'}" stroke-width="3"/>` : '';
  return html`<a href="${paths.territory(r.territoryId)}"><g><title>${summary(r, timeZone)}</title>
<text x="4" y="${mid + 4}" font-size="12" fill="#12355b">${r.name.length > 32 ? `${r.name.slice(0, 31)}…` : r.name}</text>${period}${phases}${marks}${end}</g></a>`;
})}
<line x1="${x(now.getTime())}" y1="${TOP - 6}" x2="${x(now.getTime())}" y2="${height}" stroke="#b45309" stroke-width="2"><title>Aujourd’hui</title></line>
</svg>
<p class="hint">Cadre : la période de la convention ; couleurs : ses phases ; points : ses rencontres ; trait épais : la fin de la CTG (rouge quand le renouvellement est à lancer) ; trait orange : aujourd’hui.</p>`;
}
