// Closing a held meeting, for its coordinator: who was there (present, excused, absent), those who came
// unannounced, its documents, then « clore », which sends the follow-up. The Caf adviser sees the same
// page without the forms. One form, posted as multipart (files and fields together, without JavaScript).
import { acceptedExtensions, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MEETING } from '../../domain/meeting-documents';
import { countAttendance, type AttendanceStatus } from '../../domain/attendance';
import { formatFrenchDate, formatFrenchDateRange, formatFrenchTime } from '../../domain/time';
import { paths } from '../../domain/urls';
import { describeDocument } from '../documents';
import { html, type SafeHtml } from '../html';
import { attendanceLabels } from '../labels';
import { page, type Flash, type LayoutViewer } from './layout';

export interface ClosingSheetLine {
  email: string;
  fullName: string;
  organisation: string | null;
  standing: 'CONFIRMED' | 'WAITLISTED' | 'INVITED' | 'WALK_IN';
  status: AttendanceStatus | null;
}

export interface ClosingPageData {
  processId: string;
  territoryName: string;
  timeZone: string;
  step: { key: string; title: string; startsAt: Date | null; endsAt: Date | null; closedAt: Date | null };
  sheet: ClosingSheetLine[];
  documents: { id: string; filename: string; mediaType: string; size: number; createdAt: Date }[];
}

/** How many empty lines for people who came unannounced. */
export const WALK_IN_ROWS = 3;

/** A walk-in row as typed (shown back when the form was refused). */
export interface WalkInValues {
  fullName: string;
  email: string;
  organisation: string;
}

const standingLabels: Record<ClosingSheetLine['standing'], string> = {
  CONFIRMED: 'inscrit(e)',
  WAITLISTED: 'liste d’attente',
  INVITED: 'invité(e)',
  WALK_IN: 'venu(e) sans inscription',
};

/** Before anything is recorded: those registered came, the others did not (the coordinator corrects). */
const proposed = (line: ClosingSheetLine): AttendanceStatus => line.status ?? (line.standing === 'CONFIRMED' ? 'PRESENT' : 'ABSENT');

function sheetRows(data: ClosingPageData, editable: boolean): SafeHtml {
  return html`${data.sheet.map((line, i) => {
    const who = html`<strong>${line.fullName}</strong>${line.organisation ? html`<br><span class="muted">${line.organisation}</span>` : ''}`;
    const choices = (['PRESENT', 'EXCUSED', 'ABSENT'] as const).map((status) =>
      editable
        ? html`<td data-label="${attendanceLabels[status]}"><input type="radio" name="presence:${line.email}" value="${status}" id="p${i}-${status}"${proposed(line) === status ? ' checked' : ''}><label for="p${i}-${status}" class="sr">${attendanceLabels[status]} : ${line.fullName}</label></td>`
        : html`<td data-label="${attendanceLabels[status]}">${line.status === status ? '✓' : ''}</td>`,
    );
    return html`<tr><td data-label="Personne">${who}</td><td data-label="Avant la rencontre">${standingLabels[line.standing]}</td>${choices}</tr>`;
  })}`;
}

function walkInRows(typed: WalkInValues[] = []): SafeHtml {
  return html`${Array.from({ length: WALK_IN_ROWS }, (_, i) => {
    const row = typed[i] ?? { fullName: '', email: '', organisation: '' };
    return html`<fieldset class="walkin"><legend>Personne venue sans inscription n°${i + 1}</legend>
<div><label for="venu-nom-${i}">Nom et prénom</label><input type="text" id="venu-nom-${i}" name="venu-nom-${i}" autocomplete="off" value="${row.fullName}"></div>
<div><label for="venu-courriel-${i}">Adresse électronique</label><input id="venu-courriel-${i}" name="venu-courriel-${i}" type="email" autocomplete="off" value="${row.email}"></div>
<div><label for="venu-structure-${i}">Structure</label><input type="text" id="venu-structure-${i}" name="venu-structure-${i}" autocomplete="off" value="${row.organisation}"></div>
</fieldset>`;
  })}`;
}

function documentList(data: ClosingPageData, editable: boolean): SafeHtml {
  if (data.documents.length === 0) return html`<p>Aucun document déposé pour l’instant.</p>`;
  const base = paths.meetingClosing(data.processId, data.step.key);
  return html`<ul class="documents">${data.documents.map(
    (d) => html`<li><a href="${paths.processDocument(data.processId, d.id)}">${d.filename}</a> <span class="muted">(${describeDocument(d)}, déposé le ${formatFrenchDate(d.createdAt, data.timeZone)})</span>${
      editable ? html` <form method="post" action="${base}/documents/${d.id}/suppression" class="inline"><button type="submit" class="secondary">Retirer<span class="sr"> ${d.filename}</span></button></form>` : ''
    }</li>`,
  )}</ul>`;
}

