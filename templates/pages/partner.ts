// A partner's personal page (from the link in their emails, no account): the meetings they are invited
// to, and their calendar subscription. Registration to sessions comes with the registration pages.
import type { FeedInput } from '../calendar';
import { formatFrenchDateRange } from '../../domain/time';
import { html } from '../html';
import { page } from './layout';

export function partnerPage(options: { fullName: string; territoryName: string; feed: FeedInput; feedUrl: string }): string {
  const { feed } = options;
  const timeZone = feed.timezone ?? 'Europe/Paris';
  return page({
    title: 'Vos rencontres',
    body: html`<p>Bonjour ${options.fullName}, voici les rencontres de la Convention Territoriale Globale de ${options.territoryName} auxquelles vous êtes invité(e).</p>
${
  feed.events.length === 0
    ? html`<p>Aucune rencontre pour l’instant.</p>`
    : html`<ul>${feed.events.map(
        (e) => html`<li class="card"><strong>${e.summary}</strong>${e.cancelled ? html` — <span class="badge FAILED">annulée</span>` : ''}<br>${formatFrenchDateRange(e.start, e.end, timeZone)}${e.location ? html`<br>Lieu : ${e.location}` : ''}${e.url ? html`<br>En ligne : <a href="${e.url}">${e.url}</a>` : ''}</li>`,
      )}</ul>`
}
<p><a href="${options.feedUrl}">Ajouter ces rencontres à mon agenda (abonnement .ics)</a> : votre agenda se mettra à jour de lui-même si une date ou un lieu change.</p>`,
  });
}
