// The adviser's portfolio: one row per territory, what it is filtered and sorted by, and when a CTG's
// renewal is due. Pure rules: the read model gives the rows, the page and the API the query.
import { phases, type Phase } from './plan';
import { z } from './zod';

export const renewalStatuses = ['NOT_STARTED', 'DUE', 'STARTED'] as const;
export type RenewalStatus = (typeof renewalStatuses)[number];

export interface PortfolioRow {
  territoryId: string;
  name: string;
  cafName: string;
  processId: string | null;
  phase: Phase | null;
  period: { start: number; end: number } | null;
  progress: { done: number; total: number };
  nextMeeting: { title: string; startsAt: Date } | null;
  lateSteps: number;
  /** The current CTG's last day (31 December of its last year); null without one. */
  endsAt: Date | null;
  renewal: RenewalStatus | null;
  /** For the timeline (read for a page's rows only, see infra/db/portfolio.ts): each phase's span, the dated meetings. */
  phases: { phase: Phase; from: Date; to: Date }[];
  meetings: { title: string; startsAt: Date }[];
}

/** Months before its end when a convention's renewal is due, when no process says otherwise (the plan's default). */
export const DEFAULT_RENEWAL_LEAD_MONTHS = 9;

/** A convention covers whole years: it ends on 31 December of its last one. */
export const conventionEnd = (periodEnd: number): Date => new Date(Date.UTC(periodEnd, 11, 31, 12));

const monthsBetween = (from: Date, to: Date) => (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());

/** Started once the next period was launched; due from `leadMonths` before the end; else not yet. */
export function renewalStatus(input: { periodEnd: number; leadMonths: number; renewed: boolean }, now: Date): RenewalStatus {
  if (input.renewed) return 'STARTED';
  return monthsBetween(now, conventionEnd(input.periodEnd)) <= input.leadMonths ? 'DUE' : 'NOT_STARTED';
}

export const portfolioSorts = ['territoire', 'phase', 'avancement', 'rencontre', 'retards', 'fin', 'renouvellement'] as const;

const flag = z.preprocess((v) => (v === 'oui' || v === 'true' || v === true ? true : v === '' || v === undefined ? undefined : v), z.literal(true, { error: 'oui ou rien' }).optional());

/** The filters and sort of the page and of GET /api/portfolio (French names: they are the page's query). */
export const portfolioQuerySchema = z.object({
  phase: z.preprocess((v) => (v === '' ? undefined : v), z.enum(phases, { error: `l’une de ${phases.join(', ')}` }).optional()),
  retard: flag,
  /** Ending within N months, renewal not started. */
  renouvellement: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'un nombre de mois' }).int('un nombre de mois').min(1, 'de 1 à 60 mois').max(60, 'de 1 à 60 mois').optional()),
  tri: z.enum(portfolioSorts, { error: `l’un de ${portfolioSorts.join(', ')}` }).default('territoire'),
  ordre: z.enum(['asc', 'desc'], { error: 'asc ou desc' }).default('asc'),
});
export type PortfolioQuery = z.infer<typeof portfolioQuerySchema>;

const phaseRank = (phase: Phase | null) => (phase ? phases.indexOf(phase) : phases.length);
const time = (date: Date | null | undefined) => date?.getTime() ?? Number.POSITIVE_INFINITY;
const renewalRank: Record<RenewalStatus, number> = { DUE: 0, NOT_STARTED: 1, STARTED: 2 };

const comparators: Record<PortfolioQuery['tri'], (a: PortfolioRow, b: PortfolioRow) => number> = {
  territoire: (a, b) => a.name.localeCompare(b.name, 'fr'),
  phase: (a, b) => phaseRank(a.phase) - phaseRank(b.phase),
  avancement: (a, b) => a.progress.done / Math.max(1, a.progress.total) - b.progress.done / Math.max(1, b.progress.total),
  rencontre: (a, b) => time(a.nextMeeting?.startsAt) - time(b.nextMeeting?.startsAt),
  retards: (a, b) => a.lateSteps - b.lateSteps,
  fin: (a, b) => time(a.endsAt) - time(b.endsAt),
  renouvellement: (a, b) => (a.renewal ? renewalRank[a.renewal] : 3) - (b.renewal ? renewalRank[b.renewal] : 3),
};

/** Rows without the value sorted on (no process, no date) come last, whichever the order. */
const missing: Record<PortfolioQuery['tri'], (r: PortfolioRow) => boolean> = {
  territoire: () => false,
  phase: (r) => r.phase === null,
  avancement: (r) => r.progress.total === 0,
  rencontre: (r) => r.nextMeeting === null,
  retards: (r) => r.processId === null,
  fin: (r) => r.endsAt === null,
  renouvellement: (r) => r.renewal === null,
};

export function selectPortfolio(rows: PortfolioRow[], query: PortfolioQuery, now: Date): PortfolioRow[] {
  const horizon = query.renouvellement === undefined ? null : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + query.renouvellement, now.getUTCDate()));
  const kept = rows.filter(
    (r) =>
      (query.phase === undefined || r.phase === query.phase) &&
      (!query.retard || r.lateSteps > 0) &&
      (horizon === null || (r.endsAt !== null && r.endsAt <= horizon && r.renewal !== 'STARTED')),
  );
  const direction = query.ordre === 'desc' ? -1 : 1;
  const compare = comparators[query.tri];
  const absent = missing[query.tri];
  return kept.sort((a, b) => Number(absent(a)) - Number(absent(b)) || direction * compare(a, b) || a.name.localeCompare(b.name, 'fr'));
}

/** A timeline is drawn for this many territories at most (readable); more: filter first. */
export const TIMELINE_MAX_ROWS = 60;
/** The page lists this many rows at most (the CSV and the API give them all). */
export const PAGE_MAX_ROWS = 200;
