// The frame every email shares: readable on a phone (single column, 16px text, no external assets),
// with the contact block at the bottom so a person always knows whom to ask.
import { html, type SafeHtml } from './html';

export interface EmailContact {
  name: string;
  email: string;
  territoryName: string;
}

export function emailLayout(options: { title: string; preheader: string; body: SafeHtml; contact: EmailContact }): string {
  const { title, preheader, body, contact } = options;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f5f8;">
<div style="display:none;max-height:0;overflow:hidden;">${preheader}</div>
<div style="max-width:600px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d2433;">
<div style="background:#ffffff;border-radius:8px;padding:24px;">
<p style="margin:0 0 8px;font-size:13px;color:#4a5568;">Convention Territoriale Globale — ${contact.territoryName}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#12355b;">${title}</h1>
${body}
</div>
<p style="margin:16px 8px;font-size:13px;color:#4a5568;">Votre contact : ${contact.name} — <a href="mailto:${contact.email}" style="color:#12355b;">${contact.email}</a></p>
</div>
</body>
</html>
`.value;
}

export function textFooter(contact: EmailContact): string {
  return `--\nConvention Territoriale Globale — ${contact.territoryName}\nVotre contact : ${contact.name} <${contact.email}>\n`;
}
