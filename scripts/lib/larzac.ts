// The Larzac et Vallées convention (from the seeds) as the lifecycle test and the bench run it: its
// territory and partners, and its standard plan dated on a compressed timeline.
import { planSchema, type Plan, type PlanStep } from '../../domain/plan';
import { standardPlan, type TemplateAnswersInput } from '../../domain/standard-plan';
import { compressedTimeline, type Timeline } from '../../domain/timeline';

export const larzacTerritory = {
  name: 'Communauté de Communes Larzac et Vallées',
  cafName: 'Caf de l’Aveyron',
  coordinatorName: 'Edwige Delcros',
  coordinatorEmail: 'delcros.e@cclarzac.example.org',
  cafAdviserName: 'Hélène Ricard',
  cafAdviserEmail: 'helene.ricard@caf12.example.org',
};

export const larzacContacts = [
  { email: 'maire@nant.example.org', fullName: 'Didier Roques', roles: ['ELU', 'COPIL'] },
  { email: 'maire@cornus.example.org', fullName: 'Sylvie Gaubert', roles: ['ELU'] },
  { email: 'rpe@larzac.example.org', fullName: 'Anne Carrière', organisation: 'Relais Petite Enfance', roles: ['PARTENAIRE'], domains: ['petite-enfance'] },
  { email: 'alsh@larzac.example.org', fullName: 'Bruno Alibert', organisation: 'Accueil de loisirs', roles: ['PARTENAIRE', 'COTECH'], domains: ['enfance-jeunesse'] },
  { email: 'centre-social@larzac.example.org', fullName: 'Chantal Fabre', organisation: 'Centre social', roles: ['PARTENAIRE'], domains: ['parentalite'] },
];

/** The one partner the lifecycle's one-to-one interview invites (the plan's `entretien-1`), and its audience. */
export const larzacInterviewee = { email: 'entretien@caf12.example.org', fullName: 'Paul Entretien', organisation: 'Département', roles: ['PARTENAIRE'] };
export const intervieweeAudience = { roles: [], groups: [], domains: [], emails: [larzacInterviewee.email], public: false };

/** The standard plan's answers for a convention of `years` years from 2026. */
export function larzacAnswers(years: number) {
  return {
    periodStart: 2026,
    periodEnd: 2026 + years - 1,
    themes: [
      { key: 'petite-enfance', title: 'Petite enfance' },
      { key: 'enfance-jeunesse', title: 'Enfance - jeunesse' },
    ],
    interviews: 1,
    thematicMeetings: 1,
    forums: 1,
    location: 'Salle des fêtes de Nant',
  };
}

/** A timeline whose days last `dayMs` milliseconds, starting now. */
export function fastTimeline(dayMs: number, periodStart = 2026, periodEnd = periodStart + 1, startsIn = 500): Timeline {
  // Whole seconds, as calendar files write them.
  return compressedTimeline(periodStart, periodEnd, new Date(Math.ceil((Date.now() + startsIn) / 1000) * 1000), dayMs);
}

/** An instant `days` compressed days after the timeline's start. */
export const dayOf = (timeline: Timeline, days: number) => new Date(Date.parse(timeline.periodStartsAt) + days * timeline.dayMs).toISOString();

// The days of the lifecycle test's standard plan (and the bench's five-year run), in compressed days
// (tasks: their due date). Dependent steps are 15-20 days
// (1.5-2 s) apart: the dev server may fire a timer up to a second late, and a meeting whose date passes
// before it could be announced is flagged late and waits for the coordinator.
export const lifecycleDays: Record<string, number> = {
  'seminaire-elus': 40,
  'lancement-partenaires': 42,
  'analyse-documentaire': 80,
  'entretien-1': 60,
  'rencontre-thematique-1': 62,
  'consultation-habitants': 50, // a 28-day window: closes on day 78, well before the restitution
  'forum-habitants-1': 65,
  'restitution-cotech': 95,
  'restitution-copil': 115,
  'definition-axes': 135,
  'gt-petite-enfance-1': 155,
  'gt-enfance-jeunesse-1': 155,
  'gt-petite-enfance-2': 175,
  'gt-enfance-jeunesse-2': 175,
  'redaction-convention': 195,
  'restitution-finale': 215,
  signature: 235,
};

/** The standard plan with each step given a date (in compressed days) — steps absent from `days` stay « à fixer ». */
export function datedStandardPlan(answers: TemplateAnswersInput, timeline: Timeline, days: Record<string, number>, tweak: (step: PlanStep) => Partial<PlanStep> = () => ({})): Plan {
  const plan = planSchema.parse(standardPlan(answers));
  return {
    ...plan,
    steps: plan.steps.map((step) => ({
      ...step,
      ...(days[step.key] !== undefined ? { startsAt: dayOf(timeline, days[step.key]!) } : {}),
      ...tweak(step),
    })),
  };
}
