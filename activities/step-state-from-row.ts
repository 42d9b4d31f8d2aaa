// Maps a step row to what the workflows know of it (`StepState`), for the activities that load or change steps.
import type { StepState } from '../workflows/definitions';
import type { Step } from '../infra/db/prisma';
import type { StepKind } from '../domain/plan';

const runStatus: Record<Step['status'], StepState['status']> = {
  PLANNED: 'WAITING',
  INVITED: 'WAITING',
  HELD: 'HELD',
  DONE: 'DONE',
  CANCELLED: 'CANCELLED',
};

export function toStepState(step: Step): StepState {
  return {
    stepId: step.id,
    key: step.key,
    behaviour: step.behaviour,
    kind: (step.kind as StepKind | null) ?? null,
    phase: step.phase,
    title: step.title,
    dependsOn: step.dependsOn,
    inviteAfter: step.inviteAfter,
    startsAt: step.startsAt?.toISOString() ?? null,
    endsAt: step.endsAt?.toISOString() ?? null,
    location: step.location,
    onlineUrl: step.onlineUrl,
    invitationLeadDays: step.invitationLeadDays,
    reminderDays: step.reminderDays,
    nudgeFrom: step.nudgeFrom?.toISOString() ?? null,
    sequence: step.icalSequence,
    status: runStatus[step.status],
    invited: step.status === 'INVITED',
    late: step.late,
    // Only campaigns carry it: other steps' states stay as they were recorded.
    ...(step.interviewMinutes ? { interviewMinutes: step.interviewMinutes } : {}),
  };
}
