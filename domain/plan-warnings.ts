// What a coordinator should look at twice before launching, without being refused: a meeting on a
// weekend or a French public holiday, a step dated before a step it follows. Pure rules.
import type { Plan, PlanStep } from './plan';
import { behaviourOf, isMeeting } from './vocabulary';
import { formatFrenchDate, localDateAfter } from './time';

export interface PlanWarning {
  /** The step concerned, and the field to look at. */
  step: string;
  field: 'startsAt' | 'month' | 'dependsOn' | 'slots';
  message: string;
}

/** Easter Sunday of `year` (Gregorian calendar, Meeus/Jones/Butcher). */
function easter(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** The eleven public holidays of metropolitan France, by « MM-DD » for `year`. */
export function frenchPublicHolidays(year: number): Map<string, string> {
  const key = (month: number, day: number) => `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const e = easter(year);
  const afterEaster = (days: number) => {
    const date = new Date(Date.UTC(year, e.month - 1, e.day + days));
    return key(date.getUTCMonth() + 1, date.getUTCDate());
  };
  return new Map([
    [key(1, 1), 'jour de l’an'],
    [afterEaster(1), 'lundi de Pâques'],
    [key(5, 1), 'fête du Travail'],
    [key(5, 8), 'victoire de 1945'],
    [afterEaster(39), 'Ascension'],
    [afterEaster(50), 'lundi de Pentecôte'],
    [key(7, 14), 'fête nationale'],
    [key(8, 15), 'Assomption'],
    [key(11, 1), 'Toussaint'],
    [key(11, 11), 'armistice de 1918'],
    [key(12, 25), 'Noël'],
  ]);
}

/** Why a day is not a working day in France (« un samedi », « un jour férié (Ascension) »), or null. */
export function nonWorkingDay(instant: Date, timeZone: string): string | null {
  const { year, month, day } = localDateAfter(instant, 0, timeZone);
  const holiday = frenchPublicHolidays(year).get(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  if (holiday) return `un jour férié (${holiday})`;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 6) return 'un samedi';
  if (weekday === 0) return 'un dimanche';
  return null;
}

/** The earliest and latest a step can be: its day, or the first and last days of its months. */
function plannedSpan(step: PlanStep): { earliest: number; latest: number } | null {
  if (step.startsAt) return { earliest: Date.parse(step.startsAt), latest: Date.parse(step.startsAt) };
  if (!step.month) return null;
  const [y, m] = step.month.split('-').map(Number);
  const [ly, lm] = (step.untilMonth ?? step.month).split('-').map(Number);
  return { earliest: Date.UTC(y!, m! - 1, 1), latest: Date.UTC(ly!, lm!, 1) - 1 };
}

export function planWarnings(plan: Pick<Plan, 'steps'>, timeZone: string): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const byKey = new Map(plan.steps.map((s) => [s.key, s]));
  for (const step of plan.steps) {
    if (step.startsAt && isMeeting(behaviourOf(step))) {
      const instant = new Date(step.startsAt);
      const why = nonWorkingDay(instant, timeZone);
      if (why) warnings.push({ step: step.key, field: 'startsAt', message: `« ${step.title} » tombe ${why} : ${formatFrenchDate(instant, timeZone)}.` });
    }
    // Two interviewers may meet people at once: overlapping slots are worth a look, not a refusal.
    const slots = (step.slots ?? []).map(Date.parse).sort((a, b) => a - b);
    const overlaps = slots.filter((at, i) => i > 0 && at !== slots[i - 1] && at < slots[i - 1]! + step.durationMinutes * 60_000).length;
    if (overlaps > 0) {
      warnings.push({ step: step.key, field: 'slots', message: `« ${step.title} » : ${overlaps} créneau(x) commence(nt) avant la fin du précédent (entretiens de ${step.durationMinutes} minutes) — deux entretiens à la fois ?` });
    }
    const span = plannedSpan(step);
    if (!span) continue;
    for (const key of step.dependsOn) {
      const before = byKey.get(key);
      const beforeSpan = before ? plannedSpan(before) : null;
      // Only when it cannot be in order: its latest possible day before the other's earliest.
      if (before && beforeSpan && span.latest < beforeSpan.earliest) {
        warnings.push({ step: step.key, field: 'dependsOn', message: `« ${step.title} » est prévue avant « ${before.title} », qu’elle suit dans le plan.` });
      }
    }
  }
  return warnings;
}
