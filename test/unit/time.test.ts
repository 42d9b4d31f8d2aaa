import { formatFrenchDateRange, formatFrenchTime, zonedInstant, zoneOffsetMinutes } from '../../domain/time';

describe('French dates in the territory zone', () => {
  it('writes a meeting the way the seeds do', () => {
    const start = new Date('2022-10-13T07:30:00Z');
    const end = new Date('2022-10-13T10:30:00Z');
    expect(formatFrenchDateRange(start, end, 'Europe/Paris')).toBe('jeudi 13 octobre 2022, de 9h30 à 12h30');
    expect(formatFrenchTime(new Date('2022-11-07T13:00:00Z'), 'Europe/Paris')).toBe('14h');
  });

  it('writes the first of the month as « 1er » and spans across days', () => {
    expect(formatFrenchDateRange(new Date('2023-02-01T08:00:00Z'), new Date('2023-02-02T16:00:00Z'), 'Europe/Paris')).toBe(
      'du mercredi 1er février 2023 à 9h au jeudi 2 février 2023 à 17h',
    );
  });

  it('keeps the wall clock right on both sides of a daylight-saving change in Paris', () => {
    const before = zonedInstant({ year: 2026, month: 3, day: 28, hour: 9, minute: 30 }, 'Europe/Paris');
    const after = zonedInstant({ year: 2026, month: 3, day: 30, hour: 9, minute: 30 }, 'Europe/Paris');
    expect(before.toISOString()).toBe('2026-03-28T08:30:00.000Z');
    expect(after.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(formatFrenchTime(before, 'Europe/Paris')).toBe('9h30');
    expect(formatFrenchTime(after, 'Europe/Paris')).toBe('9h30');
    const autumn = zonedInstant({ year: 2026, month: 10, day: 26, hour: 14 }, 'Europe/Paris');
    expect(autumn.toISOString()).toBe('2026-10-26T13:00:00.000Z');
  });

  it('uses the overseas zone of the territory, which has no daylight saving', () => {
    const cayenne = zonedInstant({ year: 2026, month: 3, day: 30, hour: 9 }, 'America/Cayenne');
    expect(cayenne.toISOString()).toBe('2026-03-30T12:00:00.000Z');
    expect(zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Indian/Reunion')).toBe(240);
    expect(formatFrenchDateRange(cayenne, new Date(cayenne.getTime() + 2 * 3600_000), 'America/Cayenne')).toBe(
      'lundi 30 mars 2026, de 9h à 11h',
    );
  });
});
