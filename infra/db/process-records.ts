// Writing a process and its steps: shared by the launch (API) and the renewal (activity), so both store
// a plan the same way. Plain objects in, rows out.
import { randomUUID } from 'node:crypto';
import { processWorkflowId } from '../../domain/ids';
import type { Plan, PlanStep } from '../../domain/plan';
import type { TemplateAnswers } from '../../domain/standard-plan';
import { campaignSpan } from '../../domain/interviews';
import { monthStart } from '../../domain/time';
import { addressOf } from '../mail';
import type { Prisma } from './prisma';

const MINUTE = 60_000;

/** Days before its month when a month-dated step's coordinator starts being asked for the day, beyond its lead time. */
const MONTH_NUDGE_MARGIN_DAYS = 14;

/** When to start asking for a month-dated step's day: its invitation lead time (and two weeks) before its month. */
export function monthNudgeFrom(step: Pick<PlanStep, 'month' | 'invitationLeadDays'>, timeZone: string): Date | null {
  if (!step.month) return null;
  return new Date(monthStart(step.month, timeZone).getTime() - (step.invitationLeadDays + MONTH_NUDGE_MARGIN_DAYS) * 86_400_000);
}

/** An interview campaign's slot rows, each lasting the step's duration. */
export function interviewSlotRows(stepId: string, step: Pick<PlanStep, 'slots' | 'durationMinutes'>) {
  return (step.slots ?? []).map((slot) => {
    const startsAt = new Date(slot);
    return { stepId, startsAt, endsAt: new Date(startsAt.getTime() + step.durationMinutes * MINUTE) };
  });
}

export function stepCreateData(processId: string, step: PlanStep, position: number, mailFrom: string, extra: { nudgeFrom?: Date | null; timeZone?: string } = {}) {
  const domain = addressOf(mailFrom).split('@')[1] ?? 'localhost';
  const id = randomUUID();
  // A campaign of interviews runs from its first slot to the end of its last one.
  const span = campaignSpan(interviewSlotRows(id, step));
  const startsAt = span ? span.startsAt : step.startsAt ? new Date(step.startsAt) : null;
  const month = startsAt ? null : (step.month ?? null);
  return {
    id,
    processId,
    key: step.key,
    position,
    phase: step.phase,
    behaviour: step.behaviour,
    kind: step.kind ?? null,
    title: step.title,
    description: step.description || null,
    body: step.body ?? null,
    audience: step.audience,
    startsAt,
    endsAt: span ? span.endsAt : startsAt ? new Date(startsAt.getTime() + step.durationMinutes * MINUTE) : null,
    month,
    untilMonth: month ? (step.untilMonth ?? null) : null,
    location: step.location ?? null,
    onlineUrl: step.onlineUrl ?? null,
    capacity: step.capacity ?? null,
    invitationLeadDays: step.invitationLeadDays,
    reminderDays: step.reminderDays,
    dependsOn: step.dependsOn,
    // A step inviting another's invitees can only invite once that one has: it waits for it.
    inviteAfter: [...new Set([...(step.inviteAfter ?? []), ...(step.audience.inviteesOf ? [step.audience.inviteesOf] : [])])],
    session: step.session ?? null,
    interviewMinutes: step.behaviour === 'INTERVIEWS' ? step.durationMinutes : null,
    nudgeFrom: extra.nudgeFrom ?? (month ? monthNudgeFrom({ month, invitationLeadDays: step.invitationLeadDays }, extra.timeZone ?? 'Europe/Paris') : null),
    // One stable UID per meeting: every update and cancellation replaces the same calendar event.
    icalUid: `${randomUUID()}@${domain}`,
  };
}

/** Creates the process and its steps, or returns the existing one for this territory and period. */
export async function createProcessRecords(
  tx: Prisma.TransactionClient,
  input: { territoryId: string; plan: Plan; answers: TemplateAnswers | null; mailFrom: string; previousProcessId?: string | null; timeZone?: string },
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
      phaseLabels: plan.phaseLabels ?? undefined,
      nudgeEveryDays: plan.nudgeEveryDays,
      previousProcessId: input.previousProcessId ?? null,
      currentPhase: plan.steps[0]?.phase ?? 'DIAGNOSTIC',
    },
  });
  const steps = plan.steps.map((step, position) => stepCreateData(id, step, position, input.mailFrom, { timeZone: input.timeZone }));
  await tx.step.createMany({ data: steps });
  const slots = plan.steps.flatMap((step, position) => interviewSlotRows(steps[position]!.id, step));
  if (slots.length > 0) await tx.interviewSlot.createMany({ data: slots });
  return { created: true, process };
}
