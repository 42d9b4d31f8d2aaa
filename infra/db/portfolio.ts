// Read model of the adviser's portfolio: each territory in scope, its current process as the projection
// records it (no workflow query), counted in the database: steps done, late, the next real meeting
// (not a survey nor a campaign of interviews), the CTG's end and whether its renewal began.
import { currentProcessOf } from '../../domain/step-display';
import { conventionEnd, DEFAULT_RENEWAL_LEAD_MONTHS, renewalStatus, type PortfolioRow } from '../../domain/portfolio';
import type { Prisma, PrismaClient } from './prisma';

/** The steps `isRegistrableMeeting` keeps (domain/step-display.ts), as a query: meetings, no one-to-one interview. */
export const registrableMeetingWhere = {
  behaviour: { in: ['MEETING', 'PUBLIC_MEETING'] },
  OR: [{ kind: null }, { kind: { not: 'ENTRETIEN_PARTENAIRE' } }],
} satisfies Prisma.StepWhereInput;

export async function loadPortfolio(prisma: PrismaClient, scope: Prisma.TerritoryWhereInput, now = new Date()): Promise<PortfolioRow[]> {
  const territories = await prisma.territory.findMany({
    where: scope,
    select: {
      id: true,
      name: true,
      cafName: true,
      previousConventionEnd: true,
      processes: { select: { id: true, status: true, periodStart: true, periodEnd: true, currentPhase: true, renewalLeadMonths: true, previousProcessId: true } },
    },
  });
  const current = new Map(territories.map((t) => [t.id, currentProcessOf(t.processes)]));
  const processIds = [...current.values()].flatMap((p) => (p ? [p.id] : []));
  const [counts, late, next] = await Promise.all([
    prisma.step.groupBy({ by: ['processId', 'status'], where: { processId: { in: processIds }, status: { not: 'CANCELLED' } }, _count: { _all: true } }),
    prisma.step.groupBy({ by: ['processId'], where: { processId: { in: processIds }, late: true, status: { in: ['PLANNED', 'INVITED'] } }, _count: { _all: true } }),
    prisma.step.findMany({
      where: { processId: { in: processIds }, startsAt: { gt: now }, status: { in: ['PLANNED', 'INVITED'] }, ...registrableMeetingWhere },
      orderBy: { startsAt: 'asc' },
      distinct: ['processId'],
      select: { processId: true, title: true, startsAt: true },
    }),
  ]);
  return territories.map((t) => {
    const p = current.get(t.id) ?? null;
    const base = { territoryId: t.id, name: t.name, cafName: t.cafName };
    if (!p) {
      // Not launched yet: the previous convention's end, when known, says when its renewal is due.
      const previous = t.previousConventionEnd;
      const ending = previous ? { endsAt: conventionEnd(previous), renewal: renewalStatus({ periodEnd: previous, leadMonths: DEFAULT_RENEWAL_LEAD_MONTHS, renewed: false }, now) } : { endsAt: null, renewal: null };
      return { ...base, processId: null, phase: null, period: null, progress: { done: 0, total: 0 }, nextMeeting: null, lateSteps: 0, ...ending, phases: [], meetings: [] };
    }
    const mine = counts.filter((c) => c.processId === p.id);
    const renewed = t.processes.some((other) => other.previousProcessId === p.id || other.periodStart > p.periodEnd);
    const meeting = next.find((n) => n.processId === p.id);
    return {
      ...base,
      processId: p.id,
      phase: p.currentPhase,
      period: { start: p.periodStart, end: p.periodEnd },
      progress: { done: mine.filter((c) => c.status === 'HELD' || c.status === 'DONE').reduce((n, c) => n + c._count._all, 0), total: mine.reduce((n, c) => n + c._count._all, 0) },
      nextMeeting: meeting ? { title: meeting.title, startsAt: meeting.startsAt! } : null,
      lateSteps: late.find((l) => l.processId === p.id)?._count._all ?? 0,
      endsAt: conventionEnd(p.periodEnd),
      renewal: renewalStatus({ periodEnd: p.periodEnd, leadMonths: p.renewalLeadMonths, renewed }, now),
      phases: [],
      meetings: [],
    };
  });
}

/**
 * The timeline's data (each phase's span from its dated steps, the dated meetings) for these rows only:
 * read once the rows are filtered, since a timeline is for a few dozen territories, not a thousand.
 */
export async function withTimeline(prisma: PrismaClient, rows: PortfolioRow[]): Promise<PortfolioRow[]> {
  const processIds = rows.flatMap((r) => (r.processId ? [r.processId] : []));
  if (processIds.length === 0) return rows;
  const [spans, meetings] = await Promise.all([
    prisma.step.groupBy({ by: ['processId', 'phase'], where: { processId: { in: processIds }, status: { not: 'CANCELLED' }, startsAt: { not: null } }, _min: { startsAt: true }, _max: { startsAt: true, endsAt: true } }),
    prisma.step.findMany({
      where: { processId: { in: processIds }, status: { not: 'CANCELLED' }, startsAt: { not: null }, ...registrableMeetingWhere },
      orderBy: { startsAt: 'asc' },
      select: { processId: true, title: true, startsAt: true },
    }),
  ]);
  return rows.map((r) => ({
    ...r,
    phases: spans
      .filter((x) => x.processId === r.processId && x._min.startsAt)
      .map((x) => ({ phase: x.phase, from: x._min.startsAt!, to: [x._max.endsAt, x._max.startsAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0]! })),
    meetings: meetings.filter((m) => m.processId === r.processId).map((m) => ({ title: m.title, startsAt: m.startsAt! })),
  }));
}
