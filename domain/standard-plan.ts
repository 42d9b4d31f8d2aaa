// The standard CTG plan, as the seed newsletters describe it, built from a few answers. The coordinator
// then adds, removes and changes steps: the result is ordinary plan data (domain/plan.ts). The seeds'
// sentences about each step are its steps' descriptions (domain/standard-descriptions.ts).
import { conventionPeriodShape, type PlanInput, type PlanStep } from './plan';
import type { StepKind } from './vocabulary';
import { standardBodies, type GovernanceBody } from './governance';
import { behaviourOfKind } from './vocabulary';
import { identifierSchema } from './slug';
import { z } from './zod';
import { standardDescription, standardDescriptions } from './standard-descriptions';

const slug = identifierSchema('petite-enfance');
const instant = z.iso.datetime({ offset: true, error: 'attendu une date ISO 8601 avec fuseau' });

export const themeSchema = z.object({
  key: slug,
  title: z.string().trim().min(3).max(120),
  /** Thematic domains of the partners invited; defaults to the theme's key. */
  domains: z.array(slug).optional(),
  /** Working group sessions, when already known (the seeds give both dates). */
  sessions: z.array(instant).max(2).optional(),
});

export const templateAnswersSchema = z
  .object({
    ...conventionPeriodShape,
    themes: z.array(themeSchema).min(1).max(8),
    interviews: z.number().int().min(0).max(30).default(10),
    thematicMeetings: z.number().int().min(0).max(8).default(2),
    forums: z.number().int().min(0).max(6).default(2),
    survey: z.boolean().default(true),
    /** Place of the collective meetings, when it is always the same. */
    location: z.string().trim().min(1).max(300).optional(),
    /** Known first dates; every other step starts « date à fixer ». */
    dates: z
      .object({
        seminaireElus: instant.optional(),
        lancementPartenaires: instant.optional(),
        rencontresThematiques: z.array(instant).max(8).optional(),
      })
      .default({}),
  })
  .strict();
export type TemplateAnswers = z.infer<typeof templateAnswersSchema>;
export type TemplateAnswersInput = z.input<typeof templateAnswersSchema>;

type StepInput = PlanInput['steps'][number];

/** Themes of the seeds (Lévezou, Aubrac, Larzac); handicap and accès aux droits are transversal. */
export const seedThemes = {
  petiteEnfance: { key: 'petite-enfance', title: 'Petite enfance' },
  enfanceJeunesse: { key: 'enfance-jeunesse', title: 'Enfance - jeunesse' },
  parentalite: { key: 'parentalite', title: 'Parentalité et animation de la vie sociale', domains: ['parentalite', 'animation-vie-sociale'] },
} as const;

