// A territory's process at a glance, as inline SVG: phases as bands across time, each dated step as a
// mark coloured by its state, and today. The <title>/<desc> say the same in words for screen readers,
// and a legend in HTML tells states apart without relying on colour alone (shapes differ too).
import { ofName } from '../messages/wording';
import { phaseLabels, phases, type Phase } from '../../domain/plan';
import { stepDisplayLabels, type StepDisplayState } from '../../domain/step-display';
import { formatFrenchDate } from '../../domain/time';
import { html, type SafeHtml } from '../html';

export interface TimelineStep {
  key: string;
  title: string;
  phase: Phase;
  startsAt: Date | null;
  endsAt: Date | null;
  state: StepDisplayState;
}

const WIDTH = 800;
const LEFT = 10;
const RIGHT = 790;
const DAY = 86_400_000;

export const phaseFill: Record<Phase, string> = { DIAGNOSTIC: '#bfdbfe', PLAN_ACTIONS: '#c7d2fe', MISE_EN_OEUVRE: '#bbf7d0', RENOUVELLEMENT: '#fde68a' };
const phaseShort: Record<Phase, string> = { DIAGNOSTIC: 'Diagnostic', PLAN_ACTIONS: 'Plan d’actions', MISE_EN_OEUVRE: 'Mise en œuvre', RENOUVELLEMENT: 'Renouvellement' };
export const stateColour: Record<StepDisplayState, string> = {
  A_VENIR: '#475569',
  A_FIXER: '#b45309',
  INVITEE: '#1d4ed8',
  EN_RETARD: '#b91c1c',
  TENUE: '#047857',
  TERMINEE: '#047857',
  ANNULEE: '#64748b',
};

/** One mark: a circle; late steps a diamond, cancelled ones hollow, finished ones a filled square. */
function mark(state: StepDisplayState, x: number, y: number, label: string): SafeHtml {
  const colour = stateColour[state];
  const tip = html`<title>${label}</title>`;
  switch (state) {
    case 'EN_RETARD':
      return html`<path d="M${x} ${y - 8}L${x + 8} ${y}L${x} ${y + 8}L${x - 8} ${y}Z" fill="${colour}">${tip}</path>`;
    case 'TENUE':
    case 'TERMINEE':
      return html`<rect x="${x - 6}" y="${y - 6}" width="12" height="12" fill="${colour}">${tip}</rect>`;
    case 'ANNULEE':
      return html`<circle cx="${x}" cy="${y}" r="6" fill="#fff" stroke="${colour}" stroke-width="2" stroke-dasharray="3 2">${tip}</circle>`;
    default:
      return html`<circle cx="${x}" cy="${y}" r="6" fill="${colour}">${tip}</circle>`;
  }
}

