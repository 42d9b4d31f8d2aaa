import { planSchema } from '../../domain/plan';
import { implementationSteps, standardPlan } from '../../domain/standard-plan';
import { compressedTimeline, nextTimeline, realTimeline, renewalInstant } from '../../domain/timeline';
import { formatFrenchDateRange } from '../../domain/time';
import { aubracAnswers } from '../fixtures/plans/aubrac-2023';
import { levezouAnswers, levezouDurations } from '../fixtures/plans/levezou-2022';

describe('the standard plan', () => {
  it('expresses the Lévezou seed: three working groups meeting twice at Ségur, on the newsletter’s dates', () => {
    const built = standardPlan(levezouAnswers);
    const plan = planSchema.parse({ ...built, steps: built.steps.map((s) => ({ ...s, durationMinutes: levezouDurations[s.key] ?? s.durationMinutes })) });
    const groups = plan.steps.filter((s) => s.kind === 'GROUPE_DE_TRAVAIL');
    expect(groups.map((s) => s.key)).toEqual([
      'gt-petite-enfance-1', 'gt-petite-enfance-2', 'gt-enfance-jeunesse-1', 'gt-enfance-jeunesse-2', 'gt-parentalite-1', 'gt-parentalite-2',
    ]);
    expect(groups.every((s) => s.location === 'Salle des fêtes de Ségur')).toBe(true);
    const when = (key: string) => {
      const step = plan.steps.find((s) => s.key === key)!;
      const start = new Date(step.startsAt!);
      return formatFrenchDateRange(start, new Date(start.getTime() + step.durationMinutes * 60_000), 'Europe/Paris');
    };
    expect(when('gt-petite-enfance-1')).toBe('jeudi 13 octobre 2022, de 9h30 à 12h30');
    expect(when('gt-enfance-jeunesse-2')).toBe('lundi 7 novembre 2022, de 14h à 17h');
    expect(when('gt-parentalite-2')).toBe('mardi 8 novembre 2022, de 9h à 13h');
    // the second session goes to those invited to the first, after it
    expect(plan.steps.find((s) => s.key === 'gt-parentalite-2')).toMatchObject({ session: 2, audience: { inviteesOf: 'gt-parentalite-1' }, dependsOn: ['gt-parentalite-1'] });
    expect(plan.steps.find((s) => s.key === 'gt-parentalite-1')!.audience.domains).toEqual(['parentalite', 'animation-vie-sociale']);
  });

  it('expresses the Aubrac seed: a renewal with twenty interviews and five thematic meetings in February 2023', () => {
    const plan = planSchema.parse(standardPlan(aubracAnswers));
    expect(plan.kind).toBe('RENOUVELLEMENT');
    expect(plan.steps.filter((s) => s.kind === 'ENTRETIEN_PARTENAIRE')).toHaveLength(20);
    const meetings = plan.steps.filter((s) => s.kind === 'RENCONTRE_THEMATIQUE');
    expect(meetings.map((s) => s.startsAt!.slice(0, 10))).toEqual(['2023-02-07', '2023-02-07', '2023-02-08', '2023-02-08', '2023-02-09']);
    expect(plan.steps.filter((s) => s.kind === 'GROUPE_DE_TRAVAIL')).toHaveLength(10);
    expect(plan.steps.find((s) => s.key === 'seminaire-elus')!.startsAt).toBe('2023-01-19T09:30:00+01:00');
    // undated steps are « à fixer »; the chain ends with the signature
    expect(plan.steps.find((s) => s.key === 'restitution-copil')!.startsAt).toBeUndefined();
    expect(plan.steps.at(-1)).toMatchObject({ key: 'signature', dependsOn: ['restitution-finale'] });
  });

  it('covers every phase 1 and 2 step kind, tasks without reminders', () => {
    const plan = planSchema.parse(standardPlan(levezouAnswers));
    expect(new Set(plan.steps.map((s) => s.kind))).toEqual(
      new Set(['SEMINAIRE_ELUS', 'LANCEMENT_PARTENAIRES', 'ANALYSE_DOCUMENTAIRE', 'ENTRETIEN_PARTENAIRE', 'RENCONTRE_THEMATIQUE', 'CONSULTATION_HABITANTS', 'RESTITUTION_COTECH', 'RESTITUTION_COPIL', 'DEFINITION_AXES', 'GROUPE_DE_TRAVAIL', 'REDACTION_CONVENTION', 'RESTITUTION_FINALE', 'SIGNATURE']),
    );
    expect(plan.steps.filter((s) => s.behaviour === 'TASK').every((s) => s.reminderDays.length === 0)).toBe(true);
  });

  it('carries each step’s behaviour and the seeds’ words as its description, true of this plan', () => {
    const plan = planSchema.parse(standardPlan(levezouAnswers));
    expect(plan.steps.every((s) => s.description && s.description.length > 20)).toBe(true);
    expect(plan.steps.find((s) => s.key === 'analyse-documentaire')).toMatchObject({ behaviour: 'TASK' });
    expect(plan.steps.find((s) => s.key === 'consultation-habitants')).toMatchObject({ behaviour: 'SURVEY' });
    expect(planSchema.parse(standardPlan({ ...levezouAnswers, forums: 1 })).steps.find((s) => s.key.startsWith('forum-'))).toMatchObject({ behaviour: 'PUBLIC_MEETING' });
    // « réuni à deux reprises » is said of working groups that this plan does hold twice.
    const groups = plan.steps.filter((s) => s.description?.includes('réuni à deux reprises'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(plan.steps.some((s) => s.audience.inviteesOf === group.key) || group.session === 2).toBe(true);
  });

  it('creates the yearly meetings of the territory’s own bodies, named as it names them', () => {
    const bodies = [
      { key: 'cofi', name: 'Comité des financeurs', description: 'Arbitre les cofinancements.', members: { roles: [], groups: ['financeurs'] }, meetsYearly: true },
      { key: 'bureau', name: 'Bureau communautaire', members: { roles: ['ELU' as const], groups: [] }, meetsYearly: false },
    ];
    const steps = implementationSteps({ years: [2028, 2029], finalYear: 2029, bodies });
    expect(steps.map((s) => [s.key, s.title, s.body ?? null])).toEqual([
      ['cofi-2028', 'Comité des financeurs 2028', 'cofi'],
      ['cofi-2029', 'Comité des financeurs 2029', 'cofi'],
      ['evaluation', 'Évaluation de la CTG', null],
    ]);
    expect(steps[0]).toMatchObject({ behaviour: 'MEETING', description: 'Arbitre les cofinancements.', audience: { roles: [], groups: ['financeurs'] } });
  });

  it('creates a COPIL and a COTECH per remaining year and the evaluation in the final year', () => {
    const steps = implementationSteps({ years: [2024, 2025, 2026], finalYear: 2026 });
    expect(steps.map((s) => `${s.key}@${s.year}`)).toEqual([
      'copil-2024@2024', 'cotech-2024@2024', 'copil-2025@2025', 'cotech-2025@2025', 'copil-2026@2026', 'cotech-2026@2026', 'evaluation@2026',
    ]);
  });
});

describe('timelines', () => {
  it('starts years on the 1st of January in the territory’s zone', () => {
    const paris = realTimeline(2023, 2026, 'Europe/Paris');
    expect(paris.periodStartsAt).toBe('2022-12-31T23:00:00.000Z');
    expect(paris.periodEndsAt).toBe('2026-12-31T23:00:00.000Z');
    expect(realTimeline(2023, 2026, 'America/Cayenne').yearStarts['2024']).toBe('2024-01-01T03:00:00.000Z');
  });

  it('renews nine months before the end, on the next period of the same length', () => {
    const timeline = realTimeline(2023, 2026, 'Europe/Paris');
    expect(new Date(renewalInstant(timeline, 9)).toISOString().slice(0, 10)).toBe('2026-04-01');
    expect(nextTimeline(timeline, 'Europe/Paris')).toMatchObject({ periodStart: 2027, periodEnd: 2030 });
    const fast = compressedTimeline(2026, 2027, new Date('2026-01-01T00:00:00Z'), 40);
    expect(fast.periodEndsAt).toBe(new Date(Date.parse('2026-01-01T00:00:00Z') + 730 * 40).toISOString());
    expect(nextTimeline(fast, 'Europe/Paris')).toMatchObject({ periodStart: 2028, periodEnd: 2029, periodStartsAt: fast.periodEndsAt, dayMs: 40 });
  });
});
