// The value of an <input type="datetime-local"> is a wall-clock time with no zone: it is read and
// written in the territory's zone, so a coordinator in Cayenne and one in Rodez both type their own time.
import { zonedInstant, zoneOffsetMinutes } from './time';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** « 2027-01-14T09:30 » in `timeZone` → the instant, or null when it is not such a value. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return null; // 31 février
  return zonedInstant({ year, month, day, hour, minute }, timeZone);
}

/** The instant as the input's value in `timeZone` (« 2027-01-14T09:30 »). */
export function toLocalInput(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}

/** ISO 8601 with the zone's offset (what the plan and the workflow Updates expect). */
export function toOffsetIso(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
