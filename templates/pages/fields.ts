// Form fields with their label, hint and error message tied together (aria-describedby), so a screen
// reader announces why a value was refused, next to the field, in French.
import { html, type SafeHtml } from '../html';

/** Messages by field name, from a refused submission. */
export type FieldErrors = Record<string, string>;

interface FieldOptions {
  name: string;
  label: string;
  /** Unique on the page (several forms may share a field name). */
  id?: string;
  value?: string | number | null;
  hint?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-aide` : null, error ? `${id}-erreur` : null].filter(Boolean).join(' ');
  return ids || null;
}

function parts(o: FieldOptions) {
  const id = o.id ?? o.name;
  const error = o.errors?.[o.name];
  return {
    id,
    error,
    // The hint stays outside the label: the field's name is short, the hint is read as its description.
    label: html`<label for="${id}">${o.label}${o.required ? ' (obligatoire)' : ''}</label>${o.hint ? html`<span class="hint" id="${id}-aide">${o.hint}</span>` : ''}`,
    message: error ? html`<p class="field-error" id="${id}-erreur">${error}</p>` : '',
    aria: html`${describedBy(id, o.hint, error) ? html` aria-describedby="${describedBy(id, o.hint, error)!}"` : ''}${error ? html` aria-invalid="true"` : ''}${o.required ? html` required` : ''}`,
  };
}

export function inputField(o: FieldOptions & { type?: 'text' | 'email' | 'number' | 'datetime-local' | 'file'; min?: number; max?: number; accept?: string }): SafeHtml {
  const p = parts(o);
  const extra = html`${o.min !== undefined ? html` min="${o.min}"` : ''}${o.max !== undefined ? html` max="${o.max}"` : ''}${o.accept ? html` accept="${o.accept}"` : ''}${
    o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
  }`;
  const value = o.type === 'file' ? '' : html` value="${o.value ?? ''}"`;
  return html`<div class="field">${p.label}<input type="${o.type ?? 'text'}" id="${p.id}" name="${o.name}"${value}${extra}${p.aria}>${p.message}</div>`;
}

export function textareaField(o: FieldOptions & { rows?: number }): SafeHtml {
  const p = parts(o);
  return html`<div class="field">${p.label}<textarea id="${p.id}" name="${o.name}" rows="${o.rows ?? 6}"${p.aria}>${o.value ?? ''}</textarea>${p.message}</div>`;
}

export function selectField(o: FieldOptions & { options: { value: string; label: string }[] }): SafeHtml {
  const p = parts(o);
  return html`<div class="field">${p.label}<select id="${p.id}" name="${o.name}"${p.aria}>${o.options.map(
    (option) => html`<option value="${option.value}"${String(o.value ?? '') === option.value ? ' selected' : ''}>${option.label}</option>`,
  )}</select>${p.message}</div>`;
}

/** A hidden error summary at the top of a refused form helps keyboard users find what to fix. */
export function errorSummary(errors: FieldErrors | undefined, labels: Record<string, string> = {}): SafeHtml | '' {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return '';
  return html`<div class="flash error" role="alert"><p>Le formulaire contient ${entries.length === 1 ? 'une erreur' : `${entries.length} erreurs`} :</p><ul>${entries.map(
    ([field, message]) => html`<li>${labels[field] ?? field} : ${message}</li>`,
  )}</ul></div>`;
}
