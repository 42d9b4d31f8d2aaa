// A process page: where the convention stands (timeline, steps by phase with their state, date, place and
// seats taken), the coordinator's changes (one small form per step), and the log of messages sent.
import { paths } from '../../domain/urls';
import { phases, type Phase } from '../../domain/plan';
import { toLocalInput } from '../../domain/local-time-input';
import { stepDisplayLabels } from '../../domain/step-display';
import { formatFrenchDate, formatFrenchDateRange, formatFrenchMonthSpan, formatFrenchTime } from '../../domain/time';
import type { ProcessPageData, ProcessPageStep } from './process-view';
import { html, typedLink, type SafeHtml } from '../html';
import { inputField, textareaField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';
import { messageStatusLabels } from './mailbox';
import { processStatusLabels } from '../labels';
import { legend, timelineSvg } from './timeline-svg';
import { contactFields, contactRowsOf, type ContactRow } from './contact-fields';

const messageKindLabels: Record<string, string> = {
  INVITATION: 'Invitation',
  UPDATE: 'Mise à jour',
  CANCELLATION: 'Annulation',
  REMINDER: 'Rappel',
  FOLLOW_UP: 'Remerciements',
  MINUTES_REQUEST: 'Compte rendu à saisir',
  REGISTRATION_SUMMARY: 'Liste des inscrits',
  DATE_TO_SET: 'Date à fixer',
  STEP_LATE: 'Étape en retard',
  PHASE_CHANGED: 'Changement de phase',
  INFO_FLASH: 'Lettre d’information',
  NEWSLETTER_DRAFT: 'Lettre à relire',
  SURVEY_OPENING: 'Ouverture de la consultation',
  SURVEY_CLOSING_REMINDER: 'Clôture prochaine de la consultation',
  SURVEY_CLOSED: 'Consultation close',
  RENEWAL_STARTED: 'Renouvellement lancé',
  RENOUVELLEMENT: 'Renouvellement',
  INTERVIEW_BOOKED: 'Entretien réservé ou déplacé',
  INTERVIEW_RELEASED: 'Créneau libéré',
  SIGN_IN: 'Lien de connexion',
};

/** A refused step form, shown open with its messages. */
export interface StepFormState {
  key: string;
  form: 'change' | 'cancel' | 'slots' | 'contacts';
  values: Record<string, string>;
  errors: FieldErrors;
  /** The contacts form as typed, when it was refused. */
  contacts?: ContactRow[];
}

const isOpen = (step: ProcessPageStep) => step.status === 'PLANNED' || step.status === 'INVITED';

function seatsText(step: ProcessPageStep): string {
  const { confirmed, waitlisted } = step.seats;
  const base = confirmed === 0 && !step.capacity ? 'aucune inscription' : `${confirmed} inscrit(s)${step.capacity ? ` sur ${step.capacity} places` : ''}`;
  return waitlisted ? `${base}, ${waitlisted} en liste d’attente` : base;
}

function stepForms(processId: string, step: ProcessPageStep, timeZone: string, refused: StepFormState | null): SafeHtml {
  const base = `${paths.process(processId)}/etapes/${step.key}`;
  const own = refused?.key === step.key ? refused : null;
  const changeErrors = own?.form === 'change' ? own.errors : undefined;
  const cancelErrors = own?.form === 'cancel' ? own.errors : undefined;
  const forms: SafeHtml[] = [];
  const campaign = step.behaviour === 'INTERVIEWS';
  if (isOpen(step) && campaign) forms.push(slotForm(base, step, timeZone, own?.form === 'slots' ? own : null));
  if (isOpen(step)) {
    forms.push(html`<form method="post" action="${base}">
${inputField({ name: 'title', id: `titre-${step.key}`, label: 'Titre', value: own?.values.title ?? step.title, errors: changeErrors })}
${textareaField({ name: 'description', id: `description-${step.key}`, label: 'Description', value: own?.values.description ?? step.description ?? '', errors: changeErrors, rows: 3, hint: 'Reprise dans les prochains courriels et fichiers calendrier.' })}
${step.startsAt ? '' : inputField({ name: 'month', id: `mois-${step.key}`, label: 'Mois prévu (AAAA-MM)', value: own?.values.month ?? step.month ?? '', errors: changeErrors, hint: 'Tant que le jour n’est pas fixé.' })}
${campaign ? '' : inputField({ name: 'startsAt', id: `date-${step.key}`, type: 'datetime-local', label: step.isTask ? 'Échéance' : 'Date et heure', value: own?.values.startsAt ?? (step.startsAt ? toLocalInput(step.startsAt, timeZone) : ''), errors: changeErrors })}
${step.isTask ? '' : inputField({ name: 'location', id: `lieu-${step.key}`, label: 'Lieu', value: own?.values.location ?? step.location ?? '', errors: changeErrors })}
<p><button type="submit">Enregistrer${step.isTask ? '' : ' et prévenir les invités'}</button></p>
</form>`);
    forms.push(html`<form method="post" action="${base}/annulation">
${inputField({ name: 'reason', id: `motif-${step.key}`, label: 'Motif de l’annulation', value: own?.values.reason ?? '', errors: cancelErrors, hint: step.isTask ? 'Facultatif.' : 'Facultatif. Repris dans le message d’annulation envoyé aux invités.' })}
<p><button type="submit" class="danger">Annuler l’étape</button></p>
</form>`);
  }
  if (step.status !== 'DONE' && step.status !== 'CANCELLED' && step.status !== 'HELD') {
    forms.push(html`<form method="post" action="${base}/fin"><p><button type="submit" class="secondary">Marquer comme terminée</button></p></form>`);
  }
  if (forms.length === 0) return html``;
  return html`<details${own ? ' open' : ''}><summary>Modifier, annuler ou terminer<span class="sr"> : ${step.title}</span></summary>${forms}</details>`;
}

/** A campaign's slots: add some (one a line), remove free ones. */
function slotForm(base: string, step: ProcessPageStep, timeZone: string, own: StepFormState | null): SafeHtml {
  const free = (step.campaign?.slots ?? []).filter((s) => !s.heldBy);
  return html`<form method="post" action="${base}/creneaux">
${textareaField({ name: 'add', id: `creneaux-${step.key}`, label: 'Ajouter des créneaux', value: own?.values.add ?? '', errors: own?.errors, rows: 3, hint: 'Un créneau par ligne, à l’heure du territoire, par exemple 2027-03-02 10:00. Rien n’est envoyé : les invités les voient sur leur page.' })}
${free.length ? html`<fieldset><legend>Retirer des créneaux libres</legend>${free.map((slot, i) => html`<div class="choice"><input type="checkbox" id="retirer-${step.key}-${i}" name="remove" value="${toLocalInput(slot.startsAt, timeZone)}"><label for="retirer-${step.key}-${i}">${formatFrenchDateRange(slot.startsAt, slot.endsAt, timeZone)}</label></div>`)}</fieldset>` : ''}
<p><button type="submit">Enregistrer les créneaux</button></p>
</form>`;
}

/** Who holds which slot, and who has none yet. */
function campaignTable(step: ProcessPageStep, timeZone: string): SafeHtml {
  const campaign = step.campaign;
  if (!campaign) return html``;
  const held = campaign.slots.filter((s) => s.heldBy).length;
  const who = (p: { fullName: string; organisation: string | null }) => (p.organisation ? `${p.fullName} (${p.organisation})` : p.fullName);
  return html`<p>Entretiens : ${held} créneau(x) réservé(s) sur ${campaign.slots.length}, ${campaign.waiting.length} personne(s) sans créneau.</p>
${campaign.slots.length ? html`<div class="scroll" role="region" aria-label="Créneaux : ${step.title}" tabindex="0"><table><thead><tr><th scope="col">Créneau</th><th scope="col">Réservé par</th></tr></thead><tbody>
${campaign.slots.map((s) => html`<tr><td>${formatFrenchDateRange(s.startsAt, s.endsAt, timeZone)}</td><td>${s.heldBy ? who(s.heldBy) : html`<span class="muted">libre</span>`}</td></tr>`)}
</tbody></table></div>` : ''}
${campaign.waiting.length ? html`<p>Sans créneau${step.status === 'INVITED' ? ' (relancés avant la fin des entretiens)' : ''} : ${campaign.waiting.map(who).join(', ')}.</p>` : ''}`;
}

function stepItem(processId: string, step: ProcessPageStep, timeZone: string, canChange: boolean, refused: StepFormState | null): SafeHtml {
  const when = step.startsAt
    ? step.behaviour === 'INTERVIEWS'
      ? `entretiens du ${formatFrenchDate(step.startsAt, timeZone)} au ${formatFrenchDate(step.endsAt ?? step.startsAt, timeZone)}`
      : step.isTask
      ? `échéance : ${formatFrenchDate(step.startsAt, timeZone)}`
      : formatFrenchDateRange(step.startsAt, step.endsAt, timeZone)
    : step.month
      ? `prévue en ${formatFrenchMonthSpan(step.month, step.untilMonth)}`
      : '';
  return html`<li class="card step" id="etape-${step.key}">
<h3>${step.title}</h3>
<p><span class="state ${step.state}">${stepDisplayLabels[step.state]}</span> ${when}</p>
${step.description ? html`<p class="hint">${step.description}</p>` : ''}
${step.location ? html`<p>Lieu : ${step.location}</p>` : ''}
${step.onlineUrl ? html`<p>En ligne : ${typedLink(step.onlineUrl)}</p>` : ''}
${step.cancelReason ? html`<p>Motif de l’annulation : ${step.cancelReason}</p>` : ''}
${campaignTable(step, timeZone)}
${step.isTask || step.campaign || step.status === 'CANCELLED' || !(step.capacity || step.status !== 'PLANNED' || step.seats.confirmed + step.seats.waitlisted > 0) ? '' : html`<p>Inscriptions : ${seatsText(step)}${step.seats.confirmed + step.seats.waitlisted > 0 ? html` — <a href="${paths.registrationsCsv(processId, step.key)}">exporter la liste (CSV)<span class="sr"> : ${step.title}</span></a>` : ''}</p>`}
${closingLine(processId, step, canChange)}
${canChange ? stepForms(processId, step, timeZone, refused) : ''}
</li>`;
}

/** A held meeting: who came and its documents, and the way to close it (or to read what was recorded). */
function closingLine(processId: string, step: ProcessPageStep, canChange: boolean): SafeHtml {
  if (step.status !== 'HELD' || step.isTask || step.behaviour === 'SURVEY' || step.behaviour === 'INTERVIEWS') return html``;
  const { present, excused, absent } = step.attendance;
  const recorded = present + excused + absent > 0;
  const summary = recorded ? `${present} présent(s), ${excused} excusé(s), ${absent} absent(s)` : 'présences non enregistrées';
  const documents = step.documents ? `${step.documents} document(s)` : 'aucun document';
  const label = step.closedAt ? 'Présences et documents' : canChange ? 'Clore la rencontre : présences et compte rendu' : 'Présences et documents';
  return html`<p>${step.closedAt ? 'Close' : html`<strong>À clore</strong>`} — ${summary}, ${documents}. <a href="${paths.meetingClosing(processId, step.key)}">${label}<span class="sr"> : ${step.title}</span></a></p>`;
}

/** « Vos contacts » of this process's emails and pages, open when refused. */
function contactsForm(data: ProcessPageData, refused: StepFormState | null): SafeHtml {
  const own = refused?.form === 'contacts' ? refused : null;
  const rows = own?.contacts ?? contactRowsOf(data.process.contacts);
  return html`<details id="contacts"${own ? ' open' : ''}><summary>« Vos contacts » des courriels et des pages${data.process.contacts.length ? '' : ' (par défaut : la coordination et le conseil Caf)'}</summary>
<form method="post" action="${paths.process(data.process.id)}/contacts"><p class="hint">Une co-coordination, un cabinet qui accompagne la démarche, avec leur téléphone. Sans personne ici : la coordination et le conseil Caf. Repris par les prochains courriels et les nouveaux numéros de la lettre.</p>
${contactFields(rows, own?.errors ?? {}, 'processus-')}
<p><button type="submit">Enregistrer les contacts</button></p></form></details>`;
}

function actions(data: ProcessPageData, links: { temporalUrl: string | null }, refused: StepFormState | null): SafeHtml {
  const { process } = data;
  const base = paths.process(process.id);
  const live = process.status === 'RUNNING' || process.status === 'PAUSED';
  return html`<div class="card"><h2>Actions</h2>
${
  live
    ? html`<div class="buttons">
${process.status === 'PAUSED'
  ? html`<form method="post" action="${base}/reprise" class="inline"><button type="submit">Reprendre les envois</button></form>`
  : html`<form method="post" action="${base}/pause" class="inline"><button type="submit" class="secondary">Suspendre les envois</button></form>`}
<a class="button secondary" href="${paths.newsletterIssues(process.id)}">Lettre d’information : préparer, relire, envoyer</a>
</div>
<details><summary>Clore la phase « ${process.phaseLabels[process.currentPhase]} »</summary>
<p>Les étapes de cette phase qui n’ont pas commencé, ou qui n’ont pas de date, seront annulées ; celles en cours se terminent normalement. Les partenaires et le conseil Caf en sont informés.</p>
<form method="post" action="${base}/phases/${process.currentPhase}/cloture"><button type="submit" class="danger">Clore la phase maintenant</button></form>
</details>`
    : html`<p>Cette démarche est ${processStatusLabels[process.status] ?? process.status} : plus aucune modification.</p>`
}
${contactsForm(data, refused)}
<p><a href="${paths.newsletterIssues(process.id)}">Numéros de la lettre</a> · <a href="${paths.attendanceCsv(process.id)}">Présences aux rencontres (CSV)</a>${links.temporalUrl ? html` · <a href="${links.temporalUrl}">Workflow dans Temporal</a>` : ''}</p>
</div>`;
}

/** Who came, by organisation, over the meetings whose attendance was recorded. */
function participation(data: ProcessPageData): SafeHtml {
  if (data.participation.length === 0) return html``;
  return html`<section aria-labelledby="participation"><h2 id="participation">Participation par structure</h2>
<div class="scroll" role="region" aria-label="Participation par structure" tabindex="0"><table class="stack"><thead><tr><th scope="col">Structure</th><th scope="col">Présences</th><th scope="col">Rencontres suivies</th><th scope="col">Excusées</th><th scope="col">Absences</th></tr></thead><tbody>
${data.participation.map(
  (row) => html`<tr><td data-label="Structure">${row.organisation ?? html`<span class="muted">sans structure indiquée</span>`}</td><td data-label="Présences">${row.present}</td><td data-label="Rencontres suivies">${row.meetingsAttended}</td><td data-label="Excusées">${row.excused}</td><td data-label="Absences">${row.absent}</td></tr>`,
)}
</tbody></table></div>
<p><a href="${paths.attendanceCsv(data.process.id)}">Exporter les présences (CSV)</a></p></section>`;
}

function messageLog(data: ProcessPageData): SafeHtml {
  const { messages, territory, process } = data;
  const tz = territory.timezone;
  const at = (d: Date) => `${formatFrenchDate(d, tz)}, ${formatFrenchTime(d, tz)}`;
  const link = (n: number) => `${paths.process(process.id)}?messages=${n}#messages`;
  return html`<section aria-labelledby="messages"><h2 id="messages">Messages envoyés</h2>
${
  messages.total === 0
    ? html`<p>Aucun message pour l’instant.</p>`
    : html`<div class="scroll" role="region" aria-label="Journal des messages" tabindex="0"><table class="stack"><caption class="muted">${messages.total} message(s), du plus récent au plus ancien — page ${messages.page} sur ${messages.pageCount}</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Destinataire</th><th scope="col">Message</th><th scope="col">Statut</th></tr></thead><tbody>
${messages.rows.map(
  (m) => html`<tr><td data-label="Date">${at(m.sentAt ?? m.createdAt)}</td><td data-label="Destinataire">${m.recipient}</td><td data-label="Message"><strong>${messageKindLabels[m.kind] ?? m.kind}</strong><br>${m.subject}</td><td data-label="Statut"><span class="badge ${m.status}">${messageStatusLabels[m.status] ?? m.status}</span>${m.error ? html`<br><span class="muted">${m.error}</span>` : ''}</td></tr>`,
)}
</tbody></table></div>
<nav class="pager" aria-label="Pages du journal des messages">${messages.page > 1 ? html`<a href="${link(messages.page - 1)}">Messages plus récents</a>` : ''}${
        messages.page < messages.pageCount ? html`<a href="${link(messages.page + 1)}">Messages plus anciens</a>` : ''
      }</nav>`
}
</section>`;
}

export function processPage(options: {
  data: ProcessPageData;
  viewer: LayoutViewer;
  canChange: boolean;
  now: Date;
  temporalUrl: string | null;
  flash?: Flash | null;
  refused?: StepFormState | null;
}): string {
  const { data, canChange, now } = options;
  const { process, territory, steps } = data;
  const tz = territory.timezone;
  const byPhase = phases.map((phase) => ({ phase, steps: steps.filter((s) => s.phase === phase) })).filter((g) => g.steps.length > 0);
  return page({
    title: `CTG ${process.periodStart}–${process.periodEnd} — ${territory.name}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<style>
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}ol.steps{list-style:none;padding:0;margin:0}
li.step h3{margin:0 0 4px;font-size:1.05rem}li.step p{margin:4px 0}.buttons{display:flex;flex-wrap:wrap;gap:8px}
ul.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:0 0 16px}ul.legend li{display:flex;align-items:center;gap:4px}
</style>
<p><a href="${paths.territory(territory.id)}">${territory.name}</a> · ${territory.cafName} · ${process.kind === 'RENOUVELLEMENT' ? 'renouvellement' : 'élaboration'} · phase en cours : <strong>${process.phaseLabels[process.currentPhase]}</strong> · ${processStatusLabels[process.status] ?? process.status}${process.status === 'PAUSED' ? ' (aucun message ne part)' : ''}</p>
${canChange ? actions(data, { temporalUrl: options.temporalUrl }, options.refused ?? null) : options.temporalUrl ? html`<p><a href="${options.temporalUrl}">Workflow dans Temporal</a></p>` : ''}
<h2>Frise</h2>
${timelineSvg({ id: 'frise', territoryName: territory.name, steps, timeZone: tz, now, currentPhase: process.status === 'COMPLETED' ? undefined : process.currentPhase })}
${legend()}
${byPhase.map(
  (g: { phase: Phase; steps: ProcessPageStep[] }) => html`<section aria-labelledby="phase-${g.phase}"><h2 id="phase-${g.phase}">${process.phaseLabels[g.phase]}${g.phase === process.currentPhase ? ' (en cours)' : ''}</h2>
<ol class="steps">${g.steps.map((s) => stepItem(process.id, s, tz, canChange, options.refused ?? null))}</ol></section>`,
)}
${participation(data)}
${messageLog(data)}`,
  });
}
