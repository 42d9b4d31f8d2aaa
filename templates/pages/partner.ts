// A partner's personal page (from the link in their emails, no account): the meetings they are invited to,
// where they stand for each (registered, waiting, seats left), a button to register or unregister, a form
// to register to several at once, each meeting's .ics and their calendar subscription. Plain HTML forms:
// no JavaScript needed.
import { meetingDocumentsSection, type MeetingDocumentsItem } from '../documents';
import { formatFrenchDateRange } from '../../domain/time';
import { interviewRefusalMessages } from '../../domain/interviews';
import { ordinal, refusalMessages, seatsLeft, type RegistrationRefusal } from '../../domain/registrations';
import { html, typedLink, type SafeHtml } from '../html';
import { ofName } from '../messages/wording';
import { page } from './layout';
import type { MeetingFacts } from './registration';

export interface PartnerMeetingItem extends MeetingFacts {
  id: string;
  confirmed: number;
  registration: { status: 'CONFIRMED' | 'WAITLISTED'; position: number | null } | null;
  /** Why registering or unregistering is not possible now; null when it is. */
  closed: RegistrationRefusal | null;
  /** This meeting alone as a calendar file; null while it has no date. */
  calendarUrl: string | null;
}

/** An interview campaign they are invited to: its free slots, and the one they hold. */
export interface PartnerCampaignItem extends Omit<MeetingFacts, 'capacity'> {
  id: string;
  description: string | null;
  mine: { startsAt: Date; endsAt: Date } | null;
  free: { id: string; startsAt: Date; endsAt: Date }[];
}

/** What the last form did, one line per meeting: carried in the redirect's query (`r=<code>.<stepId>`). */
export type ResultCode = 'confirme' | 'attente' | 'deja' | 'desinscrit' | 'non-inscrit' | 'aucune' | `refus-${RegistrationRefusal}`;
export interface ResultLine {
  tone: 'ok' | 'alert';
  text: string;
}

const quote = (title: string) => `« ${title} »`;

/** A refusal code (`<prefix><reason>`) as its line, or null when it is no refusal: undefined when the code is not one. */
function refusalLine(code: string, prefix: string, messages: Record<string, string>, title: string): ResultLine | null | undefined {
  if (!code.startsWith(prefix)) return undefined;
  const reason = messages[code.slice(prefix.length)];
  return reason ? { tone: 'alert', text: `${title} : ${reason}.` } : null;
}

export function resultLine(code: string, meeting: Pick<PartnerMeetingItem, 'title' | 'registration'> | undefined): ResultLine | null {
  const title = quote(meeting?.title ?? 'cette rencontre');
  const refused = refusalLine(code, 'refus-', refusalMessages, title);
  if (refused !== undefined) return refused;
  switch (code) {
    case 'confirme':
      return { tone: 'ok', text: `Votre inscription à ${title} est confirmée. Un courriel de confirmation vous est envoyé, avec le fichier calendrier.` };
    case 'attente': {
      const position = meeting?.registration?.position;
      return {
        tone: 'ok',
        text: `${title} est complet : vous êtes sur la liste d’attente${position ? ` (${ordinal(position)} position)` : ''}. Nous vous écrirons dès qu’une place se libère.`,
      };
    }
    case 'deja':
      return { tone: 'ok', text: `Votre demande pour ${title} était déjà enregistrée : rien n’a changé.` };
    case 'desinscrit':
      return { tone: 'ok', text: `Votre inscription à ${title} est annulée. Merci d’avoir libéré votre place.` };
    case 'aucune':
      return { tone: 'alert', text: 'Aucune rencontre n’était cochée : cochez au moins une rencontre, puis validez.' };
    case 'non-inscrit':
      return { tone: 'ok', text: `Vous n’étiez pas inscrit(e) à ${title} : rien n’a changé.` };
    default:
      return null;
  }
}

/** What the last interview form did (`entretien-<outcome>` or `entretien-refus-<reason>`). */
export function interviewResultLine(code: string, campaign: Pick<PartnerCampaignItem, 'title' | 'mine'> | undefined): ResultLine | null {
  const title = quote(campaign?.title ?? 'cet entretien');
  const refused = refusalLine(code, 'entretien-refus-', interviewRefusalMessages, title);
  if (refused !== undefined) return refused;
  switch (code) {
    case 'entretien-booked':
      return { tone: 'ok', text: `Votre créneau pour ${title} est réservé. Un courriel de confirmation vous est envoyé, avec le fichier calendrier.` };
    case 'entretien-moved':
      return { tone: 'ok', text: `Votre entretien ${title} est déplacé. Un courriel vous est envoyé, avec le fichier calendrier à jour.` };
    case 'entretien-unchanged':
      return { tone: 'ok', text: `Ce créneau de ${title} était déjà le vôtre : rien n’a changé.` };
    case 'entretien-released':
      return { tone: 'ok', text: `Votre créneau pour ${title} est libéré. Merci de l’avoir rendu aux autres personnes.` };
    case 'entretien-choix':
      return { tone: 'alert', text: `${title} : aucun créneau n’était choisi. Choisissez un créneau, puis validez.` };
    default:
      return null;
  }
}

