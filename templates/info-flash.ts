// The territory's newsletter (« Info flash », « Journal »…), in the spirit of the seeds: the coordinator's
// édito and sections (a « zoom », a key figure), then from the process's state « Où en sommes-nous ? »,
// the next meetings with each reader's own registration and calendar links, every step of each phase
// with its date and state, and the contacts chosen. Written once as blocks, sent as an email or shown as
// a page (the archive: no personal link, the contacts' details only if the coordinator published them).
import { isMeeting, phaseLabels, phases, type Phase, type StepBehaviour } from '../domain/plan';
import { formatFrenchDate, formatFrenchDateRange } from '../domain/time';
import { blocksToHtml, heading, link, mailto, paragraph, type Block, type Inline } from './messages/blocks';
import { fromCoordinator } from './messages/shared';
import type { MessageContext, RenderedMessage } from './messages/types';
import { ofName, periodOf, theName } from './messages/wording';
import { page } from './pages/layout';

export type InfoFlashStepState = 'done' | 'ongoing' | 'upcoming';

export interface InfoFlashStep {
  title: string;
  phase: Phase;
  behaviour: StepBehaviour;
  /** Instants (UTC); null while the date is « à fixer ». */
  startsAt: Date | null;
  endsAt: Date | null;
  location: string | null;
  state: InfoFlashStepState;
  /** A public meeting's form (open to anyone); invited partners register from their own page (`links.pageUrl`). */
  registrationUrl: string | null;
}

/** One reader's links: their page (where they register), their calendar, and the one-click unsubscribe. */
export interface InfoFlashLinks {
  pageUrl: string | null;
  calendarFeedUrl: string | null;
  unsubscribeUrl: string | null;
}

export interface InfoFlashContact {
  name: string;
  /** « Chargée de coopération », « Conseillère territoriale »… */
  role: string;
  organisation?: string | null;
  email: string;
  phone?: string | null;
}

export interface InfoFlashView {
  territory: { name: string; timezone: string; article?: string | null };
  cafName: string;
  period: { start: number; end: number };
  /** The phase the process is in. */
  phase: Phase;
  /** The process's own names for its phases, when it has them. */
  phaseLabels?: Record<Phase, string>;
  /** The territory's name for its newsletter and the issue's number: « Info flash n°3 », « Journal n°2 ». */
  name: string;
  number: number;
  /** The coordinator's édito (paragraphs separated by blank lines); null: the standard one. */
  editorial: string | null;
  sections: { heading: string; body: string; figure: string | null; figureLabel: string | null }[];
  /** When this issue is published: gives its month (« Septembre 2022 »). */
  issuedAt: Date;
  /** Fields of the convention, as the seeds list them: petite enfance, parentalité… */
  themes: string[];
  steps: InfoFlashStep[];
  contacts: InfoFlashContact[];
  /** A subscription link to every date of the process, when there is one (a reader's own, in `links`). */
  calendarFeedUrl?: string | null;
  /** The reader's own links (an email); absent on the public page. */
  links?: InfoFlashLinks;
}

const stateLabels: Record<InfoFlashStepState, string> = { done: 'fait', ongoing: 'en cours', upcoming: 'à venir' };
const NEXT_MEETINGS = 6;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** « Septembre 2022 », in the territory's zone. */
function monthOf(instant: Date, timeZone: string): string {
  return capitalize(new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone }).format(instant));
}

export function infoFlashTitle(view: InfoFlashView): string {
  return `${view.name} n°${view.number} – ${monthOf(view.issuedAt, view.territory.timezone)}`;
}

const paragraphsOf = (text: string): Block[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => paragraph(p.replace(/\s*\n\s*/g, ' ')));

/** The coordinator's sections: a heading, a key figure if any, their text. */
function sectionBlocks(view: InfoFlashView): Block[] {
  return view.sections.flatMap((section) => [
    heading(section.heading),
    ...(section.figure ? [{ type: 'facts' as const, rows: [{ label: section.figure, value: [section.figureLabel ?? ''] }] }] : []),
    ...paragraphsOf(section.body),
  ]);
}

