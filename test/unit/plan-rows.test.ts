import { planFromCsv, planToCsv } from '../../domain/plan-csv';
import { blankRow, planToValues, valuesToPlan, type PlanDraftValues } from '../../domain/plan-rows';
import { planSchema } from '../../domain/plan';
import { standardPlan } from '../../domain/standard-plan';

const zone = 'Europe/Paris';
const row = (extra: Partial<ReturnType<typeof blankRow>>) => ({ ...blankRow(), ...extra });

describe('a plan typed in rows', () => {
  const values: PlanDraftValues = {
    periodStart: '2027',
    periodEnd: '2031',
    phaseLabels: { DIAGNOSTIC: 'Le portrait du territoire' },
    steps: [
      row({ title: 'Table ronde mobilité', description: 'Une seule séance.', date: '2027-03-18T09:30', roles: ['PARTENAIRE'], groups: 'agents, relais', reminderDays: '7' }),
      row({ title: 'Délibération du conseil', behaviour: 'MILESTONE', phase: 'PLAN_ACTIONS', month: '2027-06', reminderDays: '', dependsOn: 'table-ronde-mobilite' }),
      row({ title: '' }), // a blank card: ignored
    ],
  };

  it('reads into the plan the API launches, keys made from titles, dates in the territory’s zone', () => {
    const result = valuesToPlan(values, zone);
    expect('plan' in result).toBe(true);
    if (!('plan' in result)) return;
    expect(result.plan.phaseLabels).toEqual({ DIAGNOSTIC: 'Le portrait du territoire' });
    expect(result.plan.steps.map((s) => [s.key, s.behaviour, s.startsAt ?? s.month])).toEqual([
      ['table-ronde-mobilite', 'MEETING', '2027-03-18T09:30:00+01:00'],
      ['deliberation-du-conseil', 'MILESTONE', '2027-06'],
    ]);
    expect(result.plan.steps[0]).toMatchObject({ description: 'Une seule séance.', audience: { roles: ['PARTENAIRE'], groups: ['agents', 'relais'] }, reminderDays: [7] });
    expect(result.plan.steps[1]).toMatchObject({ dependsOn: ['table-ronde-mobilite'], reminderDays: [] });
  });

  it('names each refusal by row and field', () => {
    const bad: PlanDraftValues = {
      ...values,
      periodEnd: '2020',
      steps: [row({ title: 'A', date: '2027-02-30T09:00' }), row({ title: 'Réunion', month: '2027-6', capacity: 'beaucoup' }), row({ title: 'Suite', inviteAfter: 'inconnue' })],
    };
    const result = valuesToPlan(bad, zone);
    expect('errors' in result && result.errors).toEqual({
      's0.date': 'date et heure invalides (jj/mm/aaaa hh:mm)',
      's1.capacity': 'attendu un nombre entier',
      's0.title': expect.stringMatching(/3/),
      's1.month': 'attendu un mois AAAA-MM, par exemple 2027-04',
      's2.inviteAfter': 'étape « inconnue » inconnue dans ce plan',
      periodEnd: 'la fin de période précède son début',
    });
  });

  it('goes to rows and back without loss, the standard plan included', () => {
    const plan = planSchema.parse(standardPlan({ periodStart: 2027, periodEnd: 2031, themes: [{ key: 'petite-enfance', title: 'Petite enfance' }], interviews: 2, dates: { lancementPartenaires: '2027-01-14T09:30:00+01:00' } }));
    const back = valuesToPlan(planToValues(plan, zone), zone);
    expect('plan' in back && back.plan.steps).toEqual(plan.steps.map((s) => ({ ...s, kind: undefined, startsAt: s.startsAt ? '2027-01-14T09:30:00+01:00' : undefined })).map(({ kind: _k, ...s }) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined))));
  });
});

describe('a plan as a spreadsheet', () => {
  it('exports French headers and words, and imports them back', () => {
    const rows = [
      { ...blankRow(), key: 'table-ronde', title: 'Table ronde ; mobilité', description: 'Ligne 1\nLigne 2', date: '2027-03-18T09:30', roles: ['PARTENAIRE', 'ELU'], isPublic: true },
      { ...blankRow(), key: 'deliberation', title: 'Délibération', behaviour: 'MILESTONE', phase: 'PLAN_ACTIONS', month: '2027-06' },
    ];
    const csv = planToCsv(rows);
    expect(csv.startsWith('\uFEFFclé;comportement;titre;description;phase;date;mois')).toBe(true);
    expect(csv).toContain('table-ronde;Rencontre sur invitation;"Table ronde ; mobilité";"Ligne 1\nLigne 2";Phase 1 – Diagnostic partagé;2027-03-18 09:30');
    expect(csv).toContain('deliberation;Jalon (décision, signature);Délibération;;Phase 2 – Stratégie et plan d’actions;;2027-06');
    const back = planFromCsv(csv);
    expect(back.errors).toEqual([]);
    expect(back.rows).toEqual(rows);
  });

  it('reads a hand-made sheet with commas and codes, and names unknown words by line and column', () => {
    const sheet = 'titre,comportement,phase,rôles\nForum des familles,PUBLIC_MEETING,diagnostic,partenaire\nVisite,visite,plan,maire\n';
    const { rows, errors } = planFromCsv(sheet);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 3, field: 'comportement', reason: expect.stringMatching(/^comportement inconnu « visite »/) },
      { line: 3, field: 'rôles', reason: 'rôle inconnu « MAIRE » (ELU, PARTENAIRE, COPIL, COTECH)' },
    ]);
    expect(planFromCsv('titre,comportement,phase\nForum des familles,PUBLIC_MEETING,diagnostic\n').rows[0]).toMatchObject({ title: 'Forum des familles', behaviour: 'PUBLIC_MEETING', phase: 'DIAGNOSTIC' });
  });
});
