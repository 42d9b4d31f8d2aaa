// Contacts imported from a spreadsheet export. Coordinators' files come from Excel (semicolons, a BOM,
// French headers) or elsewhere (commas): both are read, headers matched loosely, and every bad cell is
// reported with its line and column so the file can be fixed and sent again.
import { groupKeyOf } from './governance';
import { contactInputSchema, type ContactInput } from './territory-input';

export interface CsvLineError {
  /** Line in the file, the header being line 1. */
  line: number;
  /** The column as named in the file (or the expected one when missing). */
  field: string;
  reason: string;
}

export interface ContactsCsvResult {
  contacts: ContactInput[];
  errors: CsvLineError[];
  /** Rows whose email appeared earlier in the file: the last one wins. */
  duplicates: number;
}

export const MAX_CSV_ROWS = 5000;

const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

type Column = 'email' | 'fullName' | 'firstName' | 'lastName' | 'organisation' | 'function' | 'roles' | 'groups' | 'domains';
const headerAliases: Record<string, Column> = {
  email: 'email',
  'e mail': 'email',
  mail: 'email',
  courriel: 'email',
  'adresse electronique': 'email',
  'adresse mail': 'email',
  'nom complet': 'fullName',
  'prenom nom': 'fullName',
  'nom prenom': 'fullName',
  'nom et prenom': 'fullName',
  'prenom et nom': 'fullName',
  fullname: 'fullName',
  'full name': 'fullName',
  nom: 'lastName',
  prenom: 'firstName',
  organisation: 'organisation',
  organisme: 'organisation',
  structure: 'organisation',
  institution: 'organisation',
  fonction: 'function',
  poste: 'function',
  qualite: 'function',
  roles: 'roles',
  role: 'roles',
  groupes: 'groups',
  groupe: 'groups',
  groups: 'groups',
  domaines: 'domains',
  domaine: 'domains',
  thematiques: 'domains',
  thematique: 'domains',
  domains: 'domains',
};

const roleAliases: Record<string, ContactInput['roles'][number]> = {
  elu: 'ELU',
  elue: 'ELU',
  elus: 'ELU',
  partenaire: 'PARTENAIRE',
  partenaires: 'PARTENAIRE',
  copil: 'COPIL',
  'membre copil': 'COPIL',
  'comite de pilotage': 'COPIL',
  cotech: 'COTECH',
  'membre cotech': 'COTECH',
  'comite technique': 'COTECH',
};

/** RFC 4180 fields (quotes, doubled quotes, line breaks inside quotes); returns rows with their first line. */
export function parseCsvRows(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line += 1;
      rowLine = line;
    } else cell += char;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows.filter((row) => row.cells.some((c) => c.trim() !== ''));
}

const splitList = (value: string) =>
  value
    .split(/[,|/+]/)
    .map((v) => v.trim())
    .filter(Boolean);

const slug = (value: string) => normalise(value).replace(/ /g, '-');

export function parseContactsCsv(input: string): ContactsCsvResult {
  const text = input.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // The header's most frequent separator: « ; » (French Excel), « , » or a tab.
  const count = (separator: string) => firstLine.split(separator).length - 1;
  const delimiter = [';', ',', '\t'].reduce((best, candidate) => (count(candidate) > count(best) ? candidate : best), ';');
  const rows = parseCsvRows(text, delimiter);
  const [header, ...body] = rows;
  if (!header) return { contacts: [], errors: [{ line: 1, field: '(fichier)', reason: 'fichier vide : une ligne d’en-tête puis une ligne par contact' }], duplicates: 0 };

  const columns = header.cells.map((name) => headerAliases[normalise(name)] ?? null);
  const has = (column: Column) => columns.includes(column);
  const errors: CsvLineError[] = [];
  if (!has('email')) errors.push({ line: 1, field: 'courriel', reason: 'colonne manquante (en-tête « courriel » ou « email »)' });
  if (!has('fullName') && !has('lastName')) errors.push({ line: 1, field: 'nom', reason: 'colonne manquante (en-tête « nom » ou « nom complet »)' });
  if (body.length > MAX_CSV_ROWS) errors.push({ line: 1, field: '(fichier)', reason: `trop de lignes : ${MAX_CSV_ROWS} contacts au plus par fichier` });
  if (body.length === 0) errors.push({ line: 1, field: '(fichier)', reason: 'aucun contact après la ligne d’en-tête' });
  if (errors.length) return { contacts: [], errors, duplicates: 0 };

  const headerName = (column: Column) => header.cells[columns.indexOf(column)]!.trim();
  const byEmail = new Map<string, ContactInput>();
  let duplicates = 0;
  for (const row of body) {
    const value = (column: Column) => {
      const index = columns.indexOf(column);
      return index === -1 ? '' : (row.cells[index] ?? '').trim();
    };
    const rowErrors: CsvLineError[] = [];
    const roles = splitList(value('roles')).flatMap((label) => {
      const role = roleAliases[normalise(label)];
      if (!role) rowErrors.push({ line: row.line, field: headerName('roles'), reason: `rôle inconnu « ${label} » (élu, partenaire, COPIL, COTECH)` });
      return role ? [role] : [];
    });
    const fullName = value('fullName') || [value('firstName'), value('lastName')].filter(Boolean).join(' ');
    const candidate = {
      email: value('email'),
      fullName,
      ...(value('organisation') ? { organisation: value('organisation') } : {}),
      ...(value('function') ? { function: value('function') } : {}),
      ...(roles.length ? { roles: [...new Set(roles)] } : {}),
      // The territory's own groups (« agents », « relais petite enfance »…): unknown ones are added to it.
      groups: splitList(value('groups')).map(groupKeyOf).filter(Boolean),
      domains: splitList(value('domains')).map(slug),
    };
    const parsed = contactInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const column: Column = key === 'fullName' ? (has('fullName') ? 'fullName' : 'lastName') : (key as Column);
        rowErrors.push({ line: row.line, field: columns.includes(column) ? headerName(column) : key, reason: issue.message });
      }
    }
    if (rowErrors.length || !parsed.success) {
      errors.push(...rowErrors);
      continue;
    }
    if (byEmail.has(parsed.data.email)) duplicates += 1;
    byEmail.set(parsed.data.email, parsed.data);
  }
  return { contacts: errors.length ? [] : [...byEmail.values()], errors, duplicates };
}
