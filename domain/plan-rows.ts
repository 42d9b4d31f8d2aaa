// A plan as a coordinator types it: one row of text fields per step (the plan editor's form, and the
// spreadsheet import/export), kept as typed so a draft can be saved before it is valid. Read into the
// plan the API takes; every refusal named by row and field, in French. Pure rules.
import { parseSlotLines, slotLines } from './interviews';
import { fromLocalInput, toLocalInput, toOffsetIso } from './local-time-input';
import { contactRoles, phases, planSchema, stepBehaviours, type Phase, type Plan, type PlanInput, type StepBehaviour } from './plan';
import { slugOf } from './slug';
import { behaviourOf } from './vocabulary';

export interface StepRow {
  key: string;
  behaviour: string;
  title: string;
  description: string;
  phase: string;
  /** « 2027-04-08T09:30 » in the territory's zone (an <input type="datetime-local">). */
  date: string;
  /** « 2027-04 » (an <input type="month">), while the day is unknown; `untilMonth` for a span. */
  month: string;
  untilMonth: string;
  durationMinutes: string;
  location: string;
  onlineUrl: string;
  capacity: string;
  roles: string[];
  /** Comma-separated keys. */
  groups: string;
  domains: string;
  emails: string;
  isPublic: boolean;
  /** A governance body's key, or "". */
  body: string;
  invitationLeadDays: string;
  /** « 7, 1 »; empty: none. */
  reminderDays: string;
  dependsOn: string;
  inviteAfter: string;
  /** The audience of another step's invitees (a second session). */
  inviteesOf: string;
  session: string;
  /** An interview campaign's slots, one a line (« 2027-03-02 10:00 ») in the territory's zone. */
  slots: string;
}

export interface PlanDraftValues {
  periodStart: string;
  periodEnd: string;
  phaseLabels: Partial<Record<Phase, string>>;
  steps: StepRow[];
}

/** The fields of a row, in the order of the spreadsheet's columns. */
export const stepRowFields = [
  'key', 'behaviour', 'title', 'description', 'phase', 'date', 'month', 'untilMonth', 'durationMinutes', 'location', 'onlineUrl', 'capacity',
  'roles', 'groups', 'domains', 'emails', 'isPublic', 'body', 'invitationLeadDays', 'reminderDays', 'dependsOn', 'inviteAfter', 'inviteesOf', 'session', 'slots',
] as const satisfies readonly (keyof StepRow)[];

export const blankRow = (): StepRow => ({
  key: '', behaviour: 'MEETING', title: '', description: '', phase: 'DIAGNOSTIC', date: '', month: '', untilMonth: '', durationMinutes: '', location: '', onlineUrl: '',
  capacity: '', roles: [], groups: '', domains: '', emails: '', isPublic: false, body: '', invitationLeadDays: '21', reminderDays: '7, 1', dependsOn: '',
  inviteAfter: '', inviteesOf: '', session: '', slots: '',
});

/** What a draft keeps: the typed rows, without the blank ones. */
export function withoutBlankRows(values: PlanDraftValues): PlanDraftValues {
  return { ...values, steps: values.steps.filter((row) => row.title.trim() || row.description.trim() || row.date.trim()) };
}

