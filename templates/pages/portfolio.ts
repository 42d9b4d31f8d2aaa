// The adviser's portfolio: one row per territory, filters (phase, late, renewal due within N months) and
// sortable columns as plain links and a GET form (no JavaScript), a CSV export of what is shown. On a
// phone, each row reads as a card (table.stack).
import { phaseLabels, phases } from '../../domain/plan';
import { TIMELINE_MAX_ROWS, type PortfolioQuery, type PortfolioRow } from '../../domain/portfolio';
import { formatFrenchDate } from '../../domain/time';
import { paths } from '../../domain/urls';
import { html, type SafeHtml } from '../html';
import { renewalLabels } from '../labels';
import { page, type Flash, type LayoutViewer } from './layout';
import { portfolioTimeline } from './portfolio-timeline';

const columns: { sort: PortfolioQuery['tri']; label: string }[] = [
  { sort: 'territoire', label: 'Territoire' },
  { sort: 'phase', label: 'Phase' },
  { sort: 'avancement', label: 'Avancement' },
  { sort: 'rencontre', label: 'Prochaine rencontre' },
  { sort: 'retards', label: 'Retards' },
  { sort: 'fin', label: 'Fin de la CTG' },
  { sort: 'renouvellement', label: 'Renouvellement' },
];

export function queryString(query: Partial<PortfolioQuery>, changes: Partial<Record<keyof PortfolioQuery, string | number | boolean | undefined>> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  if (merged.phase) params.set('phase', String(merged.phase));
  if (merged.retard) params.set('retard', 'oui');
  if (merged.renouvellement) params.set('renouvellement', String(merged.renouvellement));
  if (merged.tri && merged.tri !== 'territoire') params.set('tri', String(merged.tri));
  if (merged.ordre && merged.ordre !== 'asc') params.set('ordre', String(merged.ordre));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function header(query: PortfolioQuery): SafeHtml {
  return html`${columns.map(({ sort, label }) => {
    const active = query.tri === sort;
    const next = active && query.ordre === 'asc' ? 'desc' : 'asc';
    const aria = active ? html` aria-sort="${query.ordre === 'asc' ? 'ascending' : 'descending'}"` : '';
    return html`<th scope="col"${aria}><a href="${paths.portfolio}${queryString(query, { tri: sort, ordre: next })}">${label}${active ? (query.ordre === 'asc' ? ' ▲' : ' ▼') : ''}<span class="sr"> (trier)</span></a></th>`;
  })}`;
}

function row(r: PortfolioRow, timeZone: string): SafeHtml {
  const renewal = r.renewal ? html`<span class="badge ${r.renewal}">${renewalLabels[r.renewal]}</span>` : '';
  return html`<tr>
<td data-label="Territoire"><a href="${paths.territory(r.territoryId)}">${r.name}</a>${r.processId ? html`<br><a class="muted" href="${paths.process(r.processId)}">la démarche</a>` : ''}</td>
<td data-label="Phase">${r.phase ? phaseLabels[r.phase] : html`<span class="muted">aucune démarche lancée</span>`}${r.period ? html`<br><span class="muted">CTG ${r.period.start}–${r.period.end}</span>` : ''}</td>
<td data-label="Avancement">${r.progress.total ? `${r.progress.done} / ${r.progress.total}` : ''}</td>
<td data-label="Prochaine rencontre">${r.nextMeeting ? html`${r.nextMeeting.title}<br><span class="muted">${formatFrenchDate(r.nextMeeting.startsAt, timeZone)}</span>` : html`<span class="muted">aucune date</span>`}</td>
<td data-label="Retards">${r.processId === null ? '' : r.lateSteps ? html`<strong>${r.lateSteps}</strong>` : '0'}</td>
<td data-label="Fin de la CTG">${r.endsAt ? formatFrenchDate(r.endsAt, timeZone) : ''}</td>
<td data-label="Renouvellement">${renewal}</td>
</tr>`;
}

export function portfolioPage(options: { rows: PortfolioRow[]; matching: number; total: number; query: PortfolioQuery; errors: Record<string, string>; viewer: LayoutViewer; scopeLabel: string; timeZone: string; now: Date; flash?: Flash | null }): string {
  const { query, rows } = options;
  return page({
    title: `Portefeuille — ${options.scopeLabel}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<style>.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end}
.badge.DUE{background:#fee2e2}.badge.STARTED{background:#d1fae5}th a{text-decoration:none}</style>
<form method="get" action="/portefeuille" class="filters card" aria-label="Filtres">
<div><label for="phase">Phase</label><br><select id="phase" name="phase"><option value="">toutes</option>${phases.map((p) => html`<option value="${p}"${query.phase === p ? ' selected' : ''}>${phaseLabels[p]}</option>`)}</select></div>
<div class="choice"><input type="checkbox" id="retard" name="retard" value="oui"${query.retard ? ' checked' : ''}><label for="retard">Avec une étape en retard</label></div>
<div><label for="renouvellement">Fin dans les … mois, renouvellement non lancé</label><br><input type="number" id="renouvellement" name="renouvellement" min="1" max="60" value="${query.renouvellement ?? ''}"${options.errors.renouvellement ? html` aria-invalid="true" aria-describedby="renouvellement-erreur"` : ''}>${options.errors.renouvellement ? html`<span class="field-error" id="renouvellement-erreur">${options.errors.renouvellement}</span>` : ''}</div>
${query.tri !== 'territoire' ? html`<input type="hidden" name="tri" value="${query.tri}">` : ''}${query.ordre !== 'asc' ? html`<input type="hidden" name="ordre" value="${query.ordre}">` : ''}
<div><button type="submit">Filtrer</button> <a href="${paths.portfolio}">tout afficher</a></div>
</form>
<p><a href="${paths.newTerritory}">Ajouter un territoire</a> (un territoire pas encore lancé, avec la fin de sa convention précédente : son renouvellement apparaît ici).</p>
<p>${options.matching} territoire(s) sur ${options.total}${options.matching > rows.length ? ` (les ${rows.length} premiers ci-dessous : filtrez, ou exportez-les tous)` : ''} · <a href="${paths.portfolioCsv}${queryString(query)}">Exporter ce tableau (CSV)</a></p>
${
  rows.length === 0
    ? html`<p>Aucun territoire ne correspond à ces filtres.</p>`
    : html`<div class="scroll" role="region" aria-label="Territoires" tabindex="0"><table class="stack"><thead><tr>${header(query)}</tr></thead><tbody>${rows.map((r) => row(r, options.timeZone))}</tbody></table></div>
<h2>Frise</h2>
${options.matching <= TIMELINE_MAX_ROWS ? portfolioTimeline(rows, options.now, options.timeZone) : html`<p>La frise se lit pour ${TIMELINE_MAX_ROWS} territoires au plus : filtrez (par phase, retards ou renouvellements) pour l’afficher.</p>`}`
}`,
  });
}

