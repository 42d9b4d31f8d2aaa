// A coordinator's change to a step, as the API takes it and as the process page's form is read into:
// one set of rules, whichever door the change came by. The workflow's validators judge the rest (409).
import { audienceSchema, MAX_INTERVIEW_SLOTS, monthSchema, stepKeySchema } from './plan';
import { z } from './zod';

export const stepChangesSchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' }).nullable().optional(),
    durationMinutes: z.number().int().min(15).max(60 * 24 * 90).optional(),
    location: z.string().trim().min(1).max(300).nullable().optional(),
    onlineUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    audienceEmails: z.array(z.email({ error: 'adresse électronique invalide' })).max(50).optional(),
    /** While the day is unknown: the month (« 2027-04 »), or a span until `untilMonth`. */
    month: monthSchema.nullable().optional(),
    untilMonth: monthSchema.nullable().optional(),
    title: z.string().trim().min(3).max(200).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    audience: audienceSchema.partial().omit({ inviteesOf: true }).strict().optional(),
    dependsOn: z.array(stepKeySchema).max(100).optional(),
    inviteAfter: z.array(stepKeySchema).max(100).optional(),
    /** An interview campaign's slots: instants to add, and free ones to remove. */
    slots: z
      .object({
        add: z.array(z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' })).max(MAX_INTERVIEW_SLOTS).default([]),
        remove: z.array(z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' })).max(MAX_INTERVIEW_SLOTS).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'aucune modification demandée' })
  .refine((c) => !(c.startsAt && c.month), { path: ['month'], message: 'une date précise ou un mois, pas les deux' })
  .refine((c) => !(c.untilMonth && c.month && c.untilMonth < c.month), { path: ['untilMonth'], message: 'le mois de fin précède le mois de début' });

/** Cancelling a step: no reason is fine (an integrator may have none; the message reads well without); one given is 3 to 500 characters. */
const reasonLength = 'de 3 à 500 caractères';
export const cancelSchema = z.object({ reason: z.string().trim().min(3, reasonLength).max(500, reasonLength).optional() }).strict();
