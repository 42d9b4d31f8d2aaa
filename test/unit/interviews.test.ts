import { bookingRefusal, campaignSpan, parseSlotLines, releaseRefusal, slotLines } from '../../domain/interviews';
import { planSchema } from '../../domain/plan';
import { planWarnings } from '../../domain/plan-warnings';
import { blankRow, planToValues, valuesToPlan } from '../../domain/plan-rows';
import { planFromCsv, planToCsv } from '../../domain/plan-csv';

const zone = 'Europe/Paris';
const now = new Date('2027-03-01T08:00:00Z');
const open = { behaviour: 'INTERVIEWS', status: 'INVITED' as const };
const slotAt = (iso: string, heldBy: string | null = null) => ({ stepId: 's', startsAt: new Date(iso), heldBy });

describe('interview slots as typed', () => {
  it('reads one slot a line, ISO or French, in the territory’s zone', () => {
    expect(parseSlotLines('2027-03-02 10:00\n02/03/2027 14h30 ; 2027-03-03T09:00\n\n', zone)).toEqual({
      slots: ['2027-03-02T10:00:00+01:00', '2027-03-02T14:30:00+01:00', '2027-03-03T09:00:00+01:00'],
    });
    expect(parseSlotLines('2027-03-02 10:00', 'America/Cayenne')).toEqual({ slots: ['2027-03-02T10:00:00-03:00'] });
  });

  it('names the line it cannot read', () => {
    expect(parseSlotLines('2027-03-02 10:00\nmardi matin', zone)).toEqual({ error: expect.stringContaining('« mardi matin » illisible') });
    expect(parseSlotLines('31/02/2027 10:00', zone)).toEqual({ error: expect.stringContaining('illisible') });
  });

  it('writes them back as the coordinator typed them', () => {
    expect(slotLines(['2027-03-02T09:00:00.000Z', '2027-07-02T08:00:00.000Z'], zone)).toBe('2027-03-02 10:00\n2027-07-02 10:00');
  });

  it('spans the campaign from the first start to the last end', () => {
    const a = { startsAt: new Date('2027-03-09T09:00:00Z'), endsAt: new Date('2027-03-09T10:00:00Z') };
    const b = { startsAt: new Date('2027-03-02T09:00:00Z'), endsAt: new Date('2027-03-02T10:00:00Z') };
    expect(campaignSpan([a, b])).toEqual({ startsAt: b.startsAt, endsAt: a.endsAt });
    expect(campaignSpan([])).toBeNull();
  });
});

describe('who may book which slot', () => {
  it('books a free future slot of a campaign one is invited to', () => {
    expect(bookingRefusal(open, slotAt('2027-03-02T09:00:00Z'), null, 'anne', now, true)).toBeNull();
  });

  it('refuses a slot someone else holds, a past slot, an unknown one', () => {
    expect(bookingRefusal(open, slotAt('2027-03-02T09:00:00Z', 'marc'), null, 'anne', now, true)).toBe('SLOT_TAKEN');
    expect(bookingRefusal(open, slotAt('2027-02-28T09:00:00Z'), null, 'anne', now, true)).toBe('SLOT_PAST');
    expect(bookingRefusal(open, null, null, 'anne', now, true)).toBe('SLOT_UNKNOWN');
  });

  it('takes one’s own slot again as nothing to do, and refuses to move an interview that has begun', () => {
    expect(bookingRefusal(open, slotAt('2027-03-02T09:00:00Z', 'anne'), null, 'anne', now, true)).toBeNull();
    expect(bookingRefusal(open, slotAt('2027-03-04T09:00:00Z'), { startsAt: new Date('2027-03-01T07:30:00Z') }, 'anne', now, true)).toBe('STARTED');
  });

  it('closes with the campaign, and only to those invited', () => {
    const slot = slotAt('2027-03-02T09:00:00Z');
    expect(bookingRefusal({ ...open, status: 'CANCELLED' }, slot, null, 'anne', now, true)).toBe('CANCELLED');
    expect(bookingRefusal({ ...open, status: 'HELD' }, slot, null, 'anne', now, true)).toBe('OVER');
    expect(bookingRefusal(open, slot, null, 'anne', now, false)).toBe('NOT_INVITED');
    expect(bookingRefusal({ ...open, behaviour: 'MEETING' }, slot, null, 'anne', now, true)).toBe('NOT_INTERVIEWS');
  });

  it('gives back a slot until the interview begins', () => {
    expect(releaseRefusal(open, { startsAt: new Date('2027-03-02T09:00:00Z') }, now, true)).toBeNull();
    expect(releaseRefusal(open, { startsAt: new Date('2027-03-01T07:00:00Z') }, now, true)).toBe('STARTED');
    expect(releaseRefusal(open, null, now, true)).toBe('NOT_BOOKED');
  });
});

