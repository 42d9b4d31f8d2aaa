// The plan editor's form read back into rows: each card's fields (`s3.title`…), in the order the
// coordinator gave (`s3.order`), without the cards marked « retirer ».
import { blankRow, stepRowFields, type PlanDraftValues, type StepRow } from '../../domain/plan-rows';
import { phases } from '../../domain/plan';

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '');
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

export function readPlanForm(body: Record<string, unknown>): PlanDraftValues {
  const indexes = [...new Set(Object.keys(body).map((name) => /^s(\d{1,3})\./.exec(name)?.[1]).filter((i): i is string => i !== undefined))].map(Number);
  const rows = indexes
    .map((i) => {
      const field = (name: string) => body[`s${i}.${name}`];
      const row = blankRow();
      for (const name of stepRowFields) {
        if (name === 'roles') row.roles = list(field('roles'));
        else if (name === 'isPublic') row.isPublic = text(field('isPublic')) === 'oui';
        else (row as unknown as Record<string, string>)[name] = text(field(name)).replace(/\r\n/g, '\n');
      }
      return { row, order: Number(text(field('order'))) || i + 1, index: i, removed: text(field('remove')) === 'oui' };
    })
    .filter((r) => !r.removed)
    // The coordinator's order; ties keep the page's order.
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .map((r): StepRow => r.row);
  return {
    periodStart: text(body.periodStart).trim(),
    periodEnd: text(body.periodEnd).trim(),
    phaseLabels: Object.fromEntries(phases.map((p) => [p, text(body[`phase.${p}`]).trim()]).filter(([, label]) => label)),
    steps: rows,
  };
}

/** The editor always offers one blank card at the end, to add a step. */
export function withBlankRow(values: PlanDraftValues): PlanDraftValues {
  const last = values.steps.at(-1);
  return last && !last.title.trim() ? values : { ...values, steps: [...values.steps, blankRow()] };
}
