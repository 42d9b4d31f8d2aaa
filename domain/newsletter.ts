// An issue of a territory's newsletter, as its coordinator edits it: its name and number, an édito, free
// sections (a « zoom », a key figure), the contacts shown. What comes from the process (where it stands,
// the next meetings) is added when it is sent. A sent issue is frozen. Pure rules.
import { z } from './zod';

export const MAX_SECTIONS = 6;
export const MAX_CONTACTS = 8;

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus`);
const optional = (max: number) => text(max).optional().transform((v) => v || null);

export const newsletterSectionSchema = z.object({
  heading: text(120).min(2, 'le titre de la rubrique est obligatoire'),
  body: text(4_000),
  /** « 312 », « 87 % »: shown large, with its label (« réponses à l’enquête »). */
  figure: optional(20),
  figureLabel: optional(120),
});
export type NewsletterSection = z.infer<typeof newsletterSectionSchema>;

export const newsletterContactSchema = z.object({
  name: text(120).min(2, 'le nom est obligatoire'),
  function: optional(160),
  organisation: optional(160),
  email: z.string().trim().toLowerCase().pipe(z.email({ error: 'adresse électronique invalide' }).max(254)),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .()-]{6,25}$/, 'numéro de téléphone invalide (chiffres, espaces, points)')
    .optional()
    .or(z.literal(''))
    .transform((v) => v || null),
});
export type NewsletterContact = z.infer<typeof newsletterContactSchema>;

/** « Vos contacts » of a process's emails and pages, as its coordinator chose them (empty: the coordinator and the Caf adviser). */
export const shownContactsSchema = z.array(newsletterContactSchema).max(MAX_CONTACTS, `${MAX_CONTACTS} contacts au plus`);

export const newsletterEditSchema = z.object({
  title: text(60).min(2, 'le nom de la lettre est obligatoire (« Info flash », « Journal de la CTG »…)'),
  number: z.coerce.number({ error: 'un numéro entier' }).int('un numéro entier').min(1, 'à partir de 1').max(999, '999 au plus'),
  editorial: optional(6_000),
  sections: z.array(newsletterSectionSchema).max(MAX_SECTIONS, `${MAX_SECTIONS} rubriques au plus`),
  contacts: z.array(newsletterContactSchema).max(MAX_CONTACTS, `${MAX_CONTACTS} contacts au plus`),
  publishContactDetails: z.boolean(),
});
export type NewsletterEdit = z.infer<typeof newsletterEditSchema>;

/** A sent issue never changes; a scheduled one can still be edited (it is read when it leaves). */
export const isEditable = (status: 'DRAFT' | 'SCHEDULED' | 'SENT') => status !== 'SENT';

/** « Info flash n°3 » */
export const issueName = (issue: { title: string; number: number }) => `${issue.title} n°${issue.number}`;