function undertaking(phase: Phase): { noun: string; verb: string } {
  if (phase === 'MISE_EN_OEUVRE') return { noun: 'Mise en œuvre', verb: 'mettre en œuvre' };
  if (phase === 'RENOUVELLEMENT') return { noun: 'Renouvellement', verb: 'renouveler' };
  return { noun: 'Élaboration', verb: 'élaborer' };
}

/** The day, or « du … au … » for what spans several days (a survey window, a task). */
function stepDate(step: InfoFlashStep, timeZone: string): string {
  if (!step.startsAt) return 'date à fixer';
  const start = formatFrenchDate(step.startsAt, timeZone);
  const end = step.endsAt ? formatFrenchDate(step.endsAt, timeZone) : start;
  return end === start ? start : `du ${start} au ${end}`;
}

const byDate = (a: InfoFlashStep, b: InfoFlashStep) =>
  (a.startsAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.startsAt?.getTime() ?? Number.POSITIVE_INFINITY);

function editoBlocks(view: InfoFlashView): Block[] {
  if (view.editorial) return [heading('Édito'), ...paragraphsOf(view.editorial)];
  const { verb } = undertaking(view.phase);
  const fields = view.themes.length > 0 ? `, agissant notamment sur les champs suivants : ${view.themes.join(', ')}` : '';
  return [
    heading('Édito'),
    paragraph(
      `${capitalize(theName(view.territory.name, view.territory.article))} et ${theName(view.cafName)} conduisent une démarche de concertation visant à ${verb} une Convention Territoriale Globale (CTG), avec l’ensemble des acteurs locaux, associatifs et institutionnels${fields}.`,
    ),
    paragraph(
      `Cette Convention fixe, pour la période ${periodOf(view.period)}, les priorités que les partenaires se donnent pour agir sur ces champs d’intervention. Elle s’appuie sur un diagnostic territorial et un plan d’actions co-construits avec les acteurs locaux, habitants, élus, professionnels et bénévoles concernés.`,
    ),
  ];
}

function whereWeAreBlocks(view: InfoFlashView): Block[] {
  const zone = view.territory.timezone;
  const done = view.steps.filter((s) => s.state === 'done').sort(byDate);
  const ongoing = view.steps.filter((s) => s.state === 'ongoing').sort(byDate);
  const item = (s: InfoFlashStep): Inline[] => [`${s.title} (${stepDate(s, zone)})`];
  const blocks: Block[] = [
    heading('Où en sommes-nous ?'),
    paragraph(
      `Phase actuelle : ${(view.phaseLabels ?? phaseLabels)[view.phase]}. ${done.length} étape${done.length > 1 ? 's' : ''} réalisée${done.length > 1 ? 's' : ''} sur ${view.steps.length}.`,
    ),
  ];
  if (done.length > 0) blocks.push(paragraph('Déjà réalisé :'), { type: 'list', items: done.map(item) });
  if (ongoing.length > 0) blocks.push(paragraph('En cours :'), { type: 'list', items: ongoing.map(item) });
  return blocks;
}

function nextMeetingsBlocks(view: InfoFlashView): Block[] {
  const zone = view.territory.timezone;
  const next = view.steps
    .filter((s) => s.state === 'upcoming' && s.startsAt && isMeeting(s.behaviour))
    .sort(byDate)
    .slice(0, NEXT_MEETINGS);
  const blocks: Block[] = [heading('Prochains rendez-vous')];
  if (next.length === 0) return [...blocks, paragraph('Les prochaines dates vous seront communiquées très prochainement.')];
  const pageUrl = view.links?.pageUrl ?? null;
  blocks.push({
    type: 'list',
    items: next.map((s): Inline[] => {
      const where = s.registrationUrl ?? pageUrl;
      return [`${s.title} : ${formatFrenchDateRange(s.startsAt!, s.endsAt, zone)}${s.location ? `, ${s.location}` : ''}`, ...(where ? [' — ', link('s’inscrire', where)] : [])];
    }),
  });
  if (pageUrl) {
    blocks.push(paragraph('Vous pouvez vous inscrire à une ou plusieurs rencontres, en fonction de vos champs d’action, sans créer de compte, depuis ', link('votre page personnelle', pageUrl), '.'));
  }
  const feed = view.links?.calendarFeedUrl ?? view.calendarFeedUrl ?? null;
  if (feed) blocks.push(paragraph('Toutes les dates dans votre agenda, tenues à jour d’elles-mêmes : ', link('abonnez-vous au calendrier de la CTG', feed), '.'));
  return blocks;
}

