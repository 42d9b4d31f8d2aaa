// Public forum pages: the registration form (name, email, consent), the thank-you page, and the page
// reached from the personal link in the confirmation email, where the person can cancel. French, plain
// HTML forms, errors written next to their field and listed at the top.
import { meetingDocumentsSection, type MeetingDocumentsItem } from '../documents';
import { formatFrenchDateRange } from '../../domain/time';
import { ordinal, refusalMessages, seatsLeft, type RegistrationRefusal } from '../../domain/registrations';
import { html, typedLink, type SafeHtml } from '../html';
import { page } from './layout';

/** What every page about a meeting says of it. */
export interface MeetingFacts {
  title: string;
  startsAt: Date | null;
  endsAt: Date | null;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
}

export interface PublicMeeting extends MeetingFacts {
  confirmed: number;
  /** Why the form is closed; null while one can register. */
  closed: RegistrationRefusal | null;
  /** What the meeting is for, in a sentence. */
  purpose: string | null;
  territoryName: string;
  timeZone: string;
  coordinator: { name: string; email: string };
}

export type FormField = 'nom' | 'courriel' | 'consentement';
const fieldLabels: Record<FormField, string> = { nom: 'Nom et prénom', courriel: 'Adresse électronique', consentement: 'Consentement' };

function facts(m: PublicMeeting): SafeHtml {
  const left = seatsLeft(m.confirmed, m.capacity);
  const seats = left === null ? '' : left === 0 ? 'Complet : les nouvelles inscriptions sont placées sur liste d’attente.' : left === 1 ? 'Il reste 1 place.' : `Il reste ${left} places.`;
  return html`<div class="card">
<p><strong>Quand :</strong> ${m.startsAt ? formatFrenchDateRange(m.startsAt, m.endsAt, m.timeZone) : 'date à fixer'}${m.location ? html`<br><strong>Lieu :</strong> ${m.location}` : ''}${m.onlineUrl ? html`<br><strong>En ligne :</strong> ${typedLink(m.onlineUrl)}` : ''}</p>
${m.purpose ? html`<p>${m.purpose}</p>` : ''}
${seats && !m.closed ? html`<p>${seats}</p>` : ''}
</div>`;
}

const contactLine = (m: PublicMeeting) =>
  html`<p>Une question ? Écrivez à ${m.coordinator.name} : <a href="mailto:${m.coordinator.email}">${m.coordinator.email}</a>.</p>`;

export function publicRegistrationPage(options: {
  meeting: PublicMeeting;
  actionUrl: string;
  values?: { nom?: string; courriel?: string; consentement?: boolean };
  errors?: Partial<Record<FormField, string>>;
}): string {
  const { meeting: m } = options;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const wrong = (Object.keys(errors) as FormField[]).filter((f) => errors[f]);
  const describedBy = (field: FormField, hint?: string) => [hint, errors[field] ? `${field}-erreur` : null].filter(Boolean).join(' ') || null;
  const error = (field: FormField) => (errors[field] ? html`<p class="error" id="${field}-erreur">Erreur : ${errors[field]}</p>` : '');
  const invalid = (field: FormField) => (errors[field] ? html` aria-invalid="true"` : '');
  const attr = (name: string, value: string | null) => (value ? html` ${name}="${value}"` : '');
  const form = m.closed
    ? html`<div class="card notice alert" role="status"><p>Les inscriptions ne sont pas ouvertes : ${refusalMessages[m.closed]}.</p></div>`
    : html`<form method="post" action="${options.actionUrl}" class="card" novalidate>
<h2>Je m’inscris</h2>
<p>Tous les champs sont obligatoires. Un courriel vous confirmera votre inscription, avec un lien pour l’annuler.</p>
<div class="field"><label for="nom">${fieldLabels.nom}</label>${error('nom')}
<input type="text" id="nom" name="nom" autocomplete="name" required maxlength="200" value="${values.nom ?? ''}"${invalid('nom')}${attr('aria-describedby', describedBy('nom'))}></div>
<div class="field"><label for="courriel">${fieldLabels.courriel}</label>
<p id="courriel-aide">Par exemple : prenom.nom@exemple.fr</p>${error('courriel')}
<input type="email" id="courriel" name="courriel" autocomplete="email" required maxlength="254" value="${values.courriel ?? ''}"${invalid('courriel')}${attr('aria-describedby', describedBy('courriel', 'courriel-aide'))}></div>
<fieldset${attr('aria-describedby', describedBy('consentement'))}>
<legend>${fieldLabels.consentement}</legend>${error('consentement')}
<div class="choice"><input type="checkbox" id="consentement" name="consentement" value="oui" required${values.consentement ? html` checked` : ''}${invalid('consentement')}>
<label for="consentement">J’accepte que mon nom et mon adresse électronique soient utilisés par ${m.territoryName} pour organiser cette rencontre : confirmation, rappel et informations pratiques. Ils ne sont transmis à personne d’autre.</label></div>
</fieldset>
<button type="submit">Je m’inscris</button>
</form>`;
  return page({
    title: `Inscription : ${m.title}`,
    body: html`${
      wrong.length > 0
        ? html`<div class="card notice alert" role="alert" id="erreurs" tabindex="-1">
<h2>${wrong.length === 1 ? 'Le formulaire contient une erreur' : `Le formulaire contient ${wrong.length} erreurs`}</h2>
<ul>${wrong.map((f) => html`<li><a href="#${f}">${fieldLabels[f]} : ${errors[f]}</a></li>`)}</ul>
</div>`
        : ''
    }
<p>${m.territoryName} vous invite à cette rencontre ouverte à tous les habitants, dans le cadre de la Convention Territoriale Globale.</p>
${facts(m)}
${form}
${contactLine(m)}`,
  });
}