export function standardPlan(input: TemplateAnswersInput): PlanInput {
  const answers = templateAnswersSchema.parse(input);
  const place = answers.location ? { location: answers.location } : {};
  const steps: StepInput[] = [];
  // Each standard step carries its behaviour and the seeds' description: plain data from here on.
  const add = (step: StepInput & { kind: StepKind }) => {
    steps.push({ behaviour: behaviourOfKind[step.kind], description: standardDescription(step.kind, step.session), ...step });
    return step.key;
  };

  // Phase 1 — diagnostic partagé
  const seminaire = add({
    key: 'seminaire-elus',
    kind: 'SEMINAIRE_ELUS',
    phase: 'DIAGNOSTIC',
    title: 'Lancement et séminaire avec les élus',
    audience: { roles: ['ELU'] },
    startsAt: answers.dates.seminaireElus,
    ...place,
  });
  const lancement = add({
    key: 'lancement-partenaires',
    kind: 'LANCEMENT_PARTENAIRES',
    phase: 'DIAGNOSTIC',
    title: 'Lancement partenaires',
    audience: { roles: ['PARTENAIRE'] },
    startsAt: answers.dates.lancementPartenaires,
    ...place,
  });
  const analyse = add({
    key: 'analyse-documentaire',
    kind: 'ANALYSE_DOCUMENTAIRE',
    phase: 'DIAGNOSTIC',
    title: 'Analyse documentaire et statistique / exploitation des données',
    reminderDays: [],
  });
  const diagnosticWork: string[] = [analyse];
  for (let i = 1; i <= answers.interviews; i += 1) {
    diagnosticWork.push(
      add({
        key: `entretien-${i}`,
        kind: 'ENTRETIEN_PARTENAIRE',
        phase: 'DIAGNOSTIC',
        title: `Entretien partenaire clé n°${i}`,
        durationMinutes: 90,
        invitationLeadDays: 14,
        reminderDays: [1],
        dependsOn: [lancement],
      }),
    );
  }
  for (let i = 1; i <= answers.thematicMeetings; i += 1) {
    diagnosticWork.push(
      add({
        key: `rencontre-thematique-${i}`,
        kind: 'RENCONTRE_THEMATIQUE',
        phase: 'DIAGNOSTIC',
        title: `Rencontre thématique avec les acteurs locaux n°${i}`,
        audience: { roles: ['PARTENAIRE'] },
        startsAt: answers.dates.rencontresThematiques?.[i - 1],
        dependsOn: [lancement],
        ...place,
      }),
    );
  }
  if (answers.survey) {
    diagnosticWork.push(
      add({
        key: 'consultation-habitants',
        kind: 'CONSULTATION_HABITANTS',
        phase: 'DIAGNOSTIC',
        title: 'Consultation des habitants (enquête en ligne)',
        audience: { roles: ['PARTENAIRE', 'ELU'] },
        durationMinutes: 28 * 24 * 60,
        invitationLeadDays: 0,
        reminderDays: [7],
        dependsOn: [lancement],
      }),
    );
  }
  for (let i = 1; i <= answers.forums; i += 1) {
    diagnosticWork.push(
      add({
        key: `forum-habitants-${i}`,
        kind: 'FORUM_HABITANTS',
        phase: 'DIAGNOSTIC',
        title: `Forum habitants n°${i}`,
        audience: { roles: ['PARTENAIRE', 'ELU'], public: true },
        durationMinutes: 120,
        dependsOn: [lancement],
      }),
    );
  }
  const cotech = add({
    key: 'restitution-cotech',
    kind: 'RESTITUTION_COTECH',
    phase: 'DIAGNOSTIC',
    title: 'Comité technique : analyse et approfondissement des enseignements',
    body: 'cotech',
    audience: { roles: ['COTECH'] },
    dependsOn: [seminaire, ...diagnosticWork],
  });
  const copil = add({
    key: 'restitution-copil',
    kind: 'RESTITUTION_COPIL',
    phase: 'DIAGNOSTIC',
    title: 'Comité de pilotage : restitution du diagnostic partagé',
    body: 'copil',
    audience: { roles: ['COPIL'] },
    dependsOn: [cotech],
  });

  // Phase 2 — stratégie et plan d'actions
  const axes = add({
    key: 'definition-axes',
    kind: 'DEFINITION_AXES',
    phase: 'PLAN_ACTIONS',
    title: 'Définition des axes d’intervention prioritaires et de la gouvernance',
    audience: { roles: ['COPIL', 'COTECH'] },
    dependsOn: [copil],
  });
  const secondSessions: string[] = [];
  for (const theme of answers.themes) {
    const audience = { roles: ['PARTENAIRE' as const], domains: theme.domains ?? [theme.key] };
    const first = add({
      key: `gt-${theme.key}-1`,
      kind: 'GROUPE_DE_TRAVAIL',
      phase: 'PLAN_ACTIONS',
      title: `Groupe de travail ${theme.title} (1re séance)`,
      audience,
      session: 1,
      startsAt: theme.sessions?.[0],
      dependsOn: [axes],
      ...place,
    });
    secondSessions.push(
      add({
        key: `gt-${theme.key}-2`,
        kind: 'GROUPE_DE_TRAVAIL',
        phase: 'PLAN_ACTIONS',
        title: `Groupe de travail ${theme.title} (2e séance)`,
        audience: { inviteesOf: first },
        session: 2,
        startsAt: theme.sessions?.[1],
        dependsOn: [first],
        ...place,
      }),
    );
  }
  const redaction = add({
    key: 'redaction-convention',
    kind: 'REDACTION_CONVENTION',
    phase: 'PLAN_ACTIONS',
    title: 'Rédaction de la Convention',
    reminderDays: [],
    dependsOn: secondSessions.length ? secondSessions : [axes],
  });
  const finale = add({
    key: 'restitution-finale',
    kind: 'RESTITUTION_FINALE',
    phase: 'PLAN_ACTIONS',
    title: 'Restitution finale au comité de pilotage',
    body: 'copil',
    audience: { roles: ['COPIL'] },
    dependsOn: [redaction],
  });
  add({
    key: 'signature',
    kind: 'SIGNATURE',
    phase: 'PLAN_ACTIONS',
    title: 'Signature de la Convention Territoriale Globale',
    audience: { roles: ['ELU', 'COPIL'] },
    durationMinutes: 90,
    dependsOn: [finale],
  });

  return { kind: answers.kind, periodStart: answers.periodStart, periodEnd: answers.periodEnd, steps };
}

/**
 * The steps of the mise en œuvre, created once the convention is built: a meeting of each of the
 * territory's bodies that meets yearly, for each remaining year of the period (named as the territory
 * names it), and an evaluation in the final year.
 */
export function implementationSteps(options: { years: number[]; finalYear: number; bodies?: GovernanceBody[] }): (PlanStep & { year: number })[] {
  const base = { audience: { roles: [], groups: [], domains: [], emails: [], public: false }, durationMinutes: 180, invitationLeadDays: 21, reminderDays: [7, 1], dependsOn: [], inviteAfter: [] };
  const steps: (PlanStep & { year: number })[] = [];
  const yearly = (options.bodies ?? standardBodies).filter((body) => body.meetsYearly);
  for (const year of options.years) {
    for (const body of yearly) {
      steps.push({
        ...base,
        behaviour: 'MEETING',
        year,
        key: `${body.key}-${year}`,
        phase: 'MISE_EN_OEUVRE',
        title: `${body.name} ${year}`,
        ...(body.description ? { description: body.description } : {}),
        body: body.key,
        audience: { ...base.audience, roles: [...body.members.roles], groups: [...body.members.groups] },
      });
    }
  }
  steps.push({ ...base, kind: 'EVALUATION', behaviour: 'TASK', description: standardDescriptions.EVALUATION, year: options.finalYear, key: 'evaluation', phase: 'MISE_EN_OEUVRE', title: `Évaluation de la CTG`, reminderDays: [] });
  return steps;
}
