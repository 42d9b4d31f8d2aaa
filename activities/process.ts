// Bookkeeping of a process: its initial state for the workflow, the status projection the dashboards
// read, the mise en œuvre created after the signature, and the renewal. All idempotent.
import type { Phase } from '../domain/plan';
import { planSchema } from '../domain/plan';
import { bodiesOf } from '../domain/governance';
import { implementationSteps } from '../domain/standard-plan';
import { renewalSteps } from '../infra/db/renewal-plan';
import { nextTimeline, type Timeline } from '../domain/timeline';
import { createProcessRecords, stepCreateData } from '../infra/db/process-records';
import type { ProcessState, StepState } from '../workflows/definitions';
import type { ActivityDeps } from './deps';
import { toStepState } from './step-state-from-row';

export function processActivities({ prisma, config }: ActivityDeps) {
  async function loadProcessState(input: { processId: string; timeline: Timeline }): Promise<ProcessState> {
    const process = await prisma.process.findUniqueOrThrow({
      where: { id: input.processId },
      include: { territory: true, steps: { orderBy: { position: 'asc' } } },
    });
    const steps = process.steps.map(toStepState);
    return {
      processId: process.id,
      territoryId: process.territoryId,
      cafName: process.territory.cafName,
      timeline: input.timeline,
      renewalLeadMonths: process.renewalLeadMonths,
      nudgeEveryDays: process.nudgeEveryDays,
      phase: process.currentPhase,
      closedPhases: [],
      paused: process.status === 'PAUSED',
      steps,
      implementationCreated: steps.some((s) => s.phase === 'MISE_EN_OEUVRE'),
      renewalProcessId: (await prisma.process.findUnique({ where: { previousProcessId: process.id }, select: { id: true } }))?.id ?? null,
      completed: false,
    };
  }

  async function recordProcessProgress(input: { processId: string; phase: Phase; status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED' }): Promise<void> {
    await prisma.process.update({ where: { id: input.processId }, data: { currentPhase: input.phase, status: input.status } });
  }

  /** A COPIL and a COTECH for each remaining year of the period, and the evaluation in the final year. */
  async function createImplementationSteps(input: { processId: string; timeline: Timeline }): Promise<StepState[]> {
    const { timeline } = input;
    const process = await prisma.process.findUniqueOrThrow({ where: { id: input.processId }, include: { steps: true, territory: true } });
    // The plan ended with its last step held or done (a signature, whatever its title), else now.
    const planEnds = process.steps
      .filter((s) => s.phase === 'PLAN_ACTIONS' && (s.status === 'HELD' || s.status === 'DONE'))
      .map((s) => (s.startsAt ?? s.completedAt ?? new Date()).getTime());
    const signedAt = planEnds.length ? Math.max(...planEnds) : Date.now();
    const signedYear = Object.entries(timeline.yearStarts)
      .filter(([, start]) => Date.parse(start) <= signedAt)
      .map(([year]) => Number(year))
      .pop() ?? timeline.periodStart - 1;
    const years: number[] = [];
    for (let year = Math.max(signedYear + 1, timeline.periodStart); year <= timeline.periodEnd; year += 1) years.push(year);
    const existing = new Set(process.steps.map((s) => s.key));
    const position = process.steps.length;
    // Nudges to fix their dates start two weeks into their year.
    const nudgeFrom = (year: number) => new Date(Date.parse(timeline.yearStarts[year] ?? timeline.periodStartsAt) + 15 * timeline.dayMs);
    const rows = implementationSteps({ years, finalYear: timeline.periodEnd, bodies: bodiesOf(process.territory.bodies) })
      .filter((step) => !existing.has(step.key))
      .map(({ year, ...step }, index) => stepCreateData(process.id, step, position + index, config.MAIL_FROM, { nudgeFrom: nudgeFrom(year) }));
    await prisma.step.createMany({ data: rows, skipDuplicates: true });
    const steps = await prisma.step.findMany({ where: { processId: process.id, phase: 'MISE_EN_OEUVRE' }, orderBy: { position: 'asc' } });
    return steps.map(toStepState);
  }

  /**
   * The next period's process for the same territory, from this territory's own last plan: its diagnostic
   * and plan steps (titles, descriptions, behaviours, audiences, places, order), every date to set again.
   * Partners are the territory's: carried over.
   */
  async function createRenewalProcess(input: { processId: string; timeline: Timeline }): Promise<{ processId: string; timeline: Timeline }> {
    const process = await prisma.process.findUniqueOrThrow({
      where: { id: input.processId },
      include: { territory: true, steps: { orderBy: { position: 'asc' }, include: { interviewSlots: { orderBy: { startsAt: 'asc' }, take: 1 } } } },
    });
    const next = nextTimeline(input.timeline, process.territory.timezone);
    const plan = planSchema.parse({
      kind: 'RENOUVELLEMENT',
      periodStart: next.periodStart,
      periodEnd: next.periodEnd,
      renewalLeadMonths: process.renewalLeadMonths,
      nudgeEveryDays: process.nudgeEveryDays,
      ...(process.phaseLabels ? { phaseLabels: process.phaseLabels } : {}),
      steps: renewalSteps(process.steps),
    });
    const { process: renewal } = await prisma.$transaction((tx) =>
      createProcessRecords(tx, { territoryId: process.territoryId, plan, answers: null, mailFrom: config.MAIL_FROM, previousProcessId: process.id, timeZone: process.territory.timezone }),
    );
    return { processId: renewal.id, timeline: next };
  }

  return { loadProcessState, recordProcessProgress, createImplementationSteps, createRenewalProcess };
}
