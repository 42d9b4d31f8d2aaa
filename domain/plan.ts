// A territory's plan is data: phases and steps validated here, stored with the process, run by the
// workflows. Nothing in this file does I/O, so the API, the activities and the tests share it.
import { identifierSchema } from './slug';
import { z } from './zod';

export {
  behaviourOf,
  contactRoles,
  isMeeting,
  isWorkItem,
  phaseLabels,
  phases,
  stepBehaviourLabels,
  stepBehaviours,
  stepKinds,
  taskKinds,
  type ContactRole,
  type Phase,
  type StepBehaviour,
  type StepKind,
} from './vocabulary';
import { behaviourOfKind, contactRoles, phases, stepBehaviours, stepKinds } from './vocabulary';

const domainSlug = identifierSchema('petite-enfance');

/** Who is invited: contacts with one of the roles (optionally only those of some thematic domains), plus named contacts. */
export const audienceSchema = z.object({
  roles: z.array(z.enum(contactRoles)).default([]),
  /** The territory's own contact groups (agents, relais…), by key. */
  groups: z.array(domainSlug).default([]),
  domains: z.array(domainSlug).default([]),
  emails: z.array(z.email({ error: 'adresse électronique invalide' })).default([]),
  public: z.boolean().default(false),
  /** Everyone invited to that step (a working group's second session goes to those invited to the first). */
  inviteesOf: z.string().trim().min(1).max(60).optional(),
});
export type Audience = z.infer<typeof audienceSchema>;

export interface AudienceCandidate {
  email: string;
  roles: readonly string[];
  groups?: readonly string[];
  domains: readonly string[];
}

/** Named people always; otherwise one of the roles or groups, then (if any) one of the thematic domains. */
export function isInAudience(audience: Pick<Audience, 'roles' | 'domains' | 'emails'> & { groups?: readonly string[] }, contact: AudienceCandidate): boolean {
  const email = contact.email.toLowerCase();
  if (audience.emails.some((named) => named.toLowerCase() === email)) return true;
  const hasRole = contact.roles.some((role) => (audience.roles as readonly string[]).includes(role));
  const inGroup = (contact.groups ?? []).some((group) => (audience.groups ?? []).includes(group));
  if (!hasRole && !inGroup) return false;
  return audience.domains.length === 0 || contact.domains.some((d) => audience.domains.includes(d));
}

export const stepKeySchema = identifierSchema('gt-petite-enfance-1', 60);

/** A calendar month, « 2027-04 »: a step known only to the month until its day is fixed. */
/** How long a step lasts when its plan does not say: a meeting, and each interview of a campaign. */
export const MEETING_MINUTES = 180;
export const INTERVIEW_MINUTES = 60;

/** Enough for a campaign of weeks of interviews, few enough to list on one page. */
export const MAX_INTERVIEW_SLOTS = 200;

export const monthSchema = z.string().trim().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'attendu un mois AAAA-MM, par exemple 2027-04');

export const planStepSchema = z
  .object({
    key: stepKeySchema,
    /** What the workflows run (meeting, public meeting, survey, task, milestone). */
    behaviour: z.enum(stepBehaviours, { error: `attendu l’un de : ${stepBehaviours.join(', ')}` }).optional(),
    /** Which step of the standard plan this is, if any (plans written before behaviours: its behaviour). */
    kind: z.enum(stepKinds).optional(),
    phase: z.enum(phases),
    title: z.string().trim().min(3).max(200),
    /** Purpose, agenda, what to bring: the step's own words, in every email, page and calendar file. */
    description: z.string().trim().max(2000).optional(),
    /** A meeting of one of the territory's governance bodies (by key): its members are invited too. */
    body: domainSlug.optional(),
    audience: audienceSchema.default({ roles: [], groups: [], domains: [], emails: [], public: false }),
    /** An instant with its offset (2022-10-13T09:30:00+02:00); absent means « date à fixer ». */
    startsAt: z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' }).optional(),
    /** Until its day is known: the month it is planned for (« avril 2027 »)… */
    month: monthSchema.optional(),
    /** …or a span of months (« mars – avril 2027 »), from `month` to this one. */
    untilMonth: monthSchema.optional(),
    /** Unset: 3 hours for a meeting, an hour for each interview of a campaign. */
    durationMinutes: z.number().int().min(15).max(60 * 24 * 90).optional(),
    location: z.string().trim().min(1).max(300).optional(),
    onlineUrl: z.url({ protocol: /^https?$/ }).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
    invitationLeadDays: z.number().int().min(0).max(365).default(21),
    /** Reminders before the meeting (before the closing, for a survey); [] turns them off. */
    reminderDays: z
      .array(z.number().int().min(1).max(90))
      .max(5)
      .default([7, 1])
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
    /** Steps that come before this one: dates checked against them, lateness reported; invitations not held back. */
    dependsOn: z.array(stepKeySchema).default([]),
    /** « Inviter seulement après l’étape X »: this step's invitations wait until those steps are over. */
    inviteAfter: z.array(stepKeySchema).default([]),
    /** For a meeting held in several sessions: which one. */
    session: z.union([z.literal(1), z.literal(2)]).optional(),
    /** For an interview campaign: the time slots proposed (each lasts `durationMinutes`); the campaign runs from the first to the last. */
    slots: z.array(z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' })).max(MAX_INTERVIEW_SLOTS).optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (!step.behaviour && !step.kind) ctx.addIssue({ code: 'custom', path: ['behaviour'], message: `requis : l’un de ${stepBehaviours.join(', ')}` });
    const behaviour = step.behaviour ?? (step.kind ? behaviourOfKind[step.kind] : undefined);
    if (behaviour === 'INTERVIEWS') {
      if (step.startsAt) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'une campagne d’entretiens est datée par ses créneaux : proposez des créneaux plutôt qu’une date' });
      if (step.capacity !== undefined) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'un entretien réunit une personne par créneau : pas de capacité à indiquer' });
      if (step.audience.public) ctx.addIssue({ code: 'custom', path: ['audience', 'public'], message: 'une campagne d’entretiens n’est pas ouverte au public : indiquez qui rencontrer' });
      const seen = new Set<number>();
      (step.slots ?? []).forEach((slot, index) => {
        const instant = Date.parse(slot);
        if (seen.has(instant)) ctx.addIssue({ code: 'custom', path: ['slots', index], message: 'créneau en double' });
        seen.add(instant);
      });

    } else if (step.slots?.length) {
      ctx.addIssue({ code: 'custom', path: ['slots'], message: 'seule une campagne d’entretiens propose des créneaux' });
    }
    if (step.startsAt && step.month) ctx.addIssue({ code: 'custom', path: ['month'], message: 'une date précise ou un mois, pas les deux' });
    if (step.untilMonth && !step.month) ctx.addIssue({ code: 'custom', path: ['untilMonth'], message: 'le mois de fin demande un mois de début (month)' });
    if (step.untilMonth && step.month && step.untilMonth < step.month) ctx.addIssue({ code: 'custom', path: ['untilMonth'], message: 'le mois de fin précède le mois de début' });
  })
  .transform(({ behaviour, ...step }) => ({
    ...step,
    behaviour: behaviour ?? behaviourOfKind[step.kind!],
    durationMinutes: step.durationMinutes ?? ((behaviour ?? behaviourOfKind[step.kind!]) === 'INTERVIEWS' ? INTERVIEW_MINUTES : MEETING_MINUTES),
    ...(step.slots ? { slots: [...step.slots].sort((a, b) => Date.parse(a) - Date.parse(b)) } : {}),
  }));
