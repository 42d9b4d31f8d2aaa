// What a Caf adviser's weekly digest says, read from the projection: the phase changes of the week (the
// notices that went out), the late steps, the meetings of the next 30 days with their registrations,
// and the conventions whose renewal is due. Plain data; the wording is in templates/messages/adviser-digest.ts.
import { selectPortfolio, portfolioQuerySchema } from '../../domain/portfolio';
import { loadPortfolio, registrableMeetingWhere } from './portfolio';
import type { Prisma, PrismaClient } from './prisma';
import { registrationCounts } from './registration-counts';

export interface AdviserDigestData {
  phaseChanges: { territory: string; from: string; to: string }[];
  lateSteps: { territory: string; title: string; dueAt: Date | null }[];
  meetings: { territory: string; title: string; startsAt: Date; confirmed: number; capacity: number | null }[];
  renewalsDue: { territory: string; endsAt: Date }[];
}

export const isEmptyDigest = (d: AdviserDigestData) => d.phaseChanges.length + d.lateSteps.length + d.meetings.length + d.renewalsDue.length === 0;

export async function loadAdviserDigest(prisma: PrismaClient, scope: Prisma.TerritoryWhereInput, now = new Date()): Promise<AdviserDigestData> {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const inMonth = new Date(now.getTime() + 30 * 86_400_000);
  const [changes, late, meetings, portfolio] = await Promise.all([
    prisma.message.findMany({
      where: { kind: 'PHASE_CHANGED', createdAt: { gte: weekAgo }, process: { territory: scope } },
      distinct: ['processId'],
      orderBy: { createdAt: 'desc' },
      select: { idempotencyKey: true, process: { select: { territory: { select: { name: true } } } } },
    }),
    prisma.step.findMany({
      where: { late: true, status: { in: ['PLANNED', 'INVITED'] }, process: { territory: scope, status: { in: ['RUNNING', 'PAUSED'] } } },
      orderBy: { startsAt: 'asc' },
      select: { title: true, startsAt: true, process: { select: { territory: { select: { name: true } } } } },
    }),
    prisma.step.findMany({
      where: { startsAt: { gte: now, lte: inMonth }, status: { in: ['PLANNED', 'INVITED'] }, ...registrableMeetingWhere, process: { territory: scope } },
      orderBy: { startsAt: 'asc' },
      select: { id: true, title: true, startsAt: true, capacity: true, process: { select: { territory: { select: { name: true } } } } },
    }),
    loadPortfolio(prisma, scope, now),
  ]);
  const seats = await registrationCounts(prisma, meetings.map((m) => m.id));
  return {
    phaseChanges: changes.flatMap((m) => {
      // « PHASE_CHANGED/<process>/<from>-<to>:… »
      const match = /\/([A-Z_]+)-([A-Z_]+):/.exec(m.idempotencyKey);
      return match && m.process ? [{ territory: m.process.territory.name, from: match[1]!, to: match[2]! }] : [];
    }),
    lateSteps: late.map((s) => ({ territory: s.process.territory.name, title: s.title, dueAt: s.startsAt })),
    meetings: meetings.map((m) => ({ territory: m.process.territory.name, title: m.title, startsAt: m.startsAt!, confirmed: seats.get(m.id)?.confirmed ?? 0, capacity: m.capacity })),
    renewalsDue: selectPortfolio(portfolio, portfolioQuerySchema.parse({ tri: 'fin' }), now)
      .filter((r) => r.renewal === 'DUE')
      .map((r) => ({ territory: r.name, endsAt: r.endsAt! })),
  };
}
