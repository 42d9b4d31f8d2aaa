// Unsubscribing from the territory's newsletter, from its link: a button (opening the link, as mail
// scanners do, changes nothing), then what it does and does not stop.
import { html } from '../html';
import { page } from './layout';

export function unsubscribePage(options: { done: boolean; actionUrl: string }): string {
  return page({
    title: 'Lettre d’information de la CTG',
    body: options.done
      ? html`<div class="card notice" role="status"><p>C’est fait : vous ne recevrez plus la lettre d’information de la CTG.</p><p>Les invitations aux rencontres auxquelles vous êtes convié(e), et les messages sur vos inscriptions, continuent d’arriver.</p></div>`
      : html`<form method="post" action="${options.actionUrl}" class="card"><p>Vous ne souhaitez plus recevoir la lettre d’information de la CTG ? Vos invitations aux rencontres continueront d’arriver.</p><button type="submit">Me désabonner de la lettre</button></form>`,
  });
}
