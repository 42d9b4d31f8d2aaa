// Reading a posted form, and showing a refused one again with each message next to its field (zod issues keyed by field name).
import type { z } from 'zod';
import type { FieldErrors } from '../../templates/pages/fields';

/** zod's generic French (« Trop petit : chaîne de caractères doit avoir >=3 caractères ») said plainly for a form. */
export function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'à remplir' : `au moins ${issue.minimum} caractères`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${issue.maximum} caractères au plus`;
  // Form values are text: a wrong type can only be a field left empty (sent as undefined).
  if (issue.code === 'invalid_type') return 'à remplir';
  return issue.message;
}

const dottedPath = (path: PropertyKey[]) => path.map(String).join('.') || '(formulaire)';

/** The first message for each field: `fieldOf` names the form's field for an issue's path, `messageOf` words it. */
export function formErrors(error: z.ZodError, fieldOf: (path: PropertyKey[]) => string = dottedPath, messageOf: (issue: z.core.$ZodIssue) => string = plainMessage): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[fieldOf(issue.path)] ??= messageOf(issue);
  return errors;
}

/** The schema's own message, for schemas whose messages are written for people. */
export const schemaMessage = (issue: z.core.$ZodIssue) => issue.message;

/** An empty form field means « not given ». */
export const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A text field of a posted form, trimmed; '' when absent or not text. */
export const formText = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};
