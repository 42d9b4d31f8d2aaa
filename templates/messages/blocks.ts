// A tiny document model for emails: each message is written once as blocks, then rendered to HTML and to
// plain text, so both bodies always say the same thing. HTML is escaped by the `html` tag; links are
// only made clickable for http(s) and mailto addresses.
import { html, safeHref, type SafeHtml } from '../html';

export interface Link {
  text: string;
  href: string;
}
export type Inline = string | Link;

export type Block =
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'heading'; text: string; level?: 2 | 3 }
  /** Short lines kept together (a signature, an address). */
  | { type: 'lines'; lines: string[] }
  /** Label/value pairs in a framed box: what, when, where. */
  | { type: 'facts'; rows: { label: string; value: Inline[]; struck?: boolean }[] }
  | { type: 'list'; items: Inline[][] }
  | { type: 'table'; columns: string[]; rows: string[][] }
  /** The one action the reader should take. */
  | { type: 'button'; label: string; href: string };

export const link = (text: string, href: string): Link => ({ text, href });
export const paragraph = (...content: Inline[]): Block => ({ type: 'paragraph', content });
export const heading = (text: string, level: 2 | 3 = 2): Block => ({ type: 'heading', text, level });
export const mailto = (email: string): Link => link(email, `mailto:${email}`);

const linkStyle = 'color:#12355b;';

function inlineHtml(content: Inline[]): SafeHtml {
  return html`${content.map((part) => {
    if (typeof part === 'string') return html`${part}`;
    const href = safeHref(part.href);
    return href ? html`<a href="${href}" style="${linkStyle}">${part.text}</a>` : html`${part.text}`;
  })}`;
}

function inlineText(content: Inline[]): string {
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      const shown = part.href.replace(/^mailto:/, '');
      return shown === part.text ? part.text : `${part.text} (${shown})`;
    })
    .join('');
}

function blockHtml(block: Block): SafeHtml {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px;">${inlineHtml(block.content)}</p>`;
    case 'lines':
      return html`<p style="margin:0 0 16px;">${block.lines.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`;
    case 'heading':
      return block.level === 3
        ? html`<h3 style="margin:16px 0 8px;font-size:16px;line-height:1.3;color:#12355b;">${block.text}</h3>`
        : html`<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;color:#12355b;">${block.text}</h2>`;
    case 'facts':
      return html`<div style="border-left:4px solid #12355b;padding:8px 16px;margin:0 0 16px;background:#f3f5f8;">
${block.rows.map((row) =>
  row.struck
    ? html`<p style="margin:0 0 4px;color:#4a5568;"><strong>${row.label} :</strong> <s>${inlineHtml(row.value)}</s></p>\n`
    : html`<p style="margin:0 0 4px;"><strong>${row.label} :</strong> ${inlineHtml(row.value)}</p>\n`,
)}</div>`;
    case 'list':
      return html`<ul style="margin:0 0 16px;padding-left:20px;">
${block.items.map((item) => html`<li style="margin:0 0 4px;">${inlineHtml(item)}</li>\n`)}</ul>`;
    case 'table':
      return html`<table style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;">
<thead><tr>${block.columns.map((c) => html`<th style="text-align:left;padding:6px;border-bottom:2px solid #12355b;">${c}</th>`)}</tr></thead>
<tbody>
${block.rows.map(
  (row) => html`<tr>${row.map((cell) => html`<td style="padding:6px;border-bottom:1px solid #d5dbe3;vertical-align:top;word-break:break-word;">${cell}</td>`)}</tr>\n`,
)}</tbody>
</table>`;
    case 'button': {
      const href = safeHref(block.href);
      if (!href) return html`<p style="margin:0 0 16px;">${block.label} : ${block.href}</p>`;
      return html`<p style="margin:0 0 16px;"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#12355b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold;">${block.label}</a></p>`;
    }
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return inlineText(block.content);
    case 'lines':
      return block.lines.join('\n');
    case 'heading':
      return block.level === 3 ? block.text : `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}`;
    case 'facts':
      return block.rows.map((row) => `${row.label} : ${inlineText(row.value)}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${inlineText(item)}`).join('\n');
    case 'table':
      return block.rows.map((row) => `- ${row.filter(Boolean).join(' — ')}`).join('\n');
    case 'button':
      return `${block.label} : ${block.href}`;
  }
}

export function blocksToHtml(blocks: Block[]): SafeHtml {
  return html`${blocks.map((block) => html`${blockHtml(block)}\n`)}`;
}

export function blocksToText(blocks: Block[]): string {
  return blocks.map(blockText).join('\n\n');
}
