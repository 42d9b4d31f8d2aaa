// The Caf adviser's dashboard: every territory in scope, its phase, progress, next meeting, late steps,
// registrations and a timeline. Read-only; each card links to the territory and to Temporal.
import { paths } from '../../domain/urls';
import { phaseLabels, phases, type Phase, type StepBehaviour } from '../../domain/plan';
import { formatFrenchDateRange } from '../../domain/time';
import type { AttendanceCounts } from '../../domain/attendance';
import type { StepDisplayState } from '../../domain/step-display';
import { html } from '../html';
import { processStatusLabels } from '../labels';
import { page, type Flash, type LayoutViewer } from './layout';
import { legend, timelineSvg } from './timeline-svg';

// What the dashboard shows of each territory (the read model infra/db/dashboard.ts builds it).
export interface DashboardStep {
  key: string;
  title: string;
  phase: Phase;
  behaviour: StepBehaviour;
  startsAt: Date | null;
  endsAt: Date | null;
  state: StepDisplayState;
}

export interface UpcomingMeeting {
  key: string;
  title: string;
  startsAt: Date;
  location: string | null;
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
}

export interface DashboardProcess {
  id: string;
  workflowId: string;
  kind: 'ELABORATION' | 'RENOUVELLEMENT';
  periodStart: number;
  periodEnd: number;
  status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED';
  phase: Phase;
  progress: { done: number; total: number };
  nextMeeting: UpcomingMeeting | null;
  upcomingMeetings: UpcomingMeeting[];
  lateSteps: { key: string; title: string; startsAt: Date | null }[];
  undatedSteps: number;
  steps: DashboardStep[];
  /** Who came to the meetings closed so far (the evaluation's figure), and the held meetings still to close. */
  attendance: AttendanceCounts & { meetingsClosed: number; meetingsToClose: number };
}

export interface DashboardTerritory {
  id: string;
  name: string;
  cafName: string;
  timezone: string;
  process: DashboardProcess | null;
}

export interface DashboardCard extends DashboardTerritory {
  temporalUrl: string | null;
}

const seats = (m: UpcomingMeeting) =>
  `${m.confirmed} inscrit(s)${m.capacity ? ` sur ${m.capacity} places` : ''}${m.waitlisted ? `, ${m.waitlisted} en liste d’attente` : ''}`;

function card(t: DashboardCard, now: Date, index: number) {
  const p = t.process;
  const tz = t.timezone;
  return html`<section class="card territory" aria-labelledby="t${index}">
<h2 id="t${index}"><a href="${paths.territory(t.id)}">${t.name}</a></h2>
<p class="muted">${t.cafName}</p>
${
  !p
    ? html`<p>Aucune démarche lancée.</p>`
    : html`<dl class="facts">
<dt>Phase</dt><dd><strong>${phaseLabels[p.phase]}</strong> — CTG ${p.periodStart}–${p.periodEnd}${p.kind === 'RENOUVELLEMENT' ? ' (renouvellement)' : ''}, ${processStatusLabels[p.status] ?? p.status}</dd>
<dt>Avancement</dt><dd><progress max="${Math.max(1, p.progress.total)}" value="${p.progress.done}" aria-label="Avancement de ${t.name}"></progress> ${p.progress.done} sur ${p.progress.total} étapes tenues ou terminées${p.undatedSteps ? `, ${p.undatedSteps} à dater` : ''}</dd>
<dt>Prochaine rencontre</dt><dd>${p.nextMeeting ? html`${p.nextMeeting.title} — ${formatFrenchDateRange(p.nextMeeting.startsAt, null, tz)}${p.nextMeeting.location ? html`, ${p.nextMeeting.location}` : ''}` : 'aucune date fixée'}</dd>
<dt>En retard</dt><dd>${p.lateSteps.length === 0 ? 'aucune étape' : html`<ul>${p.lateSteps.map((s) => html`<li>${s.title}</li>`)}</ul>`}</dd>
<dt>Inscriptions</dt><dd>${
        p.upcomingMeetings.length === 0
          ? 'aucune rencontre à venir'
          : html`<ul>${p.upcomingMeetings.slice(0, 4).map((m) => html`<li>${m.title} : ${seats(m)}</li>`)}${p.upcomingMeetings.length > 4 ? html`<li>et ${p.upcomingMeetings.length - 4} autre(s) rencontre(s)</li>` : ''}</ul>`
      }</dd>
<dt>Participation</dt><dd>${participation(p.attendance)}</dd>
</dl>
${timelineSvg({ id: `frise-${index}`, territoryName: t.name, steps: p.steps, timeZone: tz, now, currentPhase: p.status === 'COMPLETED' ? undefined : p.phase })}
<p class="links"><a href="${paths.process(p.id)}">Détail de la démarche<span class="sr"> de ${t.name}</span></a>${
        t.temporalUrl ? html` · <a href="${t.temporalUrl}">Workflow dans Temporal<span class="sr"> (${t.name})</span></a>` : ''
      }</p>`
}
</section>`;
}

/** « 12 présences (3 excusées) sur 2 rencontres closes ; 1 rencontre à clore » */
function participation(a: DashboardProcess['attendance']): string {
  const closed = a.meetingsClosed === 0 ? 'aucune rencontre close' : `${a.present} présence(s)${a.excused ? `, ${a.excused} excusée(s)` : ''} sur ${a.meetingsClosed} rencontre(s) close(s)`;
  return a.meetingsToClose ? `${closed} ; ${a.meetingsToClose} rencontre(s) tenue(s) à clore` : closed;
}

export function dashboardPage(options: { territories: DashboardCard[]; viewer: LayoutViewer; now: Date; flash?: Flash | null; scopeLabel: string }): string {
  const { territories, now } = options;
  const byPhase = phases
    .map((phase) => ({ phase, count: territories.filter((t) => t.process?.phase === phase).length }))
    .filter((entry) => entry.count > 0);
  return page({
    title: 'Tableau de bord',
    viewer: options.viewer,
    flash: options.flash,
    body: html`<style>
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}dl.facts ul{margin:0;padding-left:20px}
ul.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:0 0 16px}ul.legend li{display:flex;align-items:center;gap:4px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}section.territory h2{margin:0}
@media (max-width:600px){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:8px}}
</style>
<p>${options.scopeLabel} : ${territories.length} territoire(s)${byPhase.length ? html` — ${byPhase.map((e, i) => html`${i ? ', ' : ''}${e.count} en ${phaseLabels[e.phase]}`)}` : ''}. Mise à jour à chaque changement d’étape ; les mêmes données en JSON : <a href="${paths.apiDashboard}">${paths.apiDashboard}</a>.</p>
${legend()}
${territories.length === 0 ? html`<p class="card">Aucun territoire à suivre pour l’instant.</p>` : territories.map((t, i) => card(t, now, i))}`,
  });
}
