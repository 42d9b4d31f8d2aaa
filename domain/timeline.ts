// The calendar a process runs against: when its period starts and ends, when each year starts, and how
// long a "day" lasts. Real processes use real days in the territory's zone; tests compress a day to a
// second so a five-year lifecycle runs in minutes, with the same workflow code.
import { zonedInstant } from './time';

export const REAL_DAY_MS = 86_400_000;

export interface Timeline {
  dayMs: number;
  periodStart: number;
  periodEnd: number;
  /** ISO instants. */
  periodStartsAt: string;
  periodEndsAt: string;
  /** Start of each year of the period (ISO), keyed by year. */
  yearStarts: Record<string, string>;
}

export function realTimeline(periodStart: number, periodEnd: number, timeZone: string): Timeline {
  const newYear = (year: number) => zonedInstant({ year, month: 1, day: 1, hour: 0 }, timeZone).toISOString();
  const yearStarts: Record<string, string> = {};
  for (let year = periodStart; year <= periodEnd; year += 1) yearStarts[year] = newYear(year);
  return { dayMs: REAL_DAY_MS, periodStart, periodEnd, periodStartsAt: newYear(periodStart), periodEndsAt: newYear(periodEnd + 1), yearStarts };
}

/** Years of 365 compressed days from `startsAt` (tests and demos). */
export function compressedTimeline(periodStart: number, periodEnd: number, startsAt: Date, dayMs: number): Timeline {
  const year = 365 * dayMs;
  const at = (index: number) => new Date(startsAt.getTime() + index * year).toISOString();
  const yearStarts: Record<string, string> = {};
  for (let y = periodStart; y <= periodEnd; y += 1) yearStarts[y] = at(y - periodStart);
  return { dayMs, periodStart, periodEnd, periodStartsAt: at(0), periodEndsAt: at(periodEnd - periodStart + 1), yearStarts };
}

/** The timeline of the next period, of the same length, starting when this one ends. */
export function nextTimeline(current: Timeline, timeZone: string): Timeline {
  const length = current.periodEnd - current.periodStart + 1;
  const start = current.periodEnd + 1;
  return current.dayMs === REAL_DAY_MS
    ? realTimeline(start, start + length - 1, timeZone)
    : compressedTimeline(start, start + length - 1, new Date(current.periodEndsAt), current.dayMs);
}

/** When the renewal starts: `months` (of 30.44 days) before the period ends. */
export function renewalInstant(timeline: Timeline, months: number): number {
  return Date.parse(timeline.periodEndsAt) - Math.round(months * 30.44 * timeline.dayMs);
}