/** Where the partner stands for this meeting, in words. */
export function meetingState(m: PartnerMeetingItem): { label: string; tone: 'ok' | 'wait' | 'off' | '' } {
  // Cancelled first: a registration to a cancelled meeting is no registration.
  if (m.closed === 'CANCELLED') return { label: 'Rencontre annulée', tone: 'off' };
  if (m.registration?.status === 'CONFIRMED') return { label: 'Vous êtes inscrit(e)', tone: 'ok' };
  if (m.registration?.status === 'WAITLISTED') {
    return { label: `En liste d’attente${m.registration.position ? ` (${ordinal(m.registration.position)} position)` : ''}`, tone: 'wait' };
  }
  if (m.closed === 'UNDATED') return { label: 'Date à fixer : les inscriptions ouvriront avec l’invitation', tone: '' };
  if (m.closed) return { label: 'Inscriptions closes', tone: 'off' };
  const left = seatsLeft(m.confirmed, m.capacity);
  if (left === null) return { label: 'Inscriptions ouvertes', tone: '' };
  if (left === 0) return { label: 'Complet : inscription possible en liste d’attente', tone: 'off' };
  return { label: left === 1 ? '1 place restante' : `${left} places restantes`, tone: '' };
}

function actionButton(m: PartnerMeetingItem, actionUrl: string): SafeHtml | '' {
  if (m.closed) return '';
  const full = m.capacity !== null && m.confirmed >= m.capacity;
  const [action, label] =
    m.registration?.status === 'CONFIRMED'
      ? ['desinscrire', 'Me désinscrire']
      : m.registration?.status === 'WAITLISTED'
        ? ['desinscrire', 'Retirer ma demande']
        : ['inscrire', full ? 'M’inscrire en liste d’attente' : 'M’inscrire'];
  return html`<form method="post" action="${actionUrl}">
<input type="hidden" name="rencontre" value="${m.id}">
<button type="submit" name="action" value="${action}" aria-label="${label} : ${m.title}">${label}</button>
</form>`;
}

function meetingCard(m: PartnerMeetingItem, timeZone: string, actionUrl: string): SafeHtml {
  const state = meetingState(m);
  return html`<li class="card">
<h3 id="rencontre-${m.id}">${m.title}</h3>
<p>${m.startsAt ? formatFrenchDateRange(m.startsAt, m.endsAt, timeZone) : 'Date à fixer'}${m.location ? html`<br>Lieu : ${m.location}` : ''}${m.onlineUrl ? html`<br>En ligne : ${typedLink(m.onlineUrl)}` : ''}</p>
<p><span class="badge ${state.tone}">${state.label}</span></p>
<div class="actions">
${actionButton(m, actionUrl)}
${m.calendarUrl && m.closed !== 'CANCELLED' ? html`<a href="${m.calendarUrl}">Ajouter à mon agenda<span class="sr-only"> : ${m.title}</span> (.ics)</a>` : ''}
</div>
</li>`;
}

function campaignCard(c: PartnerCampaignItem, timeZone: string, actionUrl: string): SafeHtml {
  const when = (slot: { startsAt: Date; endsAt: Date }) => formatFrenchDateRange(slot.startsAt, slot.endsAt, timeZone);
  const choices = c.free.length
    ? html`<form method="post" action="${actionUrl}">
<input type="hidden" name="campagne" value="${c.id}">
<fieldset><legend>${c.mine ? 'Changer pour un autre créneau' : 'Choisissez votre créneau'}</legend>
${c.free.map((slot) => html`<div class="choice"><input type="radio" id="creneau-${slot.id}" name="creneau" value="${slot.id}" required><label for="creneau-${slot.id}">${when(slot)}</label></div>`)}
</fieldset>
<button type="submit" name="action" value="reserver">${c.mine ? 'Déplacer mon entretien' : 'Réserver ce créneau'}</button>
</form>`
    : c.startsAt
      ? html`<p>${c.mine ? 'Aucun autre créneau n’est libre.' : 'Tous les créneaux sont réservés : répondez au courriel reçu pour convenir d’une autre date.'}</p>`
      : html`<p>Les créneaux seront proposés prochainement : vous recevrez un courriel pour choisir le vôtre.</p>`;
  return html`<li class="card" id="entretiens-${c.id}">
<h3>${c.title}</h3>
${c.description ? html`<p>${c.description}</p>` : ''}
${c.location || c.onlineUrl ? html`<p>${c.location ? html`Lieu : ${c.location}` : ''}${c.location && c.onlineUrl ? html`<br>` : ''}${c.onlineUrl ? html`En ligne : ${typedLink(c.onlineUrl)}` : ''}</p>` : ''}
${
  c.mine
    ? html`<p><span class="badge ok">Votre entretien : ${when(c.mine)}</span></p>
<form method="post" action="${actionUrl}"><input type="hidden" name="campagne" value="${c.id}"><button type="submit" name="action" value="liberer" aria-label="Annuler mon créneau : ${c.title}">Annuler mon créneau</button></form>`
    : ''
}
${choices}
</li>`;
}

