// Render once, personalise per recipient. A message is rendered with placeholders where the recipient's
// name, address and personal link token go; each recipient's copy is that template with their fields put
// back, escaped as the place demands (HTML, iCalendar parameter, mailto), and the iCalendar lines they
// lengthen folded again. The result is the message rendering them directly would give (a test compares
// both over many names), at a fraction of the cost, and the template is what the outbox stores: the
// token is never in it, only derived again from the server secret when the message is built.
import type { Mailbox, OutgoingMail } from './transport';

/** Raised when the placeholders or the way they are filled change: a stored template says how to fill it. */
export const TEMPLATE_VERSION = 1;

/** Private-use characters: never typed by anyone, untouched by every escape on the way. */
export const NAME_PLACEHOLDER = '\uE000nom\uE001';
export const EMAIL_PLACEHOLDER = '\uE000courriel\uE001';
/** Shaped like a token (43 base64url characters), so every URL check and escape lets it through unchanged. */
export const TOKEN_PLACEHOLDER = 'CTGxPERSONALxLINKxTOKENxPLACEHOLDERxxxxxxx0';

export interface PersonalFields {
  name: string;
  email: string;
  /** Their personal link's token, where the message carries one. */
  token: string | null;
}

/** An email before its Message-ID: what the templates assemble and the outbox stores and fills. */
export type EmailDraft = Omit<OutgoingMail, 'messageId'>;

/**
 * Whether a name and address can stand in a shared template: the iCalendar attendee omits its CN when the
 * name is empty, and a stray placeholder character would be read as one. Others get their own template.
 */
export function fitsSharedTemplate(fields: Pick<PersonalFields, 'name' | 'email'>): boolean {
  const text = fields.name + fields.email;
  return calendarName(fields.name) !== '' && !/[\uE000-\uE001]/.test(text) && !/[\ud800-\udfff]/.test(fields.name) && !/[;,\\"\s]/.test(fields.email);
}

/** As templates/calendar.ts writes a CN parameter (then ical-generator's escape of quoted values). */
const calendarName = (name: string) => name.replace(/[\r\n\t]+/g, ' ').replace(/"/g, "'").replace(/\\/g, '/').replace(/;/g, ',').trim();

/** As templates/html.ts escapes an interpolated value. */
const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

function replaceAll(text: string, fields: PersonalFields, escape: (value: string) => string): string {
  let out = text.split(NAME_PLACEHOLDER).join(escape(fields.name)).split(EMAIL_PLACEHOLDER).join(escape(fields.email));
  if (fields.token !== null) out = out.split(TOKEN_PLACEHOLDER).join(fields.token);
  return out;
}

function fillMailbox(value: string | Mailbox, fields: PersonalFields): string | Mailbox {
  if (typeof value === 'string') return replaceAll(value, fields, (v) => v);
  return { name: replaceAll(value.name, fields, (v) => v), address: replaceAll(value.address, fields, (v) => v) };
}

/** UTF-8 length of one character (a surrogate pair counts once, as 4 bytes). */
function utf8Length(text: string): number {
  if (text.length === 1) {
    const code = text.charCodeAt(0);
    return code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  return Buffer.byteLength(text, 'utf8');
}

/** ical-generator's folding, to the byte: a line is cut before the character that takes it past 74 octets. */
export function foldCalendarLine(line: string): string {
  let out = '';
  let length = 0;
  for (let i = 0; i < line.length; i += 1) {
    let char = line.charAt(i);
    if (char >= '\ud800' && char <= '\udbff') char += line.charAt(++i);
    const size = utf8Length(char);
    length += size;
    if (length > 74) {
      out += '\r\n ';
      length = size;
    }
    out += char;
  }
  return out;
}

/** Only the content lines holding a placeholder are unfolded, filled and folded again. */
function fillCalendar(content: string, fields: PersonalFields): string {
  return content
    .split(/\r\n(?! )/)
    .map((line) => {
      const unfolded = line.replace(/\r\n /g, '');
      if (!unfolded.includes('\uE000') && !unfolded.includes(TOKEN_PLACEHOLDER)) return line;
      const filled = unfolded
        .split(`CN="${NAME_PLACEHOLDER}"`)
        .join(`CN="${calendarName(fields.name)}"`)
        .split(`MAILTO:${EMAIL_PLACEHOLDER}`)
        .join(`MAILTO:${fields.email}`);
      return foldCalendarLine(replaceAll(filled, fields, (v) => v));
    })
    .join('\r\n');
}

/** A plain-text field (the subject) of the recipient's copy. */
export const fillText = (text: string, fields: PersonalFields): string => replaceAll(text, fields, (v) => v);

/** The recipient's copy of a template. */
export function fillTemplate(template: EmailDraft, fields: PersonalFields): EmailDraft {
  const plain = (text: string) => replaceAll(text, fields, (v) => v);
  return {
    ...template,
    from: plain(template.from),
    to: fillMailbox(template.to, fields),
    ...(template.replyTo ? { replyTo: fillMailbox(template.replyTo, fields) } : {}),
    subject: plain(template.subject),
    text: plain(template.text),
    html: replaceAll(template.html, fields, escapeHtml),
    ...(template.headers ? { headers: Object.fromEntries(Object.entries(template.headers).map(([k, v]) => [k, plain(v)])) } : {}),
    ...(template.calendar ? { calendar: { ...template.calendar, content: fillCalendar(template.calendar.content, fields) } } : {}),
  };
}
