// Upload forms post multipart/form-data (a file input works without JavaScript only that way). Express
// has no multipart parser and our forms have a few files and text fields, so this reads that much: each
// part's name, its filename if any, its bytes and its content decoded as text.
import { ProblemError } from '../problem';

export interface FormPart {
  value: string;
  filename?: string;
}

export interface NamedPart extends FormPart {
  name: string;
  bytes: Buffer;
}

const badForm = (detail: string) => new ProblemError(400, 'Formulaire invalide', detail);

export function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) throw badForm('Envoi attendu en multipart/form-data.');
  return boundary;
}

/** Spreadsheets saved as « CSV » by French Excel are Windows-1252, not UTF-8: read either. */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Every part, in order (several files may share a name). */
export function parseMultipartParts(body: Buffer, contentType: string | undefined): NamedPart[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: NamedPart[] = [];
  let start = body.indexOf(delimiter);
  if (start === -1) throw badForm('Formulaire illisible (séparateur absent).');
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break; // closing delimiter
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) throw badForm('Formulaire incomplet (séparateur final absent).');
    // A part: CRLF, headers, CRLF CRLF, content, CRLF, then the next delimiter.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw badForm('Formulaire illisible (en-têtes de partie).');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      const bytes = part.subarray(headerEnd + 4);
      parts.push({ name, bytes, value: decodeText(bytes), ...(filename !== undefined ? { filename } : {}) });
    }
    start = next;
  }
  return parts;
}

/** The parts by name (the last one of a name wins). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Map<string, FormPart> {
  return new Map(parseMultipartParts(body, contentType).map(({ name, value, filename }) => [name, { value, ...(filename !== undefined ? { filename } : {}) }]));
}