describe('a campaign in a plan', () => {
  const campaign = (extra: object = {}) => ({
    key: 'entretiens',
    behaviour: 'INTERVIEWS',
    phase: 'DIAGNOSTIC',
    title: 'Entretiens avec les acteurs clés',
    durationMinutes: 60,
    audience: { groups: ['acteurs-cles'] },
    slots: ['2027-03-09T10:00:00+01:00', '2027-03-02T10:00:00+01:00'],
    ...extra,
  });
  const issues = (step: object) =>
    planSchema.safeParse({ periodStart: 2027, periodEnd: 2031, steps: [step] }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('lasts an hour an interview unless told, and warns (two interviewers?) when slots overlap', () => {
    const plan = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [campaign({ durationMinutes: undefined }), { key: 'reunion', behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: 'Réunion' }] });
    expect(plan.steps.map((s) => s.durationMinutes)).toEqual([60, 180]);
    const overlapping = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [campaign({ durationMinutes: undefined, slots: ['2027-03-02T10:00:00+01:00', '2027-03-02T10:30:00+01:00', '2027-03-02T11:30:00+01:00'] })] });
    expect(planWarnings(overlapping, zone)).toEqual([
      { step: 'entretiens', field: 'slots', message: '« Entretiens avec les acteurs clés » : 1 créneau(x) commence(nt) avant la fin du précédent (entretiens de 60 minutes) — deux entretiens à la fois ?' },
    ]);
    expect(planWarnings(plan, zone)).toEqual([]);
  });

  it('keeps its slots in order', () => {
    const plan = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [campaign()] });
    expect(plan.steps[0]!.slots).toEqual(['2027-03-02T10:00:00+01:00', '2027-03-09T10:00:00+01:00']);
  });

  it('is dated by its slots, holds one person a slot, is not public; other steps have no slots', () => {
    expect(issues(campaign({ startsAt: '2027-03-02T10:00:00+01:00', capacity: 3, audience: { public: true } }))).toEqual([
      'steps.0.startsAt: une campagne d’entretiens est datée par ses créneaux : proposez des créneaux plutôt qu’une date',
      'steps.0.capacity: un entretien réunit une personne par créneau : pas de capacité à indiquer',
      'steps.0.audience.public: une campagne d’entretiens n’est pas ouverte au public : indiquez qui rencontrer',
    ]);
    expect(issues(campaign({ slots: ['2027-03-02T10:00:00+01:00', '2027-03-02T09:00:00Z'] }))).toEqual(['steps.0.slots.1: créneau en double']);
    expect(issues(campaign({ behaviour: 'MEETING' }))).toEqual(['steps.0.slots: seule une campagne d’entretiens propose des créneaux']);
  });

  it('goes through the editor’s rows and the spreadsheet and back', () => {
    const values = {
      periodStart: '2027',
      periodEnd: '2031',
      phaseLabels: {},
      steps: [{ ...blankRow(), title: 'Entretiens avec les acteurs clés', behaviour: 'INTERVIEWS', durationMinutes: '60', groups: 'acteurs-cles', slots: '2027-03-02 10:00\n2027-03-02 14:00' }],
    };
    const result = valuesToPlan(values, zone);
    if (!('plan' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.steps[0]!.slots).toEqual(['2027-03-02T10:00:00+01:00', '2027-03-02T14:00:00+01:00']);
    const rows = planToValues(result.plan, zone).steps;
    expect(rows[0]!.slots).toBe('2027-03-02 10:00\n2027-03-02 14:00');
    const back = planFromCsv(planToCsv(rows));
    expect('rows' in back && back.rows[0]!.slots).toBe('2027-03-02 10:00\n2027-03-02 14:00');
  });

  it('names the row and field of an unreadable slot', () => {
    const values = { periodStart: '2027', periodEnd: '2031', phaseLabels: {}, steps: [{ ...blankRow(), title: 'Entretiens', behaviour: 'INTERVIEWS', slots: 'lundi' }] };
    expect(valuesToPlan(values, zone)).toEqual({ errors: { 's0.slots': expect.stringContaining('« lundi » illisible') } });
  });
});