/**
 * The form's answer, the same whoever typed the address and whether it was known: the next step is in
 * the mailbox (double opt-in). Nothing here says if the address had already registered.
 */
export function registrationCheckMailPage(options: { meeting: PublicMeeting; holdMinutes: number }): string {
  const { meeting: m } = options;
  return page({
    title: `Vérifiez votre messagerie : ${m.title}`,
    body: html`<div class="card notice" role="status"><p><strong>Encore une étape : confirmez votre inscription depuis le courriel que nous venons d’envoyer à l’adresse indiquée.</strong></p>
<p>Le lien qu’il contient confirme votre inscription ; une place vous est réservée pendant ${options.holdMinutes} minutes s’il en reste. Pensez à regarder dans vos courriers indésirables. Sans confirmation, la demande est effacée sous deux jours.</p>
<p>Si cette adresse est déjà inscrite, rien ne change : le courriel reçu lors de l’inscription permet de la gérer.</p></div>
${facts(m)}
${contactLine(m)}`,
  });
}

export function registrationManagePage(options: {
  meeting: PublicMeeting;
  fullName: string;
  status: 'UNCONFIRMED' | 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED';
  position: number | null;
  cancelUrl: string;
  /** Where the button of an unconfirmed request posts. */
  confirmUrl: string;
  formUrl: string;
  /** Set right after the person cancelled (post, then redirect). */
  justCancelled: boolean;
  /** Set right after the person confirmed. */
  justConfirmed?: boolean;
  /** The meeting's documents, once it was held and its coordinator filed them. */
  documents?: MeetingDocumentsItem[];
}): string {
  const { meeting: m } = options;
  if (options.status === 'UNCONFIRMED') {
    // Opening the emailed link confirms nothing (mail scanners open links): the button does.
    return page({
      title: `Confirmer votre inscription : ${m.title}`,
      body: html`<p>Bonjour ${options.fullName},</p>
<div class="card">${
        m.closed
          ? html`<p>Il n’est plus possible de confirmer : ${refusalMessages[m.closed]}.</p>`
          : html`<form method="post" action="${options.confirmUrl}"><p>Une inscription à cette rencontre a été demandée avec votre adresse.</p><button type="submit">Confirmer mon inscription</button></form>`
      }</div>
${facts(m)}
${contactLine(m)}`,
    });
  }
  const state =
    options.status === 'CONFIRMED'
      ? 'Votre inscription est confirmée.'
      : options.status === 'WAITLISTED'
        ? `Votre demande est sur la liste d’attente${options.position ? `, en ${ordinal(options.position)} position` : ''}.`
        : 'Votre inscription est annulée.';
  const action =
    options.status === 'CANCELLED'
      ? m.closed
        ? ''
        : html`<p>Vous pouvez encore changer d’avis : <a href="${options.formUrl}">vous inscrire à nouveau</a>.</p>`
      : m.closed
        ? html`<p>Il n’est plus possible d’annuler en ligne : ${refusalMessages[m.closed]}.</p>`
        : html`<form method="post" action="${options.cancelUrl}">
<p>Vous ne pouvez plus venir ? Annulez pour libérer votre place pour une autre personne.</p>
<button type="submit">${options.status === 'CONFIRMED' ? 'Annuler mon inscription' : 'Retirer ma demande'}</button>
</form>`;
  return page({
    title: `Votre inscription : ${m.title}`,
    body: html`${options.justCancelled ? html`<div class="card notice" role="status" id="resultat" tabindex="-1"><p>C’est fait : votre inscription est annulée. Merci d’avoir prévenu.</p></div>` : ''}${
      options.justConfirmed ? html`<div class="card notice" role="status" id="resultat" tabindex="-1"><p>Merci, c’est confirmé. Un courriel vous est envoyé${options.status === 'CONFIRMED' ? ', avec le fichier calendrier' : ''} ; gardez-le : son lien permet d’annuler si vous ne pouvez plus venir.</p></div>` : ''
    }
<p>Bonjour ${options.fullName},</p>
<div class="card"><p><strong>${state}</strong></p>${action}</div>
${facts(m)}
${meetingDocumentsSection(options.documents ?? [], m.timeZone)}
${contactLine(m)}`,
  });
}
