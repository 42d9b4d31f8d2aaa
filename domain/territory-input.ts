// What a territory and its contacts are, as typed in a form or sent to the API: one schema each, shared
// by the API and the pages (and the CSV import for contacts).
import { bodiesSchema, contactGroupsSchema } from './governance';
import { identifierSchema } from './slug';
import { isValidTimeZone } from './time';
import { contactRoles } from './vocabulary';
import { z } from './zod';

const domainSlug = identifierSchema('petite-enfance');

/** How a name reads in a sentence: « la » Communauté…, « le » Pays…, « les » Communes…, « l’ »Agglo…, or none. */
export const nameArticles = ['la', 'le', 'les', 'l’', ''] as const;
const personFunction = z.string().trim().max(120);

const timeZone = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: 'fuseau horaire IANA inconnu (par exemple Europe/Paris, America/Cayenne)' });

export const territoryInputSchema = z
  .object({
    name: z.string().trim().min(3).max(200),
    /** Absent: guessed from the name (« Communauté… » → « la »). */
    nameArticle: z
      .string()
      .transform((v) => v.trim().replace("'", '’').toLowerCase())
      .pipe(z.enum(nameArticles, { error: 'attendu « la », « le », « les », « l’ » ou rien' }))
      .optional(),
    timezone: timeZone.default('Europe/Paris'),
    cafName: z.string().trim().min(3).max(200),
    coordinatorName: z.string().trim().min(2).max(200),
    coordinatorEmail: z.email({ error: 'adresse électronique invalide' }),
    /** As the person writes it (« Chargée de coopération CTG »): no email guesses anyone's title. */
    coordinatorFunction: personFunction.optional(),
    cafAdviserName: z.string().trim().min(2).max(200).optional(),
    cafAdviserEmail: z.email({ error: 'adresse électronique invalide' }).optional(),
    cafAdviserFunction: personFunction.optional(),
    /** The public pages (the Info flash) show the contacts' addresses and phones only when chosen. */
    publishContactDetails: z.boolean({ error: 'attendu true ou false' }).optional(),
    bodies: bodiesSchema.optional(),
    contactGroups: contactGroupsSchema.optional(),
    /** Before any process here: the last year of the territory's previous convention (its renewal is due before its end). */
    previousConventionEnd: z.coerce.number({ error: 'une année' }).int('une année').min(2000, 'une année entre 2000 et 2100').max(2100, 'une année entre 2000 et 2100').optional(),
  })
  .strict();
export type TerritoryInput = z.infer<typeof territoryInputSchema>;

/** A change to a territory: any of its fields; `null` clears an optional one. */
export const territoryChangesSchema = territoryInputSchema
  .partial()
  .extend({
    // No default here: a change that does not name the zone keeps it.
    timezone: timeZone.optional(),
    nameArticle: territoryInputSchema.shape.nameArticle.nullable(),
    coordinatorFunction: territoryInputSchema.shape.coordinatorFunction.nullable(),
    cafAdviserName: territoryInputSchema.shape.cafAdviserName.nullable(),
    cafAdviserEmail: territoryInputSchema.shape.cafAdviserEmail.nullable(),
    cafAdviserFunction: territoryInputSchema.shape.cafAdviserFunction.nullable(),
    previousConventionEnd: territoryInputSchema.shape.previousConventionEnd.nullable(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'aucune modification demandée' });
export type TerritoryChanges = z.infer<typeof territoryChangesSchema>;

/** Body members must be groups the territory has: each unknown one, named where it is. */
export function unknownBodyGroups(bodies: { members: { groups: string[] } }[], groups: { key: string }[]): { path: (string | number)[]; message: string }[] {
  const known = new Set(groups.map((g) => g.key));
  return bodies.flatMap((body, b) =>
    body.members.groups
      .map((group, g) => ({ group, g }))
      .filter(({ group }) => !known.has(group))
      .map(({ group, g }) => ({ path: ['bodies', b, 'members', 'groups', g], message: `groupe « ${group} » inconnu du territoire (ajoutez-le à contactGroups)` })),
  );
}

export const contactInputSchema = z
  .object({
    email: z.email({ error: 'adresse électronique invalide' }).transform((e) => e.toLowerCase()),
    fullName: z.string().trim().min(2).max(200),
    organisation: z.string().trim().max(200).optional(),
    /** What the person does in their organisation, as they write it. */
    function: personFunction.optional(),
    roles: z.array(z.enum(contactRoles)).min(1).default(['PARTENAIRE']),
    /** The territory's contact groups the person belongs to (keys; unknown ones are added to the territory). */
    groups: z.array(domainSlug).default([]),
    domains: z.array(domainSlug).default([]),
  })
  .strict();
export type ContactInput = z.infer<typeof contactInputSchema>;