export type PlanStep = z.infer<typeof planStepSchema>;

/** A process's own names for the phases (they keep their meaning), e.g. « Étape 1 – Le portrait du territoire ». */
export const phaseLabelsSchema = z.partialRecord(z.enum(phases), z.string().trim().min(3).max(80));

/** A convention's kind and years, the same for a plan and for the standard plan's answers. */
export const conventionPeriodShape = {
  kind: z.enum(['ELABORATION', 'RENOUVELLEMENT']).default('ELABORATION'),
  periodStart: z.number().int().min(2000).max(2100),
  periodEnd: z.number().int().min(2000).max(2100),
};

export const planSchema = z
  .object({
    ...conventionPeriodShape,
    steps: z.array(planStepSchema).min(1).max(500),
    renewalLeadMonths: z.number().int().min(1).max(36).default(9),
    /** This process's own names for the phases (they keep their meaning), e.g. « Étape 1 – Le portrait du territoire ». */
    phaseLabels: phaseLabelsSchema.optional(),
    nudgeEveryDays: z.number().int().min(1).max(60).default(7),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.periodEnd < plan.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'la fin de période précède son début' });
    }
    const keys = new Set<string>();
    plan.steps.forEach((step, index) => {
      if (keys.has(step.key)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'key'], message: `clé « ${step.key} » en double` });
      }
      keys.add(step.key);
    });
    plan.steps.forEach((step, index) => {
      step.dependsOn.forEach((dependency, d) => {
        if (!keys.has(dependency) || dependency === step.key) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'dependsOn', d],
            message: `étape « ${dependency} » inconnue dans ce plan`,
          });
        }
      });
    });
    plan.steps.forEach((step, index) => {
      step.inviteAfter.forEach((key, d) => {
        if (!keys.has(key) || key === step.key) {
          ctx.addIssue({ code: 'custom', path: ['steps', index, 'inviteAfter', d], message: `étape « ${key} » inconnue dans ce plan` });
        }
      });
    });
    plan.steps.forEach((step, index) => {
      const source = step.audience.inviteesOf;
      if (source !== undefined && (!keys.has(source) || source === step.key)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'audience', 'inviteesOf'], message: `étape « ${source} » inconnue dans ce plan` });
      }
    });
    const cycle = findCycle(plan.steps);
    if (cycle) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `dépendances circulaires : ${cycle.join(' → ')}` });
    }
  });
export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;

/** What a step waits for, in any way: the steps it follows, those it invites after, the one whose invitees it invites. */
export function predecessorsOf(step: Pick<PlanStep, 'dependsOn' | 'inviteAfter' | 'audience'>): string[] {
  return [...new Set([...step.dependsOn, ...step.inviteAfter, ...(step.audience.inviteesOf ? [step.audience.inviteesOf] : [])])];
}

function findCycle(steps: readonly Pick<PlanStep, 'key' | 'dependsOn' | 'inviteAfter' | 'audience'>[]): string[] | null {
  const byKey = new Map(steps.map((s) => [s.key, { key: s.key, dependsOn: predecessorsOf(s) }]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...trail.slice(trail.indexOf(key)), key];
    state.set(key, 'visiting');
    trail.push(key);
    for (const dependency of byKey.get(key)?.dependsOn ?? []) {
      if (!byKey.has(dependency)) continue;
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(key, 'done');
    return null;
  };
  for (const step of steps) {
    const cycle = visit(step.key);
    if (cycle) return cycle;
  }
  return null;
}
