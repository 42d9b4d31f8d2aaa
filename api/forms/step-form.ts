// The process page's step form read into the API's input (stepChangesSchema): only what differs from the
// step, the date typed in the territory's zone. The form's own words come first (a title erased, a date
// that is no date or is past); the rest is the schema's, with its messages next to the fields.
import { fromLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { stepChangesSchema } from '../../domain/step-changes';
import type { Step } from '../../infra/db/prisma';
import type { FieldErrors } from '../../templates/pages/fields';
import type { StepChanges } from '../../workflows/definitions';
import { formErrors, formText } from './form-errors';

const fields = ['startsAt', 'location', 'title', 'description', 'month'] as const;
export type StepFormValues = Record<(typeof fields)[number], string>;

export function parseStepForm(
  body: unknown,
  step: Pick<Step, 'title' | 'description' | 'month' | 'startsAt' | 'location'>,
  timeZone: string,
  now: Date,
): { values: StepFormValues; changes: StepChanges; errors: FieldErrors | null } {
  const values = Object.fromEntries(fields.map((f) => [f, formText(body, f)])) as StepFormValues;
  const sent = (name: string) => name in ((body ?? {}) as object);
  const own: FieldErrors = {};
  const input: Record<string, unknown> = {};
  if (values.title !== step.title && sent('title')) {
    if (values.title) input.title = values.title;
    else own.title = 'le titre est obligatoire';
  }
  if (values.description !== (step.description ?? '') && sent('description')) input.description = values.description || null;
  if (values.month && values.month !== step.month && !values.startsAt) input.month = values.month;
  if (values.startsAt) {
    const instant = fromLocalInput(values.startsAt, timeZone);
    if (!instant) own.startsAt = 'date invalide (jour, mois, année et heure)';
    else if (instant.getTime() !== step.startsAt?.getTime()) {
      if (instant <= now) own.startsAt = 'cette date est passée';
      else input.startsAt = toOffsetIso(instant, timeZone);
    }
  }
  if (values.location && values.location !== step.location) input.location = values.location;
  const parsed = Object.keys(input).length ? stepChangesSchema.safeParse(input) : null;
  const errors = { ...(parsed?.success === false ? formErrors(parsed.error) : {}), ...own };
  if (Object.keys(errors).length) return { values, changes: {}, errors };
  return { values, changes: parsed?.data ?? {}, errors: null };
}
