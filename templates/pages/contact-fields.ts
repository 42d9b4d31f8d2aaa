// Rows of « Vos contacts » (name, function, organisation, email, phone), as the newsletter's editor and the
// process page edit them: the rows given and one empty row to add someone. Flat field names
// (`contact-0-nom`) read back by api/forms/contact-rows.ts.
import { MAX_CONTACTS } from '../../domain/newsletter';
import { html, type SafeHtml } from '../html';
import { inputField, type FieldErrors } from './fields';

export interface ContactRow {
  name: string;
  function: string;
  organisation: string;
  email: string;
  phone: string;
}

export function contactFields(contacts: ContactRow[], errors: FieldErrors, idPrefix = ''): SafeHtml {
  const rows = [...contacts, ...(contacts.length < MAX_CONTACTS ? [{ name: '', function: '', organisation: '', email: '', phone: '' }] : [])];
  return html`${rows.map(
    (c, i) => html`<fieldset class="contact"><legend>Contact ${i + 1}${i === contacts.length ? ' (nouveau : un cabinet, une co-coordination…)' : ''}</legend>
${inputField({ name: `contact-${i}-nom`, id: `${idPrefix}contact-${i}-nom`, label: 'Nom', value: c.name, errors })}
${inputField({ name: `contact-${i}-fonction`, id: `${idPrefix}contact-${i}-fonction`, label: 'Fonction', value: c.function, errors })}
${inputField({ name: `contact-${i}-structure`, id: `${idPrefix}contact-${i}-structure`, label: 'Structure', value: c.organisation, errors })}
${inputField({ name: `contact-${i}-courriel`, id: `${idPrefix}contact-${i}-courriel`, label: 'Adresse électronique', type: 'email', value: c.email, errors })}
${inputField({ name: `contact-${i}-telephone`, id: `${idPrefix}contact-${i}-telephone`, label: 'Téléphone', value: c.phone, errors })}
</fieldset>`,
  )}`;
}

/** Saved contacts as form rows. */
export const contactRowsOf = (contacts: { name: string; function: string | null; organisation: string | null; email: string; phone: string | null }[]): ContactRow[] =>
  contacts.map((c) => ({ name: c.name, function: c.function ?? '', organisation: c.organisation ?? '', email: c.email, phone: c.phone ?? '' }));
