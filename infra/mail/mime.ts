// The MIME source of an outgoing email, built synchronously with nodemailer's own encoders: the same
// structure MailComposer gives (multipart/mixed › multipart/alternative › text, HTML, text/calendar; the
// .ics again as an attachment), at a fraction of its cost (no streams), and deterministic: the boundary
// derives from the Message-ID and the Date is given, so a message built again is the same bytes.
import { createHash } from 'node:crypto';
import * as base64 from 'nodemailer/lib/base64';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import type { Mailbox, OutgoingMail } from './transport';

const CRLF = '\r\n';

// One node encodes every header: nodemailer's static encodeHeaderValue builds a node per call, and each
// draws random bytes for a boundary it never uses (15 % of building a message).
const headerEncoder = new MimeNode(false);
const addressHeader = (value: string | Mailbox): string => headerEncoder.encodeHeaderValue('To', value as never) as string;
const textHeader = (value: string): string => headerEncoder.encodeHeaderValue('Subject', value) as string;
const header = (name: string, value: string) => foldLines(`${name}: ${value}`, 76);

/** Line ends as the wire wants them, whatever the template wrote. */
const crlf = (text: string) => text.replace(/\r?\n/g, CRLF);

/**
 * Quoted-printable, as `qp.wrap(qp.encode(text), 76)` gives it, a line at a time: the wrapping starts
 * afresh after every CRLF and the encoding of a byte looks no further than the next, so a line (with its
 * CRLF) encodes the same alone. A message's lines are mostly its template's, the same for every
 * recipient: they are encoded once (a bounded cache), the personal ones each time.
 */
const encodedLines = new Map<string, string>();
/** Characters kept, keys and values: a few MB, whatever the lines. */
const CACHE_CHARACTERS = 2_000_000;
let cachedCharacters = 0;
// nodemailer leaves a whole text within the width as it is, but may wrap a short last line of a longer
// text at its last space: that last line is wrapped behind enough CRLFs to be past the shortcut.
const LEAD = CRLF.repeat(39);

/** A copy of its own: a slice would keep the whole message it was cut from alive in the cache. */
const ownCopy = (line: string) => Buffer.from(line, 'utf8').toString('utf8');

export function quotedPrintable(text: string): string {
  let out = '';
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(CRLF, start);
    if (end < 0) {
      const last = qp.encode(text.slice(start));
      return out + (out.length + last.length <= 76 ? last : qp.wrap(LEAD + last, 76).slice(LEAD.length));
    }
    const line = text.slice(start, end + 2);
    start = end + 2;
    let encoded = encodedLines.get(line);
    if (encoded === undefined) {
      encoded = qp.wrap(qp.encode(line), 76);
      // Personal lines (a name, a link) never come again and fill it: it starts afresh when full.
      if (cachedCharacters > CACHE_CHARACTERS) {
        encodedLines.clear();
        cachedCharacters = 0;
      }
      encodedLines.set(ownCopy(line), encoded);
      cachedCharacters += line.length + encoded.length;
    }
    out += encoded;
  }
  return out;
}

function textPart(contentType: string, content: string): string {
  return `Content-Type: ${contentType}${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}${quotedPrintable(crlf(content))}`;
}

function attachmentPart(filename: string, content: string): string {
  return [
    `Content-Type: application/ics; name=${filename}`,
    `Content-Disposition: attachment; filename=${filename}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64.wrap(base64.encode(Buffer.from(content, 'utf8')), 76),
  ].join(CRLF);
}

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((part) => `--${boundary}${CRLF}${part}${CRLF}`).join('')}--${boundary}--${CRLF}`;
}

/** The complete message, ready for the transport: headers, then the body parts. */
export function composeMail(mail: OutgoingMail, date: Date = new Date()): Buffer {
  const seed = createHash('sha256').update(mail.messageId).digest('hex').slice(0, 24);
  const outer = `--_ctg-${seed}-1`;
  const inner = `--_ctg-${seed}-2`;
  const headers = [
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => header(name, textHeader(value))),
    header('From', addressHeader(mail.from)),
    header('To', addressHeader(mail.to)),
    ...(mail.replyTo ? [header('Reply-To', addressHeader(mail.replyTo))] : []),
    header('Subject', textHeader(mail.subject)),
    `Message-ID: ${mail.messageId}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
  ];
  const alternatives = [
    textPart('text/plain; charset=utf-8', mail.text),
    textPart('text/html; charset=utf-8', mail.html),
    ...(mail.calendar ? [textPart(`text/calendar; charset=utf-8; method=${mail.calendar.method}`, mail.calendar.content)] : []),
  ];
  const alternative = `Content-Type: multipart/alternative;${CRLF} boundary="${inner}"${CRLF}${CRLF}${multipart(inner, alternatives)}`;
  const body = mail.calendar ? multipart(outer, [alternative, attachmentPart(mail.calendar.filename, mail.calendar.content)]) : null;
  const source = body
    ? `${headers.join(CRLF)}${CRLF}Content-Type: multipart/mixed; boundary="${outer}"${CRLF}${CRLF}${body}`
    : `${headers.join(CRLF)}${CRLF}${alternative}`;
  return Buffer.from(source, 'utf8');
}
