// A territory's plan draft (one per territory: the editor's values as typed, valid or not) and what a new
// draft may start from: the territory's last process, with its steps.
import type { PlanDraftValues } from '../../domain/plan-rows';
import type { PrismaClient } from './prisma';

export const findPlanDraft = async (prisma: PrismaClient, territoryId: string): Promise<PlanDraftValues | undefined> =>
  (await prisma.planDraft.findUnique({ where: { territoryId } }))?.values as PlanDraftValues | undefined;

export async function savePlanDraft(prisma: PrismaClient, territoryId: string, values: PlanDraftValues): Promise<void> {
  await prisma.planDraft.upsert({ where: { territoryId }, create: { territoryId, values: values as object }, update: { values: values as object } });
}

/** Drops the draft; none (already dropped by another request) is no error. */
export async function dropPlanDraft(prisma: PrismaClient, territoryId: string): Promise<void> {
  await prisma.planDraft.deleteMany({ where: { territoryId } });
}

export const hasProcess = async (prisma: PrismaClient, territoryId: string) => (await prisma.process.count({ where: { territoryId } })) > 0;

/** The territory's latest process, its steps in order, each campaign with its first slot (the interviews' length). */
export const latestProcessWithSteps = (prisma: PrismaClient, territoryId: string) =>
  prisma.process.findFirst({
    where: { territoryId },
    orderBy: { periodStart: 'desc' },
    include: { steps: { orderBy: { position: 'asc' }, include: { interviewSlots: { orderBy: { startsAt: 'asc' }, take: 1 } } } },
  });
