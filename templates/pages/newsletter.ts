// The newsletter's pages: the issues of a process (drafts, scheduled, sent), the editor of one issue (its
// name and number, édito, sections with a key figure, contacts shown, then preview, send or schedule),
// and the territory's public archive. Form field names are flat (`rubrique-0-titre`): the body parser
// reads plain forms.
import { MAX_SECTIONS, issueName, type NewsletterContact, type NewsletterSection } from '../../domain/newsletter';
import { formatFrenchDate, formatFrenchTime } from '../../domain/time';
import { paths } from '../../domain/urls';
import { html, type SafeHtml } from '../html';
import { contactFields, contactRowsOf, type ContactRow } from './contact-fields';
import { errorSummary, inputField, textareaField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';

export interface IssueSummary {
  id: string;
  title: string;
  number: number;
  status: 'DRAFT' | 'SCHEDULED' | 'SENT';
  scheduledFor: Date | null;
  sentAt: Date | null;
}

export interface IssueForm {
  title: string;
  number: string;
  editorial: string;
  sections: { heading: string; body: string; figure: string; figureLabel: string }[];
  contacts: ContactRow[];
  publishContactDetails: boolean;
}

const at = (instant: Date, timeZone: string) => `${formatFrenchDate(instant, timeZone)} à ${formatFrenchTime(instant, timeZone)}`;

export function statusOf(issue: IssueSummary, timeZone: string): string {
  if (issue.status === 'SENT') return `envoyé le ${at(issue.sentAt!, timeZone)}`;
  if (issue.status === 'SCHEDULED') return `programmé pour le ${at(issue.scheduledFor!, timeZone)}`;
  return 'brouillon';
}

export function issuesPage(options: { calendarUrl: string; processId: string; territoryId: string; territoryName: string; timeZone: string; issues: IssueSummary[]; canChange: boolean; viewer: LayoutViewer; flash?: Flash | null }): string {
  const { processId, timeZone } = options;
  return page({
    title: `Lettre d’information — ${options.territoryName}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<p><a href="${paths.process(processId)}">← Retour à la démarche</a> · <a href="${paths.newsletterArchive(options.territoryId)}">Archives publiques</a></p>
<p>Chaque numéro part d’un brouillon tiré de la démarche (où elle en est, les prochaines rencontres et comment s’y inscrire) : ajoutez votre édito, vos rubriques et les contacts, regardez l’aperçu, puis envoyez-le ou programmez-le. Chaque partenaire y trouve ses propres liens d’inscription et d’agenda. Un numéro envoyé ne change plus et rejoint les archives publiques.</p>
${options.canChange ? html`<form method="post" action="${paths.newsletterIssues(processId)}"><button type="submit">Préparer un nouveau numéro</button></form>` : ''}
<div class="card"><h2>Calendrier de la CTG à partager</h2>
<p>Sans connexion, pour votre site, une affiche ou un partenaire qui n’a pas de lien personnel (les entretiens individuels n’y figurent pas) : <a href="${options.calendarUrl}">${options.calendarUrl}</a>. Les pages publiques de la lettre le donnent.</p>
${options.canChange ? html`<form method="post" action="${paths.sharedCalendarRenewal(options.territoryId)}"><input type="hidden" name="retour" value="${paths.newsletterIssues(processId)}"><button type="submit" class="secondary">Renouveler le lien (l’ancien cessera de fonctionner)</button></form>` : ''}</div>
${
  options.issues.length === 0
    ? html`<p>Aucun numéro pour l’instant.</p>`
    : html`<ul>${options.issues.map((issue) => html`<li><a href="${paths.newsletterIssue(processId, issue.id)}">${issueName(issue)}</a> — ${statusOf(issue, timeZone)}</li>`)}</ul>`
}`,
  });
}

/** The form's values from a saved issue (plus one empty section and one empty contact to fill). */
export function formOf(issue: { title: string; number: number; editorial: string | null; sections: NewsletterSection[]; contacts: NewsletterContact[]; publishContactDetails: boolean }): IssueForm {
  return {
    title: issue.title,
    number: String(issue.number),
    editorial: issue.editorial ?? '',
    sections: issue.sections.map((s) => ({ heading: s.heading, body: s.body, figure: s.figure ?? '', figureLabel: s.figureLabel ?? '' })),
    contacts: contactRowsOf(issue.contacts),
    publishContactDetails: issue.publishContactDetails,
  };
}

function sectionFields(form: IssueForm, errors: FieldErrors): SafeHtml {
  const rows = [...form.sections, ...(form.sections.length < MAX_SECTIONS ? [{ heading: '', body: '', figure: '', figureLabel: '' }] : [])];
  return html`${rows.map(
    (s, i) => html`<fieldset><legend>Rubrique ${i + 1}${i === form.sections.length ? ' (nouvelle)' : ''}</legend>
${inputField({ name: `rubrique-${i}-titre`, label: 'Titre', value: s.heading, errors, hint: i === form.sections.length ? 'Un zoom sur un résultat, une action, un témoignage. Laissez vide pour ne rien ajouter.' : 'Videz le titre et le texte pour retirer la rubrique.' })}
${inputField({ name: `rubrique-${i}-chiffre`, label: 'Chiffre clé (facultatif)', value: s.figure, errors, hint: '« 312 », « 87 % »' })}
${inputField({ name: `rubrique-${i}-legende`, label: 'Ce que compte ce chiffre', value: s.figureLabel, errors, hint: '« réponses à l’enquête familles »' })}
${textareaField({ name: `rubrique-${i}-texte`, label: 'Texte', value: s.body, errors, rows: 5, hint: 'Une ligne vide sépare deux paragraphes.' })}
</fieldset>`,
  )}`;
}

export function issueEditorPage(options: {
  processId: string;
  issue: IssueSummary;
  form: IssueForm;
  errors?: FieldErrors;
  timeZone: string;
  canChange: boolean;
  viewer: LayoutViewer;
  flash?: Flash | null;
}): string {
  const { processId, issue, form, timeZone } = options;
  const errors = options.errors ?? {};
  const base = paths.newsletterIssue(processId, issue.id);
  const previews = html`<p>Aperçu : <a href="${base}/apercu?format=courriel">comme courriel</a> · <a href="${base}/apercu">comme page publique</a> (enregistrez d’abord vos changements).</p>`;
  if (issue.status === 'SENT' || !options.canChange) {
    return page({
      title: issueName(issue),
      viewer: options.viewer,
      flash: options.flash,
      body: html`<p><a href="${paths.newsletterIssues(processId)}">← Tous les numéros</a></p>
<p>${statusOf(issue, timeZone)}.${issue.status === 'SENT' ? html` <a href="${paths.newsletterArchiveIssue(issue.id)}">Page publique de ce numéro</a>.` : ''}</p>
${issue.status === 'SENT' ? html`<p>Un numéro envoyé ne change plus : préparez un nouveau numéro pour la suite.</p>` : previews}`,
    });
  }
  return page({
    title: `${issueName(issue)} — ${statusOf(issue, timeZone)}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<style>fieldset{margin:12px 0}fieldset.contact{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:0 12px}</style>
<p><a href="${paths.newsletterIssues(processId)}">← Tous les numéros</a></p>
${errorSummary(errors)}
<form method="post" action="${base}">
${inputField({ name: 'titre', label: 'Nom de la lettre', value: form.title, errors, required: true, hint: '« Info flash », « Journal de la CTG »… : repris pour les numéros suivants.' })}
${inputField({ name: 'numero', label: 'Numéro', type: 'number', min: 1, max: 999, value: form.number, errors, required: true })}
${textareaField({ name: 'edito', label: 'Édito', value: form.editorial, errors, rows: 8, hint: 'Vide : un édito standard présente la Convention. Une ligne vide sépare deux paragraphes.' })}
<h2>Rubriques</h2>
<p class="hint">Après vos rubriques viennent, tirés de la démarche au moment de l’envoi : « Où en sommes-nous ? », les prochaines rencontres avec le lien d’inscription de chacun, les étapes de chaque phase.</p>
${sectionFields(form, errors)}
<h2>Vos contacts</h2>
${contactFields(form.contacts, errors)}
<div class="choice"><input type="checkbox" id="publier" name="publierCoordonnees" value="oui"${form.publishContactDetails ? ' checked' : ''}><label for="publier">Afficher les adresses et téléphones des contacts sur la page publique des archives</label></div>
<div class="buttons"><button type="submit" name="action" value="enregistrer" class="secondary">Enregistrer</button><button type="submit" name="action" value="envoyer">Enregistrer et envoyer maintenant</button></div>
${inputField({ name: 'programme', label: 'Ou programmer l’envoi', type: 'datetime-local', value: '', errors, hint: `À l’heure du territoire.${issue.status === 'SCHEDULED' ? ` Actuellement ${statusOf(issue, timeZone)}.` : ''}` })}
<div class="buttons"><button type="submit" name="action" value="programmer" class="secondary">Enregistrer et programmer</button>${
      issue.status === 'SCHEDULED' ? html`<button type="submit" name="action" value="deprogrammer" class="secondary">Déprogrammer</button>` : ''
    }</div>
</form>
${previews}`,
  });
}

export function archivePage(options: { territoryName: string; issues: { id: string; title: string; number: number; sentAt: Date | null }[]; timeZone: string }): string {
  return page({
    title: `Lettres de la CTG — ${options.territoryName}`,
    body: html`${
      options.issues.length === 0
        ? html`<p>Aucun numéro publié pour l’instant.</p>`
        : html`<ul>${options.issues.map((i) => html`<li><a href="${paths.newsletterArchiveIssue(i.id)}">${issueName(i)}</a>${i.sentAt ? ` — ${formatFrenchDate(i.sentAt, options.timeZone)}` : ''}</li>`)}</ul>`
    }`,
  });
}