const joined = (list: readonly string[] | undefined) => (list ?? []).join(', ');
const split = (text: string) =>
  text
    .split(/[,;]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** A plan (the standard one, a previous process's, an imported JSON) as editor rows. */
export function planToValues(plan: PlanInput, timeZone: string): PlanDraftValues {
  return {
    periodStart: String(plan.periodStart),
    periodEnd: String(plan.periodEnd),
    phaseLabels: { ...(plan.phaseLabels ?? {}) },
    steps: plan.steps.map((s) => ({
      key: s.key,
      behaviour: behaviourOf(s),
      title: s.title,
      description: s.description ?? '',
      phase: s.phase,
      date: s.startsAt ? toLocalInput(new Date(s.startsAt), timeZone) : '',
      month: s.month ?? '',
      untilMonth: s.untilMonth ?? '',
      durationMinutes: s.durationMinutes ? String(s.durationMinutes) : '',
      location: s.location ?? '',
      onlineUrl: s.onlineUrl ?? '',
      capacity: s.capacity ? String(s.capacity) : '',
      roles: [...(s.audience?.roles ?? [])],
      groups: joined(s.audience?.groups),
      domains: joined(s.audience?.domains),
      emails: joined(s.audience?.emails),
      isPublic: Boolean(s.audience?.public),
      body: s.body ?? '',
      invitationLeadDays: String(s.invitationLeadDays ?? 21),
      reminderDays: joined((s.reminderDays ?? [7, 1]).map(String)),
      dependsOn: joined(s.dependsOn),
      inviteAfter: joined(s.inviteAfter),
      inviteesOf: s.audience?.inviteesOf ?? '',
      session: s.session ? String(s.session) : '',
      slots: slotLines(s.slots, timeZone),
    })),
  };
}

/** « Restitution au conseil » → « restitution-au-conseil », unique among `taken`. */
export function keyFor(title: string, taken: Set<string>): string {
  const base = slugOf(title, 50) || 'etape';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

export type RowErrors = Record<string, string>;

/** The field name of a row's field in the form: `s3.title`. */
export const rowField = (index: number, field: string) => `s${index}.${field}`;

/**
 * The plan the rows describe, or the errors by row field (`s3.title`) and plan field (`periodEnd`).
 * Rows without a title are ignored (the blank rows offered to add steps).
 */
export function valuesToPlan(values: PlanDraftValues, timeZone: string): { plan: Plan } | { errors: RowErrors } {
  const errors: RowErrors = {};
  const rows = values.steps.map((row, index) => ({ row, index })).filter(({ row }) => row.title.trim());
  const taken = new Set(rows.map(({ row }) => row.key.trim()).filter(Boolean));
  const number = (raw: string, index: number, field: string) => {
    if (!raw.trim()) return undefined;
    const n = Number(raw.trim());
    if (!Number.isInteger(n)) {
      errors[rowField(index, field)] = 'attendu un nombre entier';
      return undefined;
    }
    return n;
  };
  const steps = rows.map(({ row, index }) => {
    let startsAt: string | undefined;
    if (row.date.trim()) {
      const instant = fromLocalInput(row.date, timeZone);
      if (!instant) errors[rowField(index, 'date')] = 'date et heure invalides (jj/mm/aaaa hh:mm)';
      else startsAt = toOffsetIso(instant, timeZone);
    }
    let slots: string[] | undefined;
    if ((row.slots ?? '').trim()) {
      const parsed = parseSlotLines(row.slots, timeZone);
      if ('error' in parsed) errors[rowField(index, 'slots')] = parsed.error;
      else slots = parsed.slots;
    }
    const reminders = split(row.reminderDays).map(Number);
    if (reminders.some((d) => !Number.isInteger(d))) errors[rowField(index, 'reminderDays')] = 'attendu des nombres de jours séparés par des virgules, par exemple 7, 1';
    return {
      key: row.key.trim() || keyFor(row.title, taken),
      behaviour: row.behaviour as StepBehaviour,
      phase: row.phase as Phase,
      title: row.title,
      ...(row.description.trim() ? { description: row.description } : {}),
      ...(row.body.trim() ? { body: row.body.trim() } : {}),
      audience: {
        roles: row.roles.filter((r) => (contactRoles as readonly string[]).includes(r)) as (typeof contactRoles)[number][],
        groups: split(row.groups),
        domains: split(row.domains),
        emails: split(row.emails),
        public: row.isPublic,
        ...(row.inviteesOf.trim() ? { inviteesOf: row.inviteesOf.trim() } : {}),
      },
      ...(startsAt ? { startsAt } : {}),
      ...(row.month.trim() ? { month: row.month.trim() } : {}),
      ...(row.untilMonth.trim() ? { untilMonth: row.untilMonth.trim() } : {}),
      ...(number(row.durationMinutes, index, 'durationMinutes') !== undefined ? { durationMinutes: number(row.durationMinutes, index, 'durationMinutes') } : {}),
      ...(row.location.trim() ? { location: row.location.trim() } : {}),
      ...(row.onlineUrl.trim() ? { onlineUrl: row.onlineUrl.trim() } : {}),
      ...(number(row.capacity, index, 'capacity') !== undefined ? { capacity: number(row.capacity, index, 'capacity') } : {}),
      ...(number(row.invitationLeadDays, index, 'invitationLeadDays') !== undefined ? { invitationLeadDays: number(row.invitationLeadDays, index, 'invitationLeadDays') } : {}),
      reminderDays: reminders.filter((d) => Number.isInteger(d)),
      dependsOn: split(row.dependsOn),
      inviteAfter: split(row.inviteAfter),
      ...(row.session === '1' || row.session === '2' ? { session: Number(row.session) as 1 | 2 } : {}),
      ...(slots?.length ? { slots } : {}),
    };
  });
  if (rows.length === 0) errors.steps = 'le plan n’a aucune étape : donnez un titre à au moins une ligne';
  const phaseLabels = Object.fromEntries(Object.entries(values.phaseLabels).filter(([, label]) => label?.trim()));
  const parsed = planSchema.safeParse({
    periodStart: Number(values.periodStart),
    periodEnd: Number(values.periodEnd),
    ...(Object.keys(phaseLabels).length ? { phaseLabels } : {}),
    steps,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, index, field] = issue.path;
      if (top === 'steps' && typeof index === 'number') {
        const rowIndex = rows[index]?.index ?? 0;
        const formField =
          field === 'startsAt' ? 'date' : field === 'slots' ? 'slots' : field === 'audience' ? (issue.path[3] === 'inviteesOf' ? 'inviteesOf' : String(issue.path[3] ?? 'roles')) : String(field ?? 'title');
        errors[rowField(rowIndex, formField)] ??= issue.message;
      } else {
        errors[String(top ?? 'steps')] ??= issue.message;
      }
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { errors };
  return { plan: parsed.data };
}

export const behaviourChoices = stepBehaviours;
export const phaseChoices = phases;
