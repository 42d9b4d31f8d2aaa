// Writing a process and its steps: shared by the launch (API) and the renewal (activity), so both store
// a plan the same way. Plain objects in, rows out.
import { randomUUID } from 'node:crypto';
import { processWorkflowId } from '../../domain/ids';
import type { Plan, PlanStep } from '../../domain/plan';
import type { TemplateAnswers } from '../../domain/standard-plan';
import { addressOf } from '../mail';
import type { Prisma } from './prisma';

const MINUTE = 60_000;

export function stepCreateData(processId: string, step: PlanStep, position: number, mailFrom: string, extra: { nudgeFrom?: Date | null } = {}) {
  const domain = addressOf(mailFrom).split('@')[1] ?? 'localhost';
  const startsAt = step.startsAt ? new Date(step.startsAt) : null;
  return {
    processId,
    key: step.key,
    position,
    phase: step.phase,
    behaviour: step.behaviour,
    kind: step.kind ?? null,
    title: step.title,
    description: step.description || null,
    audience: step.audience,
    startsAt,
    endsAt: startsAt ? new Date(startsAt.getTime() + step.durationMinutes * MINUTE) : null,
    location: step.location ?? null,
    onlineUrl: step.onlineUrl ?? null,
    capacity: step.capacity ?? null,
    invitationLeadDays: step.invitationLeadDays,
    reminderDays: step.reminderDays,
    dependsOn: step.dependsOn,
    session: step.session ?? null,
    nudgeFrom: extra.nudgeFrom ?? null,
    // One stable UID per meeting: every update and cancellation replaces the same calendar event.
    icalUid: `${randomUUID()}@${domain}`,
  };
}

/** Creates the process and its steps, or returns the existing one for this territory and period. */
export async function createProcessRecords(
  tx: Prisma.TransactionClient,
  input: { territoryId: string; plan: Plan; answers: TemplateAnswers | null; mailFrom: string; previousProcessId?: string | null },
): Promise<{ created: boolean; process: Awaited<ReturnType<Prisma.TransactionClient['process']['create']>> }> {
  const { territoryId, plan } = input;
  const existing = await tx.process.findUnique({ where: { territoryId_periodStart: { territoryId, periodStart: plan.periodStart } } });
  if (existing) return { created: false, process: existing };
  const id = randomUUID();
  const process = await tx.process.create({
    data: {
      id,
      territoryId,
      kind: plan.kind,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      workflowId: processWorkflowId(id),
      plan,
      answers: input.answers ?? undefined,
      renewalLeadMonths: plan.renewalLeadMonths,
      nudgeEveryDays: plan.nudgeEveryDays,
      previousProcessId: input.previousProcessId ?? null,
      currentPhase: plan.steps[0]?.phase ?? 'DIAGNOSTIC',
    },
  });
  await tx.step.createMany({ data: plan.steps.map((step, position) => stepCreateData(id, step, position, input.mailFrom)) });
  return { created: true, process };
}
