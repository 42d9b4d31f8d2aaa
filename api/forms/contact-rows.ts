// « Vos contacts » rows posted by a form (templates/pages/contact-fields.ts): the rows typed, empty ones
// left out, and a refused row's field named as the form names it.
import { MAX_CONTACTS } from '../../domain/newsletter';
import type { ContactRow } from '../../templates/pages/contact-fields';
import { formText } from './form-errors';


export function readContactRows(body: unknown): ContactRow[] {
  return Array.from({ length: MAX_CONTACTS + 1 }, (_, i) => ({
    name: formText(body, `contact-${i}-nom`),
    function: formText(body, `contact-${i}-fonction`),
    organisation: formText(body, `contact-${i}-structure`),
    email: formText(body, `contact-${i}-courriel`),
    phone: formText(body, `contact-${i}-telephone`),
  })).filter((c) => c.name || c.function || c.organisation || c.email || c.phone);
}

const names: Record<string, string> = { name: 'nom', function: 'fonction', organisation: 'structure', email: 'courriel', phone: 'telephone' };

/** `contacts.1.phone` (or `1.phone`) → `contact-1-telephone`. */
export function contactFieldOf(path: PropertyKey[]): string {
  const parts = path.map(String).filter((p) => p !== 'contacts');
  const [index, key] = parts;
  return index !== undefined && key ? `contact-${index}-${names[key] ?? key}` : 'contact-0-nom';
}
