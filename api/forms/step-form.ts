// The process page's step forms read into the API's input and checked by the API's schemas: a change
// (stepChangesSchema: only what differs from the step, the date typed in the territory's zone), a
// campaign's slots (the same schema's `slots`: typed lines become instants) and a cancellation
// (cancelSchema). The form's own words come first (a title erased, a date or a line that is no date, a
// past one); the rest is the schema's, with its messages next to the fields.
import { parseSlotLines } from '../../domain/interviews';
import { fromLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { cancelSchema, stepChangesSchema } from '../../domain/step-changes';
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

type SlotsForm = { values: { add: string }; slots: { add: string[]; remove: string[] }; errors: null } | { values: { add: string }; slots: null; errors: FieldErrors };

/** The slots form: lines typed in the territory's zone to add, free slots ticked (`remove`, as shown) to take away. */
export function parseSlotsForm(body: unknown, timeZone: string, now: Date): SlotsForm {
  const values = { add: formText(body, 'add') };
  const refuse = (message: string): SlotsForm => ({ values, slots: null, errors: { add: message } });
  const lines = parseSlotLines(values.add, timeZone);
  if ('error' in lines) return refuse(lines.error);
  if (lines.slots.some((slot) => Date.parse(slot) <= now.getTime())) return refuse('un créneau ajouté est déjà passé');
  const ticked = ([] as unknown[]).concat((body as Record<string, unknown> | undefined)?.remove ?? []).filter((v): v is string => typeof v === 'string');
  const remove = ticked.map((value) => fromLocalInput(value, timeZone)).filter((d): d is Date => d !== null).map((d) => toOffsetIso(d, timeZone));
  if (lines.slots.length === 0 && remove.length === 0) return refuse('indiquez au moins un créneau à ajouter, ou cochez un créneau à retirer');
  const parsed = stepChangesSchema.safeParse({ slots: { add: lines.slots, remove } });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The schema counts instants; the coordinator counts slots.
    return refuse(issue.code === 'too_big' && issue.origin === 'array' ? `${issue.maximum} créneaux au plus` : issue.message);
  }
  return { values, slots: parsed.data.slots ?? { add: [], remove: [] }, errors: null };
}

/** The cancel form: an empty reason is none; a refused one shows the schema's message as it is. */
export function parseCancelForm(body: unknown): { values: { reason: string }; reason: string | undefined; errors: FieldErrors | null } {
  const reason = formText(body, 'reason');
  const parsed = cancelSchema.safeParse(reason ? { reason } : {});
  if (!parsed.success) return { values: { reason }, reason: undefined, errors: { reason: parsed.error.issues[0]!.message } };
  return { values: { reason }, reason: parsed.data.reason, errors: null };
}