export function legend(): SafeHtml {
  const states: StepDisplayState[] = ['A_VENIR', 'INVITEE', 'TENUE', 'EN_RETARD', 'ANNULEE'];
  return html`<ul class="legend" aria-label="Légende de la frise">${states.map(
    (s) => html`<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">${mark(s, 9, 9, '')}</svg> ${stepDisplayLabels[s]}${s === 'TENUE' ? ' ou terminée' : ''}</li>`,
  )}<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><line x1="9" y1="0" x2="9" y2="18" stroke="#9b1c1c" stroke-width="2"/></svg> aujourd’hui</li></ul>`;
}

export function timelineSvg(options: { id: string; territoryName: string; steps: TimelineStep[]; timeZone: string; now: Date; currentPhase?: Phase }): SafeHtml {
  const { steps, timeZone, now } = options;
  const dated = steps.filter((s): s is TimelineStep & { startsAt: Date } => s.startsAt !== null);
  const ends = dated.map((s) => (s.endsAt ?? s.startsAt).getTime());
  let from = Math.min(now.getTime(), ...dated.map((s) => s.startsAt.getTime()));
  let to = Math.max(now.getTime(), ...ends);
  if (to - from < 90 * DAY) to = from + 90 * DAY;
  const pad = (to - from) * 0.04;
  from -= pad;
  to += pad;
  const x = (t: number) => Math.round((LEFT + ((t - from) / (to - from)) * (RIGHT - LEFT)) * 10) / 10;

  // A phase spans its dated steps; the phase under way also spans today, and reaches the right edge
  // (open-ended) while none of its steps has a date.
  const bands = phases.flatMap((phase) => {
    const own = dated.filter((s) => s.phase === phase && s.state !== 'ANNULEE');
    const current = phase === options.currentPhase;
    if (own.length === 0 && !current) return [];
    const times = own.flatMap((s) => [s.startsAt.getTime(), (s.endsAt ?? s.startsAt).getTime()]);
    if (current) times.push(now.getTime());
    return [{ phase, start: Math.min(...times), end: own.length === 0 ? to : Math.max(...times), open: own.length === 0 }];
  });

  // Year ticks, or months when the span is short.
  const ticks: { t: number; label: string }[] = [];
  const first = new Date(from);
  const short = to - from < 540 * DAY;
  for (let d = new Date(Date.UTC(first.getUTCFullYear(), short ? first.getUTCMonth() + 1 : 0, 1)); d.getTime() <= to; ) {
    if (d.getTime() >= from) {
      ticks.push({ t: d.getTime(), label: short ? new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone }).format(d) : String(d.getUTCFullYear()) });
    }
    d = short ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (to - from > 270 * DAY ? 3 : 1), 1)) : new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
  }

  const undated = steps.length - dated.length;
  const finished = steps.filter((s) => s.state === 'TENUE' || s.state === 'TERMINEE').length;
  const late = steps.filter((s) => s.state === 'EN_RETARD').length;
  const summary = [
    `Frise ${ofName(options.territoryName)}`,
    ...bands.map((b) =>
      b.open
        ? `${phaseLabels[b.phase]} : en cours, aucune étape datée`
        : `${phaseLabels[b.phase]} : du ${formatFrenchDate(new Date(b.start), timeZone)} au ${formatFrenchDate(new Date(b.end), timeZone)}`,
    ),
    `${steps.length} étape(s), dont ${finished} tenue(s) ou terminée(s), ${late} en retard, ${undated} à dater`,
    `aujourd’hui : ${formatFrenchDate(now, timeZone)}`,
  ].join(' ; ');
  const nowX = x(now.getTime());

  // Never narrower than 640 px, so its words stay legible: a phone scrolls it sideways in its box.
  return html`<div class="frise" role="region" aria-label="Frise ${ofName(options.territoryName)}" tabindex="0" style="overflow-x:auto"><svg class="timeline" viewBox="0 0 ${WIDTH} 112" width="100%" role="img" aria-labelledby="${options.id}-titre" preserveAspectRatio="xMinYMid meet" style="min-width:640px;display:block">
<title id="${options.id}-titre">${summary}</title>
${bands.map((b) => {
  const x1 = x(b.start);
  const w = Math.max(4, x(b.end) - x1);
  return html`<g><rect x="${x1}" y="22" width="${w}" height="24" rx="4" fill="${phaseFill[b.phase]}" stroke="#12355b" stroke-width="${b.open ? 1 : 0.5}"${b.open ? ' stroke-dasharray="4 3"' : ''}><title>${phaseLabels[b.phase]}</title></rect>${
    w > 70 ? html`<text x="${x1 + 6}" y="38" font-size="13" fill="#1d2433">${phaseShort[b.phase]}</text>` : ''
  }</g>`;
})}
<line x1="${LEFT}" y1="64" x2="${RIGHT}" y2="64" stroke="#94a3b8" stroke-width="1"/>
${dated.length === 0 ? html`<text x="${(LEFT + RIGHT) / 2}" y="68" font-size="13" text-anchor="middle" fill="#334155">aucune étape datée pour l’instant</text>` : ''}
${dated.map((s) => mark(s.state, x(s.startsAt.getTime()), 64, `${s.title} — ${formatFrenchDate(s.startsAt, timeZone)} — ${stepDisplayLabels[s.state]}`))}
<line x1="${nowX}" y1="14" x2="${nowX}" y2="82" stroke="#9b1c1c" stroke-width="2"/>
<text x="${Math.min(nowX + 4, RIGHT - 70)}" y="12" font-size="13" fill="#9b1c1c">aujourd’hui</text>
${ticks.map((tick) => html`<line x1="${x(tick.t)}" y1="86" x2="${x(tick.t)}" y2="92" stroke="#475569"/><text x="${x(tick.t)}" y="106" font-size="13" text-anchor="middle" fill="#334155">${tick.label}</text>`)}
</svg></div>`;
}
