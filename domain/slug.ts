// The identifier a title or a label gives (« Accès aux droits » → acces-aux-droits): step keys, theme
// keys, group and body keys are all made this way; and the schema every such key typed or sent passes.
import { z } from './zod';

/** Lowercase words joined by hyphens: « petite-enfance ». */
export const IDENTIFIER = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** An identifier typed or sent, of at most `max` characters when given; `example` shows one in the French error. */
export function identifierSchema(example: string, max?: number) {
  const text = z.string().trim();
  return (max ? text.min(1).max(max) : text).regex(IDENTIFIER, `attendu un identifiant en minuscules, par exemple ${example}`);
}

export function slugOf(text: string, maxLength = 40): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}
