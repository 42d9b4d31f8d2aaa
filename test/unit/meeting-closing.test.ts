// What a coordinator may upload after a meeting, decided by content; and the attendance rules.
import { deflateRawSync } from 'node:zlib';
import { attendanceByOrganisation, attendanceSheetSchema, countAttendance, followsUp } from '../../domain/attendance';
import { checkDocument, cleanFilename, MAX_DOCUMENT_BYTES } from '../../domain/meeting-documents';
import { describeDocument } from '../../templates/documents';

/** A minimal ZIP with these entries (stored or deflated), enough for the sniffing to read names. */
function zip(entries: [string, string][], stored = false): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of entries) {
    const data = stored ? Buffer.from(content) : deflateRawSync(Buffer.from(content));
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(stored ? 0 : 8, 8);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  return Buffer.concat(parts);
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]);
const docx = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>']]);
const odt = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']], true);
const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]);

describe('a meeting document', () => {
  it.each([
    ['Compte rendu.pdf', pdf, 'application/pdf'],
    ['photo.PNG', png, 'image/png'],
    ['Relevé de décisions.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['Synthèse.odt', odt, 'application/vnd.oasis.opendocument.text'],
    ['Ancien tableau.xls', ole, 'application/vnd.ms-excel'],
  ])('« %s » is accepted as what its bytes say', (name, bytes, mediaType) => {
    const checked = checkDocument(name, bytes);
    expect('kind' in checked && checked.kind.mediaType).toBe(mediaType);
  });

  it('refuses what is disguised, empty, too large or able to run in a browser, saying why in French', () => {
    const refusal = (name: string, bytes: Buffer) => {
      const checked = checkDocument(name, bytes);
      return 'refused' in checked ? checked.refused : null;
    };
    expect(refusal('compte-rendu.pdf', Buffer.from('MZ\x90\x00 this is a Windows program'))).toMatch(/n’est pas un document accepté/);
    expect(refusal('compte-rendu.pdf', docx)).toBe('« compte-rendu.pdf » est un document Word : son nom doit finir par .docx');
    expect(refusal('page.html', Buffer.from('<html><script>alert(1)</script></html>'))).toMatch(/n’est pas un document accepté/);
    expect(refusal('logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toMatch(/n’est pas un document accepté/);
    expect(refusal('archive.zip', zip([['a.txt', 'hello']]))).toMatch(/n’est pas un document accepté/);
    expect(refusal('vide.pdf', Buffer.alloc(0))).toBe('« vide.pdf » est vide');
    expect(refusal('gros.pdf', Buffer.concat([pdf, Buffer.alloc(MAX_DOCUMENT_BYTES)]))).toBe('« gros.pdf » dépasse 10 Mo');
    expect(refusal('binaire.exe', ole)).toMatch(/n’est pas un document accepté/);
  });

  it('keeps a name safe to show and to offer for download', () => {
    expect(cleanFilename('C:\\Users\\marie\\Compte rendu "final".pdf')).toBe('Compte rendu final.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename(`${'a'.repeat(300)}.docx`)).toHaveLength(120);
    expect(cleanFilename(`${'a'.repeat(300)}.docx`).endsWith('.docx')).toBe(true);
  });

  it('is described by kind and size next to its link', () => {
    expect(describeDocument({ mediaType: 'application/pdf', size: 183_000 })).toBe('PDF, 179 Ko');
    expect(describeDocument({ mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', size: 2_400_000 })).toBe('PowerPoint, 2,3 Mo');
    expect(describeDocument({ mediaType: 'image/jpeg', size: 800 })).toBe('image JPEG, 800 octets');
  });
});

describe('attendance', () => {
  it('writes to those present and those excused, never to the others', () => {
    expect(followsUp('PRESENT')).toBe(true);
    expect(followsUp('EXCUSED')).toBe(true);
    expect(followsUp('ABSENT')).toBe(false);
  });

  it('names the field of a bad line', () => {
    const parsed = attendanceSheetSchema.safeParse({ lines: [{ email: 'anne@example.org', status: 'PRESENT' }, { email: 'pas-une-adresse', status: 'PRESENT' }], walkIns: [{ fullName: '', email: 'x@example.org' }] });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['lines.1.email', 'walkIns.0.fullName']));
    expect(attendanceSheetSchema.parse({ lines: [{ email: ' Anne@Example.org ', status: 'EXCUSED' }], walkIns: [] }).lines[0]!.email).toBe('anne@example.org');
  });

  it('counts per meeting and per organisation, those without one last', () => {
    const rows = [
      { stepId: 'a', status: 'PRESENT' as const, organisation: 'Centre social' },
      { stepId: 'b', status: 'PRESENT' as const, organisation: 'Centre social' },
      { stepId: 'a', status: 'EXCUSED' as const, organisation: 'Mairie de Nant' },
      { stepId: 'a', status: 'ABSENT' as const, organisation: null },
      { stepId: 'b', status: 'PRESENT' as const, organisation: 'Mairie de Nant' },
    ];
    expect(countAttendance(rows)).toEqual({ present: 3, excused: 1, absent: 1 });
    expect(attendanceByOrganisation(rows)).toEqual([
      { organisation: 'Centre social', present: 2, excused: 0, absent: 0, meetingsAttended: 2 },
      { organisation: 'Mairie de Nant', present: 1, excused: 1, absent: 0, meetingsAttended: 1 },
      { organisation: null, present: 0, excused: 0, absent: 1, meetingsAttended: 0 },
    ]);
  });
});