/** The form to register to several meetings at once: those one can still register to. */
function severalForm(meetings: PartnerMeetingItem[], timeZone: string, actionUrl: string): SafeHtml | '' {
  const open = meetings.filter((m) => !m.closed && !m.registration);
  if (open.length < 2) return '';
  return html`<form method="post" action="${actionUrl}" class="card">
<fieldset>
<legend>M’inscrire à une ou plusieurs rencontres</legend>
<p>Cochez les rencontres qui vous intéressent, puis validez : chaque inscription vous est confirmée par courriel.</p>
${open.map((m) => {
  const left = seatsLeft(m.confirmed, m.capacity);
  const seats = left === null ? '' : left === 0 ? ' — complet, liste d’attente' : ` — ${left === 1 ? '1 place restante' : `${left} places restantes`}`;
  return html`<div class="choice"><input type="checkbox" id="choix-${m.id}" name="rencontre" value="${m.id}"><label for="choix-${m.id}">${m.title}, ${m.startsAt ? formatFrenchDateRange(m.startsAt, m.endsAt, timeZone) : 'date à fixer'}${seats}</label></div>`;
})}
</fieldset>
<button type="submit" name="action" value="inscrire">M’inscrire aux rencontres cochées</button>
</form>`;
}

export function partnerPage(options: {
  fullName: string;
  territoryName: string;
  /** The article its name takes (« la », « le »…); null: guessed. */
  territoryArticle?: string | null;
  timeZone: string;
  meetings: PartnerMeetingItem[];
  campaigns?: PartnerCampaignItem[];
  interviewActionUrl?: string;
  feedUrl: string;
  actionUrl: string;
  results: ResultLine[];
  /** Documents of the held meetings they were invited to or came to. */
  documents?: MeetingDocumentsItem[];
}): string {
  const { meetings, timeZone, actionUrl, results } = options;
  const campaigns = options.campaigns ?? [];
  const alert = results.some((r) => r.tone === 'alert');
  return page({
    title: 'Vos rencontres',
    body: html`${
      results.length > 0
        ? html`<div id="resultat" class="card notice${alert ? ' alert' : ''}" role="${alert ? 'alert' : 'status'}" tabindex="-1">
<h2>${alert ? 'Certaines demandes n’ont pas abouti' : 'C’est enregistré'}</h2>
<ul>${results.map((r) => html`<li>${r.text}</li>`)}</ul>
</div>`
        : ''
    }
<p>Bonjour ${options.fullName}, voici les rencontres de la Convention Territoriale Globale ${ofName(options.territoryName, options.territoryArticle)} auxquelles vous êtes invité(e). Inscrivez-vous à une ou plusieurs rencontres : l’inscription se fait ici, sans compte, et peut être annulée à tout moment avant la rencontre.</p>
${
  campaigns.length
    ? html`<h2>Entretiens individuels</h2>
<ul class="meetings">${campaigns.map((c) => campaignCard(c, timeZone, options.interviewActionUrl ?? ''))}</ul>
`
    : ''
}
${
  meetings.length === 0
    ? campaigns.length
      ? ''
      : html`<p>Aucune rencontre à venir pour l’instant.</p>`
    : html`<h2>Rencontres à venir</h2>
<ul class="meetings">${meetings.map((m) => meetingCard(m, timeZone, actionUrl))}</ul>
${severalForm(meetings, timeZone, actionUrl)}`
}
<p><a href="${options.feedUrl}">Ajouter toutes ces rencontres à mon agenda (abonnement .ics)</a> : votre agenda se mettra à jour de lui-même si une date ou un lieu change.</p>
${meetingDocumentsSection(options.documents ?? [], timeZone)}`,
  });
}
