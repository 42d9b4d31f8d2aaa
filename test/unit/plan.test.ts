import { demoPlan } from '../../domain/demo';
import { isInAudience, planSchema } from '../../domain/plan';
import { frenchPublicHolidays, planWarnings } from '../../domain/plan-warnings';

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

describe('plans of their own', () => {
  const own = (key: string, extra: object = {}) => ({ key, behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: `Étape ${key}`, ...extra });

  it('takes a behaviour without a standard kind, or derives it from the kind', () => {
    const plan = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [own('a', { behaviour: 'MILESTONE' }), step('b'), { ...step('c'), kind: 'ANALYSE_DOCUMENTAIRE' }] });
    expect(plan.steps.map((s) => s.behaviour)).toEqual(['MILESTONE', 'MEETING', 'TASK']);
    const missing = planSchema.safeParse({ periodStart: 2027, periodEnd: 2031, steps: [{ key: 'x', phase: 'DIAGNOSTIC', title: 'Sans comportement' }] });
    expect(missing.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['steps.0.behaviour: requis : l’un de MEETING, PUBLIC_MEETING, INTERVIEWS, SURVEY, TASK, MILESTONE, NEWSLETTER']);
  });

  it('dates a step to the month, or a span of months, until its day is known', () => {
    const plan = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [own('a', { month: '2027-04' }), own('b', { month: '2027-03', untilMonth: '2027-04' })] });
    expect(plan.steps[1]).toMatchObject({ month: '2027-03', untilMonth: '2027-04' });
    const refused = planSchema.safeParse({
      periodStart: 2027,
      periodEnd: 2031,
      steps: [own('a', { month: '2027-13' }), own('b', { month: '2027-04', startsAt: '2027-04-08T09:00:00+02:00' }), own('c', { month: '2027-05', untilMonth: '2027-04' }), own('d', { untilMonth: '2027-04' })],
    });
    expect(refused.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'steps.0.month: attendu un mois AAAA-MM, par exemple 2027-04',
      'steps.1.month: une date précise ou un mois, pas les deux',
      'steps.2.untilMonth: le mois de fin précède le mois de début',
      'steps.3.untilMonth: le mois de fin demande un mois de début (month)',
    ]);
  });

  it('checks « inviter seulement après » like an order: known steps, no cycles', () => {
    const refused = planSchema.safeParse({ periodStart: 2027, periodEnd: 2031, steps: [own('a', { inviteAfter: ['b'] }), own('b', { dependsOn: ['a'] }), own('c', { inviteAfter: ['zzz'] })] });
    expect(refused.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['steps.2.inviteAfter.0: étape « zzz » inconnue dans ce plan', 'steps: dépendances circulaires : a → b → a']);
  });
});

describe('plan warnings, not refusals', () => {
  const own = (key: string, extra: object = {}) => ({ key, behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: `Étape ${key}`, ...extra });
  const warningsOf = (steps: object[]) => planWarnings(planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps }), 'Europe/Paris').map((w) => `${w.step}.${w.field}: ${w.message}`);

  it('points at meetings on a weekend or a French public holiday, in the territory’s zone', () => {
    expect(
      warningsOf([
        own('samedi', { startsAt: '2027-04-10T09:00:00+02:00' }),
        own('ascension', { startsAt: '2027-05-06T09:00:00+02:00' }),
        own('lundi-paques', { startsAt: '2027-03-29T09:00:00+02:00' }),
        own('mardi', { startsAt: '2027-04-13T09:00:00+02:00' }),
        own('tache', { behaviour: 'TASK', startsAt: '2027-04-11T09:00:00+02:00' }),
      ]),
    ).toEqual([
      'samedi.startsAt: « Étape samedi » tombe un samedi : samedi 10 avril 2027.',
      'ascension.startsAt: « Étape ascension » tombe un jour férié (Ascension) : jeudi 6 mai 2027.',
      'lundi-paques.startsAt: « Étape lundi-paques » tombe un jour férié (lundi de Pâques) : lundi 29 mars 2027.',
    ]);
    expect(frenchPublicHolidays(2028).get('06-05')).toBe('lundi de Pentecôte');
  });

  it('points at a step planned before one it follows, only when it cannot be in order', () => {
    expect(
      warningsOf([
        own('restitution', { startsAt: '2027-02-23T09:00:00+01:00', dependsOn: ['enquete'] }),
        own('enquete', { month: '2027-03', untilMonth: '2027-04' }),
        own('copil', { month: '2027-04', dependsOn: ['enquete'] }),
      ]),
    ).toEqual(['restitution.dependsOn: « Étape restitution » est prévue avant « Étape enquete », qu’elle suit dans le plan.']);
  });
});
