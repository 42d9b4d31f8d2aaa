// How a meeting's documents are shown next to their links, in emails and pages: « PDF, 1,2 Mo », and
// the section of a person's own page that lists them.
import { kindOfMediaType } from '../domain/meeting-documents';
import { formatFrenchDate } from '../domain/time';
import { html, type SafeHtml } from './html';

const shortLabels: Record<string, string> = {
  'un PDF': 'PDF',
  'un document Word': 'Word',
  'un classeur Excel': 'Excel',
  'une présentation PowerPoint': 'PowerPoint',
  'un texte OpenDocument': 'OpenDocument texte',
  'un classeur OpenDocument': 'OpenDocument classeur',
  'une présentation OpenDocument': 'OpenDocument présentation',
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

export function describeDocument(document: { mediaType: string; size: number }): string {
  const label = kindOfMediaType(document.mediaType)?.label ?? 'fichier';
  const short = shortLabels[label] ?? label.replace(/^une? image /, 'image ');
  return `${short}, ${formatSize(document.size)}`;
}

export interface MeetingDocumentsItem {
  title: string;
  startsAt: Date | null;
  documents: { filename: string; about: string; url: string }[];
}

/** « Documents de vos rencontres »: each held meeting's documents, newest meeting first, on a person's own page. */
export function meetingDocumentsSection(items: MeetingDocumentsItem[], timeZone: string): SafeHtml {
  const withDocuments = items.filter((item) => item.documents.length > 0);
  if (withDocuments.length === 0) return html``;
  return html`<section aria-labelledby="documents"><h2 id="documents">Documents des rencontres</h2>
${withDocuments.map(
  (item) => html`<div class="card"><h3>${item.title}${item.startsAt ? html` <span class="muted">— ${formatFrenchDate(item.startsAt, timeZone)}</span>` : ''}</h3>
<ul>${item.documents.map((d) => html`<li><a href="${d.url}">${d.filename}</a> <span class="muted">(${d.about})</span></li>`)}</ul></div>`,
)}
</section>`;
}
