// The launch form (a few answers) read into the standard template's answers, with a French message
// next to each field that is refused. Dates are typed in the territory's zone.
import { fromLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { slugOf } from '../../domain/slug';
import { templateAnswersSchema, type TemplateAnswers } from '../../domain/standard-plan';
import type { FieldErrors } from '../../templates/pages/fields';
import { seedThemeChoices, type LaunchValues } from '../../templates/pages/territory';

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

export function parseLaunchForm(values: LaunchValues, timeZone: string, now: Date): { answers: TemplateAnswers } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const integer = (name: keyof LaunchValues, min: number, max: number) => {
    const raw = values[name] as string;
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < min || n > max) {
      errors[name] = `attendu un nombre entier de ${min} à ${max}`;
      return min;
    }
    return n;
  };
  const periodStart = integer('periodStart', 2000, 2100);
  const periodEnd = integer('periodEnd', 2000, 2100);
  if (!errors.periodStart && !errors.periodEnd) {
    if (periodEnd < periodStart) errors.periodEnd = 'la dernière année précède la première';
    else if (periodEnd - periodStart > 10) errors.periodEnd = 'une convention dure au plus dix ans';
  }
  const interviews = integer('interviews', 0, 30);
  const thematicMeetings = integer('thematicMeetings', 0, 8);
  const forums = integer('forums', 0, 6);

  const themes = seedThemeChoices.filter((t) => values.themes.includes(t.key)).map((t) => ({ ...t }));
  for (const line of values.otherThemes.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const key = slugOf(line);
    if (line.length < 3 || line.length > 120 || !key) {
      errors.otherThemes = `thème « ${line} » : de 3 à 120 caractères, avec des lettres`;
      continue;
    }
    if (!themes.some((t) => t.key === key)) themes.push({ key, title: line });
  }
  if (themes.length === 0 && !errors.otherThemes) errors.themes = 'choisissez au moins un thème';
  if (themes.length > 8) errors.otherThemes = 'huit thèmes au plus';

  const date = (name: 'seminaireElus' | 'lancementPartenaires') => {
    if (!values[name]) return undefined;
    const instant = fromLocalInput(values[name], timeZone);
    if (!instant) {
      errors[name] = 'date invalide (jour, mois, année et heure)';
      return undefined;
    }
    if (instant <= now) {
      errors[name] = 'cette date est passée';
      return undefined;
    }
    return toOffsetIso(instant, timeZone);
  };
  const dates = { seminaireElus: date('seminaireElus'), lancementPartenaires: date('lancementPartenaires') };
  if (values.location.length > 300) errors.location = '300 caractères au plus';
  if (Object.keys(errors).length) return { errors };

  const parsed = templateAnswersSchema.safeParse({
    periodStart,
    periodEnd,
    themes,
    interviews,
    thematicMeetings,
    forums,
    survey: values.survey,
    ...(values.location ? { location: values.location } : {}),
    dates: Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    // Checked above already; anything left is named by its first path segment (dates.x → x).
    for (const issue of parsed.error.issues) {
      const [head, second] = issue.path.map(String);
      const field = head === 'dates' && second ? second : head === 'themes' ? 'otherThemes' : (head ?? 'periodStart');
      errors[field] ??= issue.message;
    }
    return { errors };
  }
  return { answers: parsed.data };
}