export function meetingClosingPage(options: { data: ClosingPageData; viewer: LayoutViewer; canChange: boolean; flash?: Flash | null; error?: string | null; walkIns?: WalkInValues[] }): string {
  const { data, canChange } = options;
  const { step, timeZone } = data;
  const counts = countAttendance(data.sheet.filter((l) => l.status !== null) as { status: AttendanceStatus }[]);
  const recorded = counts.present + counts.excused + counts.absent > 0;
  const action = paths.meetingClosing(data.processId, step.key);
  const closed = step.closedAt
    ? html`<p class="card">Rencontre close le ${formatFrenchDate(step.closedAt, timeZone)} à ${formatFrenchTime(step.closedAt, timeZone)} : les remerciements sont partis. Vous pouvez encore corriger la liste et ajouter des documents ; aucun nouveau message n’est envoyé, les invités voient les documents sur leur page.</p>`
    : '';
  return page({
    title: `Clore la rencontre « ${step.title} »`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<style>
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}fieldset.walkin{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:8px;margin:8px 0}
fieldset.walkin label{display:block}fieldset.walkin input{width:100%;box-sizing:border-box}
ul.documents li{margin:4px 0}td input[type=radio]{width:1.3em;height:1.3em}
</style>
<p><a href="${paths.step(data.processId, step.key)}">← ${data.territoryName} : retour à la démarche</a></p>
<p>${step.startsAt ? formatFrenchDateRange(step.startsAt, step.endsAt, timeZone) : ''}${recorded ? html` · ${counts.present} présent(s), ${counts.excused} excusé(s), ${counts.absent} absent(s)` : ''}</p>
${closed}
${options.error ? html`<div class="flash error" role="alert">${options.error}</div>` : ''}
${
  canChange
    ? html`<form method="post" action="${action}" enctype="multipart/form-data">
<h2>Qui était là ?</h2>
<p class="hint">${recorded ? 'Réponses enregistrées.' : 'Pré-rempli : les inscrits présents, les autres absents. Corrigez d’après la feuille d’émargement.'} « Excusé » : la personne a prévenu ; elle recevra les documents et la suite.</p>
${sheetTable(data, true)}
<h3>Venues sans inscription</h3>
<p class="hint">Ajoutées aux contacts du territoire et marquées présentes. Pour plus de trois personnes, enregistrez : trois lignes vides reviennent.</p>
${walkInRows(options.walkIns)}
<h2>Documents</h2>
${documentList(data, true)}
<label for="documents">Ajouter le compte rendu, les supports ou des photos</label>
<span class="hint" id="documents-aide">PDF, Word, Excel, PowerPoint, OpenDocument ou image ; ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo au plus chacun, ${MAX_DOCUMENTS_PER_MEETING} par rencontre. Visibles seulement des invités et inscrits de cette rencontre (par leur lien personnel), de vous et du conseil Caf.</span>
<input type="file" id="documents" name="documents" multiple accept="${acceptedExtensions.map((e) => `.${e}`).join(',')}" aria-describedby="documents-aide">
<div class="buttons"><button type="submit" name="action" value="enregistrer" class="secondary">Enregistrer</button>${
        step.closedAt ? '' : html`<button type="submit" name="action" value="clore">Enregistrer et clore la rencontre</button>`
      }</div>
${step.closedAt ? '' : html`<p class="hint">Clore envoie un seul message : aux présents, vos remerciements avec les documents ; aux excusés, les documents et la suite ; rien aux absents ni à ceux qui n’ont pas répondu. Les relances « compte rendu à déposer » s’arrêtent.</p>`}
</form>`
    : html`<h2>Qui était là ?</h2>${recorded ? sheetTable(data, false) : html`<p>La liste des présents n’a pas encore été enregistrée.</p>`}<h2>Documents</h2>${documentList(data, false)}`
}`,
  });
}

function sheetTable(data: ClosingPageData, editable: boolean): SafeHtml {
  if (data.sheet.length === 0) return html`<p>Personne n’était invité ni inscrit par le service : ajoutez ci-dessous les personnes venues.</p>`;
  return html`<div class="scroll" role="region" aria-label="Liste des présents" tabindex="0"><table class="stack"><thead><tr><th scope="col">Personne</th><th scope="col">Avant la rencontre</th><th scope="col">Présent(e)</th><th scope="col">Excusé(e)</th><th scope="col">Absent(e)</th></tr></thead>
<tbody>${sheetRows(data, editable)}</tbody></table></div>`;
}
