// The captured messages (and the log of sent ones): what each person received, as they received it.
import type { ParsedMail } from 'mailparser';
import { html } from '../html';
import { page } from './layout';
import { paths } from '../../domain/urls';

export const messageStatusLabels: Record<string, string> = {
  PENDING: 'en attente',
  SENT: 'envoyé',
  CAPTURED: 'capturé',
  FAILED: 'échec',
};

export interface MessageRow {
  id: string;
  recipient: string;
  subject: string;
  kind: string;
  status: string;
  createdAt: Date;
}

const dateTime = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }).format(d);

export function mailboxPage(options: { rows: MessageRow[]; page: number; hasNext: boolean; mode: string; total: number }): string {
  const { rows } = options;
  const intro =
    options.mode === 'capture'
      ? 'Aucun serveur SMTP n’est configuré (SMTP_URL) : les messages sont capturés ici au lieu d’être envoyés.'
      : 'Journal des messages envoyés par le serveur SMTP configuré.';
  return page({
    title: 'Messages',
    body: html`<p>${intro} ${options.total} message(s).</p>
<table>
<caption class="visually-hidden" style="text-align:left;padding:8px 0;">Messages, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Destinataire</th><th scope="col">Objet</th><th scope="col">Statut</th></tr></thead>
<tbody>
${rows.map(
  (m) => html`<tr><td>${dateTime(m.createdAt)}</td><td>${m.recipient}</td><td><a href="${paths.mailboxMessage(m.id)}">${m.subject}</a></td><td><span class="badge ${m.status}">${messageStatusLabels[m.status] ?? m.status}</span></td></tr>`,
)}
</tbody>
</table>
<p>${options.page > 1 ? html`<a href="${paths.mailbox}?page=${options.page - 1}">← Plus récents</a> ` : ''}${options.hasNext ? html`<a href="${paths.mailbox}?page=${options.page + 1}">Plus anciens →</a>` : ''}</p>`,
  });
}

/** What an attached part is called: its file name, or for the calendar part (which has none) what it is. */
export function attachmentName(part: { filename?: string; contentType: string }, index: number): string {
  if (part.filename) return part.filename;
  if (part.contentType.startsWith('text/calendar')) return 'calendrier.ics';
  return `piece-jointe-${index + 1}`;
}

export function messagePage(message: MessageRow & { error: string | null; smtpResponse: string | null }, parsed: ParsedMail): string {
  const attachments = parsed.attachments ?? [];
  return page({
    title: message.subject,
    body: html`<p><a href="${paths.mailbox}">← Tous les messages</a></p>
<div class="card">
<p><strong>À :</strong> ${parsed.to ? (Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : parsed.to.text) : message.recipient}<br>
<strong>De :</strong> ${parsed.from?.text ?? ''}<br>
<strong>Date :</strong> ${dateTime(message.createdAt)}<br>
<strong>Statut :</strong> <span class="badge ${message.status}">${messageStatusLabels[message.status] ?? message.status}</span>
${message.smtpResponse ? html`<br><strong>Réponse du serveur de messagerie :</strong> ${message.smtpResponse}` : ''}${message.error ? html`<br><strong>Erreur :</strong> ${message.error}` : ''}<br>
<strong>Message-ID :</strong> ${parsed.messageId ?? ''}</p>
<p><a href="${paths.mailboxSource(message.id)}">Télécharger le message (.eml)</a></p>
${attachments.length ? html`<p><strong>Pièces jointes :</strong></p><ul>${attachments.map((a, i) => html`<li><a href="${paths.mailboxAttachment(message.id, i)}">${attachmentName(a, i)}</a> (${a.contentType.startsWith('text/calendar') ? 'fichier calendrier' : a.contentType})</li>`)}</ul>` : ''}
</div>
<h2>Version HTML</h2>
<iframe title="Version HTML du message" sandbox="" srcdoc="${typeof parsed.html === 'string' ? parsed.html : ''}"></iframe>
<h2>Version texte</h2>
<pre>${parsed.text ?? ''}</pre>`,
  });
}
