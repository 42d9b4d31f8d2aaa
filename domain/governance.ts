// A territory's own governance and groups, as data: the bodies that steer its CTG (whatever it calls
// them: « Comité de pilotage (COPIL) », « Comité des financeurs »…), which committee steps and the yearly
// mise en œuvre meetings refer to, and the contact groups beyond the four fixed roles (agents, relais,
// bureau d'études…) that audiences and the CSV import use. Pure rules.
import { identifierSchema, slugOf } from './slug';
import { contactRoles } from './vocabulary';
import { z } from './zod';

const slug = identifierSchema('comite-financeurs', 40);

/** Who sits on a body: contacts with one of these roles or in one of these groups. */
export const membersSchema = z
  .object({
    roles: z.array(z.enum(contactRoles)).default([]),
    groups: z.array(slug).default([]),
  })
  .strict();

export const bodySchema = z
  .object({
    key: slug,
    /** As the territory writes it: « Comité de pilotage », « Comité des financeurs ». */
    name: z.string().trim().min(3).max(120),
    /** « COPIL », « CoFi »: used in short titles when given. */
    shortName: z.string().trim().max(20).optional(),
    /** What it is for, in the territory's words: the description of its meetings. */
    description: z.string().trim().max(1000).optional(),
    members: membersSchema.default({ roles: [], groups: [] }),
    /** Meets once a year during the mise en œuvre: one step a year is created for it. */
    meetsYearly: z.boolean().default(false),
  })
  .strict();
export type GovernanceBody = z.infer<typeof bodySchema>;

export const contactGroupSchema = z
  .object({
    key: slug,
    label: z.string().trim().min(2).max(80),
  })
  .strict();
export type ContactGroup = z.infer<typeof contactGroupSchema>;

/** A list whose keys are unique: a second one is refused where it stands, naming what it is. */
const uniqueKeys =
  (what: string) =>
  (items: { key: string }[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `${what} « ${item.key} » en double` });
      seen.add(item.key);
    });
  };

export const bodiesSchema = z.array(bodySchema).max(20).superRefine(uniqueKeys('instance'));

export const contactGroupsSchema = z.array(contactGroupSchema).max(50).superRefine(uniqueKeys('groupe'));

/** The seeds' two committees: what a territory has until it names its own. */
export const standardBodies: GovernanceBody[] = [
  {
    key: 'copil',
    name: 'Comité de pilotage',
    shortName: 'COPIL',
    description:
      'Instance de décision, le comité de pilotage définit la stratégie, identifie les moyens mobilisables, arbitre et évalue le bon déroulement de la CTG.',
    members: { roles: ['COPIL'], groups: [] },
    meetsYearly: true,
  },
  {
    key: 'cotech',
    name: 'Comité technique',
    shortName: 'COTECH',
    description: 'Le comité technique veille à la concrétisation des actions et à leur articulation, et identifie les difficultés de mise en œuvre.',
    members: { roles: ['COTECH'], groups: [] },
    meetsYearly: true,
  },
];

/** The territory's bodies as stored (JSON), or the standard two when it named none. */
export function bodiesOf(stored: unknown): GovernanceBody[] {
  const parsed = bodiesSchema.safeParse(stored ?? []);
  return parsed.success && parsed.data.length > 0 ? parsed.data : standardBodies;
}

export function contactGroupsOf(stored: unknown): ContactGroup[] {
  const parsed = contactGroupsSchema.safeParse(stored ?? []);
  return parsed.success ? parsed.data : [];
}

/** A group key from what a spreadsheet says (« Relais petite enfance » → relais-petite-enfance). */
export const groupKeyOf = (label: string): string => slugOf(label);

/** A step's audience with the members of the body it is a meeting of (roles and groups added). */
export function withBody<A extends { roles: readonly string[]; groups?: readonly string[] }>(audience: A, bodyKey: string | null | undefined, bodies: GovernanceBody[]): A {
  const body = bodyKey ? bodies.find((b) => b.key === bodyKey) : undefined;
  if (!body) return audience;
  return {
    ...audience,
    roles: [...new Set([...audience.roles, ...body.members.roles])],
    groups: [...new Set([...(audience.groups ?? []), ...body.members.groups])],
  };
}
