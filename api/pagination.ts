// Keyset pagination for every list: `?limit=` (1–200, 50 by default) and the opaque `?cursor=` of the
// previous page's `nextCursor`. Stable under inserts, unlike offsets.
import { z } from '../domain/zod';
import { parseOrThrow, ProblemError } from './problem';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export interface Page<T> {
  items: T[];
  /** Pass it as `?cursor=` to get the next page; null on the last one. */
  nextCursor: string | null;
}

export function pageQuery(query: unknown) {
  const { limit, cursor } = parseOrThrow(pageQuerySchema.loose(), query ?? {});
  return { limit, after: cursor === undefined ? null : decodeCursor(cursor) };
}

export const encodeCursor = (values: (string | number)[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

const badCursor = () =>
  new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field: 'cursor', reason: 'curseur invalide : reprenez celui de la page précédente' }]);

function decodeCursor(cursor: string): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  throw badCursor();
}

/** Fetches one row more than asked to know whether a next page exists. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1]!)) : null };
}

/** The `cursor` values as strings, or a 400 when they don't have the expected shape. */
export function cursorStrings(after: (string | number)[] | null, count: number): string[] | null {
  if (after === null) return null;
  if (after.length !== count || after.some((v) => typeof v !== 'string')) throw badCursor();
  return after as string[];
}