/** « Décembre 2021 – Juin 2022 », from the phase's dated steps. */
function phaseSpan(steps: InfoFlashStep[], timeZone: string): string | null {
  const instants = steps.flatMap((s) => [s.startsAt, s.endsAt]).filter((d): d is Date => d !== null);
  if (instants.length === 0) return null;
  const times = instants.map((d) => d.getTime());
  const first = monthOf(new Date(Math.min(...times)), timeZone);
  const last = monthOf(new Date(Math.max(...times)), timeZone);
  return first === last ? first : `${first} – ${last}`;
}

function stepsBlocks(view: InfoFlashView): Block[] {
  const zone = view.territory.timezone;
  const blocks: Block[] = [heading('Les différentes étapes de la démarche')];
  for (const phase of phases) {
    const steps = view.steps.filter((s) => s.phase === phase).sort(byDate);
    if (steps.length === 0) continue;
    const span = phaseSpan(steps, zone);
    blocks.push(heading(`${(view.phaseLabels ?? phaseLabels)[phase]}${span ? ` (${span})` : ''}${phase === view.phase ? ' — phase en cours' : ''}`, 3));
    blocks.push({ type: 'list', items: steps.map((s) => [`${s.title} — ${stepDate(s, zone)} — ${stateLabels[s.state]}`]) });
  }
  return blocks;
}

/** The contacts with their addresses and phones, or (`withDetails` false: a public page the territory did not choose to publish them on) their names and functions only. */
function contactsBlocks(view: InfoFlashView, withDetails: boolean): Block[] {
  if (view.contacts.length === 0) return [];
  return [
    heading('Vos contacts'),
    {
      type: 'list',
      items: view.contacts.map((c): Inline[] => [
        `${c.name}${c.role ? ` : ${c.role}` : ''}${c.organisation ? `, ${c.organisation}` : ''}`,
        ...(withDetails ? [' — ', mailto(c.email), ...(c.phone ? [` — Tél. ${c.phone}`] : [])] : []),
      ]),
    },
  ];
}

export function infoFlashBlocks(view: InfoFlashView, options: { contactDetails: boolean } = { contactDetails: true }): Block[] {
  return [
    paragraph(`${undertaking(view.phase).noun} de la Convention Territoriale Globale ${ofName(view.territory.name, view.territory.article)}`),
    ...editoBlocks(view),
    ...sectionBlocks(view),
    ...whereWeAreBlocks(view),
    ...nextMeetingsBlocks(view),
    ...stepsBlocks(view),
    ...contactsBlocks(view, options.contactDetails),
    ...(view.links?.unsubscribeUrl
      ? [paragraph('Vous recevez cette lettre comme partenaire de la CTG ; vos invitations aux rencontres arrivent à part et continueront. Pour ne plus recevoir la lettre : ', link('se désabonner', view.links.unsubscribeUrl), '.')]
      : []),
  ];
}

/** The email, with the RFC 8058 one-click unsubscribe headers when the reader has a link for it. */
export function renderInfoFlashEmail(context: MessageContext, view: InfoFlashView): RenderedMessage & { headers?: Record<string, string> } {
  const title = infoFlashTitle(view);
  const unsubscribe = view.links?.unsubscribeUrl;
  const headers = unsubscribe ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {};
  return { ...headers, ...fromCoordinator(context, null, {
    subject: `${title} — CTG ${view.territory.name}`,
    title,
    preheader: `Où en est la CTG ${periodOf(view.period)} : ${(view.phaseLabels ?? phaseLabels)[view.phase]}, prochains rendez-vous et inscriptions.`,
    blocks: infoFlashBlocks(view),
  }) };
}

/** The public page: anyone may read it, so the contacts' addresses only when the territory chose to publish them. */
export function renderInfoFlashPage(view: InfoFlashView, options: { contactDetails: boolean }): string {
  return page({ title: infoFlashTitle(view), body: blocksToHtml(infoFlashBlocks(view, options)) });
}
