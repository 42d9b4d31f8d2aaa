// Writes a step's changes in the database, where its calendar identity lives: a change to something
// already announced raises its SEQUENCE, so calendars replace the event instead of duplicating it.
import type { PlanStep } from '../domain/plan';
import { changeCampaignSlots } from '../infra/db/interviews';
import { interviewSlotRows, monthNudgeFrom, stepCreateData } from '../infra/db/process-records';
import type { StepChanges, StepState } from '../workflows/definitions';
import type { ActivityDeps } from './deps';
import { toStepState } from './step-state-from-row';

const MINUTE = 60_000;

export function stepRecordActivities({ prisma, config }: ActivityDeps) {
  async function applyStepChanges(input: { stepId: string; changes: StepChanges }): Promise<StepState> {
    const { changes } = input;
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId }, include: { process: { include: { territory: true } } } });
    // A campaign's span follows its slots (added or removed here, safe to run twice).
    const span =
      step.behaviour === 'INTERVIEWS' && changes.slots
        ? await prisma.$transaction((tx) => changeCampaignSlots(tx, { id: step.id, durationMinutes: changes.slots!.durationMinutes ?? 60 }, changes.slots!))
        : undefined;
    const startsAt = span !== undefined ? (span?.startsAt ?? null) : changes.startsAt === undefined ? step.startsAt : changes.startsAt === null ? null : new Date(changes.startsAt);
    // A day replaces a month; a month (only while there is no day) is asked for as it nears.
    const month = startsAt ? null : changes.month === undefined ? step.month : changes.month;
    const untilMonth = month ? (changes.untilMonth === undefined ? (changes.month === undefined ? step.untilMonth : null) : changes.untilMonth) : null;
    const monthChanged = month !== step.month;
    const scheduleTouched = ['startsAt', 'durationMinutes', 'location', 'onlineUrl', 'audienceEmails', 'month', 'untilMonth'].some((k) => (changes as Record<string, unknown>)[k] !== undefined);
    const duration =
      changes.durationMinutes ?? (step.startsAt && step.endsAt ? (step.endsAt.getTime() - step.startsAt.getTime()) / MINUTE : 180);
    const audience =
      changes.audience || changes.audienceEmails
        ? { ...(step.audience as object), ...(changes.audience ?? {}), ...(changes.audienceEmails ? { emails: changes.audienceEmails } : {}) }
        : undefined;
    const announced = step.status === 'INVITED';
    const renamed = changes.title !== undefined && changes.title !== step.title;
    const updated = await prisma.step.update({
      where: { id: step.id },
      data: {
        startsAt,
        endsAt: span !== undefined ? (span?.endsAt ?? null) : startsAt ? new Date(startsAt.getTime() + duration * MINUTE) : null,
        month,
        untilMonth,
        ...(monthChanged && month ? { nudgeFrom: monthNudgeFrom({ month, invitationLeadDays: step.invitationLeadDays }, step.process.territory.timezone) } : {}),
        ...(changes.location !== undefined ? { location: changes.location } : {}),
        ...(changes.onlineUrl !== undefined ? { onlineUrl: changes.onlineUrl } : {}),
        ...(audience ? { audience } : {}),
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.description !== undefined ? { description: changes.description || null } : {}),
        ...(changes.dependsOn !== undefined ? { dependsOn: changes.dependsOn } : {}),
        ...(changes.inviteAfter !== undefined ? { inviteAfter: changes.inviteAfter } : {}),
        // What calendars show changed (day, place, link, title): the event's SEQUENCE is raised, an update goes out.
        ...(announced && (scheduleTouched || renamed) ? { icalSequence: { increment: 1 } } : {}),
        // A new date in the future lifts the « en retard » flag.
        ...(startsAt && startsAt.getTime() > Date.now() ? { late: false } : {}),
      },
    });
    return toStepState(updated);
  }

  async function insertStep(input: { processId: string; step: PlanStep }): Promise<StepState> {
    const existing = await prisma.step.findUnique({ where: { processId_key: { processId: input.processId, key: input.step.key } } });
    if (existing) return toStepState(existing);
    const position = await prisma.step.count({ where: { processId: input.processId } });
    const { territory } = await prisma.process.findUniqueOrThrow({ where: { id: input.processId }, select: { territory: { select: { timezone: true } } } });
    const data = stepCreateData(input.processId, input.step, position, config.MAIL_FROM, { timeZone: territory.timezone });
    // One transaction: a retry after a crash finds the step with its slots, or neither.
    const created = await prisma.$transaction(async (tx) => {
      const step = await tx.step.create({ data });
      const slots = interviewSlotRows(step.id, input.step);
      if (slots.length > 0) await tx.interviewSlot.createMany({ data: slots });
      return step;
    });
    return toStepState(created);
  }

  /** Cancels; the sequence is raised once, so a retried call does not raise it again. */
  async function recordStepCancelled(input: { stepId: string; reason: string | null }): Promise<{ sequence: number }> {
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId } });
    // Already over (held, done) or cancelled: nothing to cancel, and a held meeting stays held.
    if (step.status === 'CANCELLED' || step.status === 'HELD' || step.status === 'DONE') return { sequence: step.icalSequence };
    const updated = await prisma.step.update({
      where: { id: step.id },
      data: { status: 'CANCELLED', cancelReason: input.reason, icalSequence: { increment: 1 } },
    });
    return { sequence: updated.icalSequence };
  }

  async function recordStepCompleted(input: { stepId: string }): Promise<void> {
    await prisma.step.update({ where: { id: input.stepId }, data: { status: 'DONE', late: false, completedAt: new Date() } });
  }

  async function markStepLate(input: { stepId: string }): Promise<void> {
    await prisma.step.update({ where: { id: input.stepId }, data: { late: true } });
  }

  async function recordStepStatus(input: { stepId: string; status: 'HELD' | 'DONE' | 'CANCELLED' }): Promise<void> {
    // Never step back: a step completed by the coordinator stays DONE when its workflow reports HELD.
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId } });
    if (step.status === 'DONE' || step.status === 'CANCELLED') return;
    await prisma.step.update({ where: { id: input.stepId }, data: { status: input.status } });
  }

  /** The coordinator closed the held meeting: recorded once (a retry keeps the first instant). */
  async function recordMeetingClosed(input: { stepId: string }): Promise<void> {
    await prisma.step.updateMany({ where: { id: input.stepId, closedAt: null }, data: { closedAt: new Date() } });
  }

  return { applyStepChanges, insertStep, recordStepCancelled, recordStepCompleted, markStepLate, recordStepStatus, recordMeetingClosed };
}
