// A plan as a spreadsheet, one line a step, French headers: what the editor exports and imports (French
// Excel's semicolons, or commas). Behaviours and phases are written in words; codes are read too.
import { parseCsvRows } from './contacts-csv';
import { blankRow, stepRowFields, type StepRow } from './plan-rows';
import { contactRoles, phaseLabels, phases, stepBehaviourLabels, stepBehaviours } from './plan';

const headers: Record<(typeof stepRowFields)[number], string> = {
  key: 'clé',
  behaviour: 'comportement',
  title: 'titre',
  description: 'description',
  phase: 'phase',
  date: 'date',
  month: 'mois',
  untilMonth: 'jusqu’au mois',
  durationMinutes: 'durée (minutes)',
  location: 'lieu',
  onlineUrl: 'lien',
  capacity: 'places',
  roles: 'rôles',
  groups: 'groupes',
  domains: 'thématiques',
  emails: 'personnes',
  isPublic: 'public',
  body: 'instance',
  invitationLeadDays: 'invitation (jours avant)',
  reminderDays: 'rappels (jours avant)',
  dependsOn: 'après',
  inviteAfter: 'inviter après',
  inviteesOf: 'invités de',
  session: 'séance',
  slots: 'créneaux',
};

const normalise = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const fieldByHeader = new Map(Object.entries(headers).map(([field, header]) => [normalise(header), field as keyof StepRow]));
const behaviourByWord = new Map<string, string>([
  ...stepBehaviours.map((b) => [normalise(b), b] as const),
  ...stepBehaviours.map((b) => [normalise(stepBehaviourLabels[b]), b] as const),
]);
const phaseByWord = new Map<string, string>([...phases.map((p) => [normalise(p), p] as const), ...phases.map((p) => [normalise(phaseLabels[p]), p] as const)]);

const cell = (value: string) => (/[;"\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The rows as a spreadsheet (semicolons, a BOM, CRLF: what French Excel opens). */
export function planToCsv(rows: StepRow[]): string {
  const lines = [stepRowFields.map((f) => headers[f]).join(';')];
  for (const row of rows) {
    lines.push(
      stepRowFields
        .map((field) => {
          const value = row[field];
          if (field === 'behaviour') return cell(stepBehaviourLabels[value as keyof typeof stepBehaviourLabels] ?? String(value));
          if (field === 'phase') return cell(phaseLabels[value as keyof typeof phaseLabels] ?? String(value));
          if (field === 'isPublic') return value ? 'oui' : 'non';
          if (Array.isArray(value)) return cell(value.join(', '));
          return cell(String(value).replace('T', field === 'date' ? ' ' : 'T'));
        })
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface PlanCsvError {
  line: number;
  field: string;
  reason: string;
}

/** Editor rows from a spreadsheet; unknown behaviours, phases and roles named by line and column. */
export function planFromCsv(text: string): { rows: StepRow[]; errors: PlanCsvError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const [header, ...lines] = parseCsvRows(body, delimiter);
  const errors: PlanCsvError[] = [];
  if (!header) return { rows: [], errors: [{ line: 1, field: '(fichier)', reason: 'fichier vide : une ligne d’en-tête puis une ligne par étape' }] };
  const columns = header.cells.map((name) => fieldByHeader.get(normalise(name)) ?? null);
  if (!columns.includes('title')) errors.push({ line: 1, field: 'titre', reason: 'colonne manquante' });
  const rows = lines.map((line) => {
    const row = blankRow();
    columns.forEach((field, c) => {
      if (!field) return;
      const raw = (line.cells[c] ?? '').trim();
      const name = header.cells[c]!.trim();
      if (field === 'behaviour') {
        const behaviour = behaviourByWord.get(normalise(raw));
        if (raw && !behaviour) errors.push({ line: line.line, field: name, reason: `comportement inconnu « ${raw} » (${stepBehaviours.map((b) => stepBehaviourLabels[b].toLowerCase()).join(', ')})` });
        row.behaviour = behaviour ?? row.behaviour;
      } else if (field === 'phase') {
        const phase = phaseByWord.get(normalise(raw)) ?? phases.find((p) => normalise(phaseLabels[p]).includes(normalise(raw)) && raw.length > 3);
        if (raw && !phase) errors.push({ line: line.line, field: name, reason: `phase inconnue « ${raw} »` });
        row.phase = phase ?? row.phase;
      } else if (field === 'roles') {
        const roles = raw.split(/[,|/]/).map((r) => r.trim().toUpperCase().replace('É', 'E')).filter(Boolean);
        const unknown = roles.filter((r) => !(contactRoles as readonly string[]).includes(r));
        if (unknown.length) errors.push({ line: line.line, field: name, reason: `rôle inconnu « ${unknown.join(', ')} » (ELU, PARTENAIRE, COPIL, COTECH)` });
        row.roles = roles.filter((r) => (contactRoles as readonly string[]).includes(r));
      } else if (field === 'isPublic') {
        row.isPublic = ['oui', 'x', 'vrai', 'true', '1'].includes(normalise(raw));
      } else if (field === 'date') {
        row.date = raw.replace(' ', 'T');
      } else {
        (row as unknown as Record<string, string>)[field] = raw;
      }
    });
    return row;
  });
  if (lines.length === 0 && errors.length === 0) errors.push({ line: 2, field: '(fichier)', reason: 'aucune étape : une ligne par étape sous l’en-tête' });
  return { rows: errors.length ? [] : rows, errors };
}
