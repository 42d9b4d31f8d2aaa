import { demoPlan } from '../../domain/demo';
import { isInAudience, planSchema } from '../../domain/plan';

const step = (key: string, extra: object = {}) => ({ key, kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: `Rencontre ${key}`, ...extra });

describe('plan validation', () => {
  it('accepts the demo plan built from the Lévezou seed', () => {
    const plan = planSchema.parse(demoPlan(new Date('2026-11-23T10:00:00Z')));
    expect(plan.steps.map((s) => s.key)).toEqual([
      'lancement-partenaires',
      'gt-petite-enfance-1',
      'gt-enfance-jeunesse-1',
      'gt-parentalite-1',
    ]);
    expect(plan.steps[1]).toMatchObject({ startsAt: '2027-01-04T08:30:00.000Z', durationMinutes: 180 });
    expect(plan.steps[0]).toMatchObject({ invitationLeadDays: 21, audience: { roles: ['PARTENAIRE', 'ELU'], public: false } });
  });

  it('names the field and the reason for each mistake', () => {
    const result = planSchema.safeParse({
      periodStart: 2026,
      periodEnd: 2025,
      steps: [step('a', { dependsOn: ['b'] }), step('b', { dependsOn: ['a'] }), step('a'), step('c', { dependsOn: ['zzz'], startsAt: '2026-01-01 10:00' })],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'periodEnd: la fin de période précède son début',
        'steps.2.key: clé « a » en double',
        'steps.3.dependsOn.0: étape « zzz » inconnue dans ce plan',
        'steps.3.startsAt: attendu une date ISO 8601 avec fuseau',
      ]),
    );
  });

  it('finds circular dependencies', () => {
    const result = planSchema.safeParse({
      periodStart: 2026,
      periodEnd: 2030,
      steps: [step('a', { dependsOn: ['c'] }), step('b', { dependsOn: ['a'] }), step('c', { dependsOn: ['b'] })],
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['dépendances circulaires : a → c → b → a']);
  });

  it('refuses unknown fields rather than ignoring them', () => {
    const result = planSchema.safeParse({ periodStart: 2026, periodEnd: 2030, steps: [step('a', { date: 'demain' })] });
    expect(result.success).toBe(false);
  });
});

describe('audience', () => {
  const audience = (a: object) => planSchema.parse({ periodStart: 2026, periodEnd: 2030, steps: [step('a', { audience: a })] }).steps[0]!.audience;
  const partner = { email: 'rpe@example.org', roles: ['PARTENAIRE'], domains: ['petite-enfance'] };
  const elected = { email: 'maire@example.org', roles: ['ELU'], domains: [] };

  it('selects by role, then by thematic domain', () => {
    expect(isInAudience(audience({ roles: ['PARTENAIRE'] }), partner)).toBe(true);
    expect(isInAudience(audience({ roles: ['PARTENAIRE'] }), elected)).toBe(false);
    expect(isInAudience(audience({ roles: ['PARTENAIRE'], domains: ['enfance-jeunesse'] }), partner)).toBe(false);
    expect(isInAudience(audience({ roles: ['PARTENAIRE'], domains: ['petite-enfance'] }), partner)).toBe(true);
  });

  it('always includes named contacts, whatever the case of their address', () => {
    expect(isInAudience(audience({ emails: ['Maire@Example.org'] }), elected)).toBe(true);
  });
});
