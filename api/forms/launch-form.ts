// The launch form (a few answers) read into the standard template's answers and checked by the API's
// schema (templateAnswersSchema), each refusal said in the form's words next to its field. The form's own
// checks are what the schema cannot see: a date typed in the territory's zone that is no date or is past,
// the years' order and span. Numbers' bounds, themes (how many, their names) and the place are the schema's.
import { fromLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { slugOf } from '../../domain/slug';
import { templateAnswersSchema, type TemplateAnswers } from '../../domain/standard-plan';
import { z } from '../../domain/zod';
import type { FieldErrors } from '../../templates/pages/fields';
import { seedThemeChoices, type LaunchValues } from '../../templates/pages/territory';
import { plainMessage } from './form-errors';

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '');
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

export function readLaunchForm(body: Record<string, unknown>): LaunchValues {
  return {
    periodStart: text(body.periodStart).trim(),
    periodEnd: text(body.periodEnd).trim(),
    themes: list(body.themes),
    otherThemes: text(body.otherThemes),
    interviews: text(body.interviews).trim(),
    thematicMeetings: text(body.thematicMeetings).trim(),
    forums: text(body.forums).trim(),
    survey: body.survey !== undefined,
    location: text(body.location).trim(),
    seminaireElus: text(body.seminaireElus).trim(),
    lancementPartenaires: text(body.lancementPartenaires).trim(),
  };
}

/** The answers counted in whole numbers; their bounds are the schema's. */
const counts = ['periodStart', 'periodEnd', 'interviews', 'thematicMeetings', 'forums'] as const;
type Count = (typeof counts)[number];
const isCount = (name: unknown): name is Count => counts.includes(name as Count);

function countMessage(name: Count): string {
  const field = templateAnswersSchema.shape[name];
  const number = field instanceof z.ZodDefault ? field.unwrap() : field;
  return `attendu un nombre entier de ${number.minValue} à ${number.maxValue}`;
}

/** Refused fields in the order the form asks them (the error summary lists them so). */
const fieldOrder = ['periodStart', 'periodEnd', 'interviews', 'thematicMeetings', 'forums', 'otherThemes', 'themes', 'seminaireElus', 'lancementPartenaires', 'location'];
const inFormOrder = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).sort(([a], [b]) => fieldOrder.indexOf(a) - fieldOrder.indexOf(b)));

export function parseLaunchForm(values: LaunchValues, timeZone: string, now: Date): { answers: TemplateAnswers } | { errors: FieldErrors } {
  const own: FieldErrors = {};
  // Text that is no number is refused by the schema's number, with the same words as a number out of bounds.
  const count = (name: Count) => (values[name] === '' ? Number.NaN : Number(values[name]));

  const themes: { key: string; title: string }[] = seedThemeChoices.filter((t) => values.themes.includes(t.key)).map((t) => ({ ...t }));
  const seeded = themes.length;
  const lines: string[] = [];
  for (const line of values.otherThemes.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const key = slugOf(line);
    if (themes.some((t) => t.key === key)) continue;
    themes.push({ key, title: line });
    lines.push(line);
  }

  const date = (name: 'seminaireElus' | 'lancementPartenaires') => {
    if (!values[name]) return undefined;
    const instant = fromLocalInput(values[name], timeZone);
    if (!instant || instant <= now) {
      own[name] = instant ? 'cette date est passée' : 'date invalide (jour, mois, année et heure)';
      return undefined;
    }
    return toOffsetIso(instant, timeZone);
  };
  const dates = { seminaireElus: date('seminaireElus'), lancementPartenaires: date('lancementPartenaires') };

  const parsed = templateAnswersSchema.safeParse({
    ...Object.fromEntries(counts.map((name) => [name, count(name)])),
    themes,
    survey: values.survey,
    ...(values.location ? { location: values.location } : {}),
    dates: Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)),
  });
  const errors: FieldErrors = {};
  for (const issue of parsed.error?.issues ?? []) {
    const [head, second] = issue.path;
    if (isCount(head)) errors[head] ??= countMessage(head);
    else if (head === 'themes' && typeof second === 'number') errors.otherThemes ??= `thème « ${lines[second - seeded]} » : de 3 à 120 caractères, avec des lettres`;
    else if (head === 'themes') errors[issue.code === 'too_small' ? 'themes' : 'otherThemes'] ??= issue.code === 'too_small' ? 'choisissez au moins un thème' : 'huit thèmes au plus';
    else if (head === 'dates' && typeof second === 'string') errors[second] ??= issue.message;
    else errors[String(head ?? 'periodStart')] ??= plainMessage(issue);
  }
  // The years' order and span are the plan's rules (not the answers'): said here with the other answers.
  if (!errors.periodStart && !errors.periodEnd) {
    const [start, end] = [count('periodStart'), count('periodEnd')];
    if (end < start) own.periodEnd = 'la dernière année précède la première';
    else if (end - start > 10) own.periodEnd = 'une convention dure au plus dix ans';
  }
  if (!parsed.success || Object.keys(own).length) return { errors: inFormOrder({ ...errors, ...own }) };
  return { answers: parsed.data };
}
