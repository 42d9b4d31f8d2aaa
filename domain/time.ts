// Instants are stored and passed around in UTC; people read them in their territory's zone.
// Intl does the zone conversion, so daylight-saving changes and overseas zones come out right.

// Building a formatter costs far more than using one (6.7 % of the worker's CPU in a burst of invitations):
// one per zone and set of options, kept. Pure, so safe in workflow code too.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('fr-FR', { timeZone, ...options });
    formatters.set(key, formatter);
  }
  return formatter;
}

function parts(instant: Date, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const out: Record<string, string> = {};
  for (const p of formatterFor(timeZone, options).formatToParts(instant)) {
    out[p.type] = p.value;
  }
  return out;
}

/** « 9h30 », « 14h » — the way the seeds write times. */
export function formatFrenchTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
  const hour = String(Number(p.hour));
  return p.minute === '00' ? `${hour}h` : `${hour}h${p.minute}`;
}

/** « jeudi 13 octobre 2022 » (« 1er » for the first day of the month). */
export function formatFrenchDate(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const day = p.day === '1' ? '1er' : p.day;
  return `${p.weekday} ${day} ${p.month} ${p.year}`;
}

/** « jeudi 13 octobre 2022, de 9h30 à 12h30 », or with both dates when the meeting spans days. */
export function formatFrenchDateRange(start: Date, end: Date | null | undefined, timeZone: string): string {
  const startDate = formatFrenchDate(start, timeZone);
  if (!end) return `${startDate}, à ${formatFrenchTime(start, timeZone)}`;
  const endDate = formatFrenchDate(end, timeZone);
  if (endDate === startDate) {
    return `${startDate}, de ${formatFrenchTime(start, timeZone)} à ${formatFrenchTime(end, timeZone)}`;
  }
  return `du ${startDate} à ${formatFrenchTime(start, timeZone)} au ${endDate} à ${formatFrenchTime(end, timeZone)}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of a zone from UTC at an instant, in minutes (Europe/Paris: +60 in winter, +120 in summer). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant at which the wall clock of `timeZone` reads the given local date and time. */
export function zonedInstant(
  local: { year: number; month: number; day: number; hour: number; minute?: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute ?? 0);
  // Two passes settle the offset on either side of a daylight-saving change.
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The calendar date (in `timeZone`) `days` days after `instant`. */
export function localDateAfter(instant: Date, days: number, timeZone: string): { year: number; month: number; day: number } {
  const p = parts(new Date(instant.getTime() + days * 86_400_000), timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' });
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}

const monthNames = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « avril 2027 » from « 2027-04 ». */
export function formatFrenchMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${monthNames[(m ?? 1) - 1]} ${year}`;
}

/** « avril 2027 », « mars – avril 2027 », « décembre 2027 – janvier 2028 »: a step dated to the month. */
export function formatFrenchMonthSpan(month: string, untilMonth?: string | null): string {
  if (!untilMonth || untilMonth === month) return formatFrenchMonth(month);
  const [fromYear] = month.split('-');
  const [toYear] = untilMonth.split('-');
  const from = fromYear === toYear ? monthNames[Number(month.split('-')[1]) - 1]! : formatFrenchMonth(month);
  return `${from} – ${formatFrenchMonth(untilMonth)}`;
}

/** Midnight on the first day of `month` (« 2027-04 ») on the wall clock of `timeZone`. */
export function monthStart(month: string, timeZone: string): Date {
  const [year, m] = month.split('-').map(Number);
  return zonedInstant({ year: year!, month: m!, day: 1, hour: 0 }, timeZone);
}
