// What may be uploaded as a meeting's document, decided by its content: a PDF, an office file (Word,
// Excel, PowerPoint, OpenDocument, and their older binary forms) or an image. A file whose name says one
// thing and whose bytes say another is refused, and so is anything a browser could run (HTML, SVG).

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_MEETING = 30;

export interface DocumentKind {
  mediaType: string;
  /** What a coordinator calls it (« un PDF », « un document Word »). */
  label: string;
  extensions: readonly string[];
  /** Shown in the browser (PDF, images) rather than downloaded. */
  inline: boolean;
}

const kinds = {
  pdf: { mediaType: 'application/pdf', label: 'un PDF', extensions: ['pdf'], inline: true },
  png: { mediaType: 'image/png', label: 'une image PNG', extensions: ['png'], inline: true },
  jpeg: { mediaType: 'image/jpeg', label: 'une image JPEG', extensions: ['jpg', 'jpeg'], inline: true },
  gif: { mediaType: 'image/gif', label: 'une image GIF', extensions: ['gif'], inline: true },
  webp: { mediaType: 'image/webp', label: 'une image WebP', extensions: ['webp'], inline: true },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'un document Word', extensions: ['docx'], inline: false },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'un classeur Excel', extensions: ['xlsx'], inline: false },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'une présentation PowerPoint', extensions: ['pptx'], inline: false },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', label: 'un texte OpenDocument', extensions: ['odt'], inline: false },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'un classeur OpenDocument', extensions: ['ods'], inline: false },
  odp: { mediaType: 'application/vnd.oasis.opendocument.presentation', label: 'une présentation OpenDocument', extensions: ['odp'], inline: false },
  doc: { mediaType: 'application/msword', label: 'un document Word', extensions: ['doc'], inline: false },
  xls: { mediaType: 'application/vnd.ms-excel', label: 'un classeur Excel', extensions: ['xls'], inline: false },
  ppt: { mediaType: 'application/vnd.ms-powerpoint', label: 'une présentation PowerPoint', extensions: ['ppt'], inline: false },
} satisfies Record<string, DocumentKind>;

export const acceptedExtensions = [...new Set(Object.values(kinds).flatMap((k) => k.extensions))];
export const kindOfMediaType = (mediaType: string): DocumentKind | undefined => Object.values(kinds).find((k) => k.mediaType === mediaType);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** A ZIP's kind from the names of its entries (Office Open XML) or its first entry (OpenDocument's « mimetype »). */
function zipKind(bytes: Uint8Array): DocumentKind | null {
  // OpenDocument: the first entry is an uncompressed « mimetype » naming the kind (name at byte 30).
  const head = ascii(bytes, 30, Math.min(bytes.length, 200));
  const open = /^mimetype(application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation))/.exec(head);
  if (open) return { text: kinds.odt, spreadsheet: kinds.ods, presentation: kinds.odp }[open[2] as 'text' | 'spreadsheet' | 'presentation'];
  // Office Open XML: the entries' names (in the local headers and the central directory) say which part is the document.
  const names = ascii(bytes, 0, bytes.length);
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) return kinds.docx;
  if (names.includes('xl/workbook.xml')) return kinds.xlsx;
  if (names.includes('ppt/presentation.xml')) return kinds.pptx;
  return null;
}

/** The kind the bytes say, or null when they are none of the accepted ones. */
export function sniffDocument(bytes: Uint8Array): DocumentKind | null {
  if (ascii(bytes, 0, 5) === '%PDF-') return kinds.pdf;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return kinds.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return kinds.jpeg;
  if (/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return kinds.gif;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return kinds.webp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zipKind(bytes);
  return null;
}

/** The older binary Office files share one container: their name says which they are. */
const oleKinds: Record<string, DocumentKind> = { doc: kinds.doc, xls: kinds.xls, ppt: kinds.ppt };
const isOle = (bytes: Uint8Array) => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A name safe to show and to offer for download: no folders, no control characters, 120 characters at most. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').replace(/\s+/g, ' ').trim();
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : '';
  return clean.slice(0, 120 - extension.length) + extension;
}

const extensionOf = (filename: string) => /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase() ?? '';

/** Checks an upload: its size, what its bytes are, and that its name says the same. A French reason when refused. */
export function checkDocument(filename: string, bytes: Uint8Array): { kind: DocumentKind; filename: string } | { refused: string } {
  const name = cleanFilename(filename);
  if (!name) return { refused: 'le fichier n’a pas de nom' };
  if (bytes.length === 0) return { refused: `« ${name} » est vide` };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { refused: `« ${name} » dépasse ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo` };
  const extension = extensionOf(name);
  const kind = isOle(bytes) ? oleKinds[extension] ?? null : sniffDocument(bytes);
  const accepted = `PDF, Word, Excel, PowerPoint, OpenDocument ou image (${acceptedExtensions.join(', ')})`;
  if (!kind) return { refused: `« ${name} » n’est pas un document accepté : ${accepted}` };
  if (!kind.extensions.includes(extension)) return { refused: `« ${name} » est ${kind.label} : son nom doit finir par .${kind.extensions[0]}` };
  return { kind, filename: name };
}
