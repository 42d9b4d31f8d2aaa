// How a step's state reads for people (timeline, dashboard): one word from the projection the
// activities keep in the database, whatever the workflow is doing at that moment.
import { isWorkItem, type StepBehaviour } from './plan';

export const stepDisplayStates = ['A_VENIR', 'A_FIXER', 'INVITEE', 'EN_RETARD', 'TENUE', 'TERMINEE', 'ANNULEE'] as const;
export type StepDisplayState = (typeof stepDisplayStates)[number];

export const stepDisplayLabels: Record<StepDisplayState, string> = {
  A_VENIR: 'à venir',
  A_FIXER: 'date à fixer',
  INVITEE: 'invitations envoyées',
  EN_RETARD: 'en retard',
  TENUE: 'tenue',
  TERMINEE: 'terminée',
  ANNULEE: 'annulée',
};

export interface StepLike {
  behaviour: StepBehaviour;
  status: 'PLANNED' | 'INVITED' | 'HELD' | 'DONE' | 'CANCELLED';
  late: boolean;
  startsAt: Date | null;
}

/** A task or a milestone: a due date, no invitations. */
export const isTask = (step: { behaviour: StepBehaviour }) => isWorkItem(step.behaviour);

export function stepDisplayState(step: StepLike): StepDisplayState {
  switch (step.status) {
    case 'CANCELLED':
      return 'ANNULEE';
    case 'DONE':
      return 'TERMINEE';
    case 'HELD':
      return 'TENUE';
    default:
      if (step.late) return 'EN_RETARD';
      if (step.status === 'INVITED') return 'INVITEE';
      // A meeting's date or a task's due date: the workflow nudges the coordinator until it is set.
      return step.startsAt ? 'A_VENIR' : 'A_FIXER';
  }
}

/** Done for the progress count: held or completed (a cancelled step no longer counts either way). */
export const isStepFinished = (step: Pick<StepLike, 'status'>) => step.status === 'HELD' || step.status === 'DONE';

const liveFirst = { RUNNING: 0, PAUSED: 0, COMPLETED: 1, CANCELLED: 2 } as const;

/** The process a territory shows: the most recent one still running (a renewal before its predecessor's end), else the latest. */
export function currentProcessOf<P extends { status: keyof typeof liveFirst; periodStart: number }>(processes: readonly P[]): P | null {
  return [...processes].sort((a, b) => liveFirst[a.status] - liveFirst[b.status] || b.periodStart - a.periodStart)[0] ?? null;
}

/** A meeting people register to: not a survey, a campaign of interviews, nor a one-to-one interview. */
export const isRegistrableMeeting = (step: { behaviour: StepBehaviour; kind: string | null }) =>
  (step.behaviour === 'MEETING' || step.behaviour === 'PUBLIC_MEETING') && step.kind !== 'ENTRETIEN_PARTENAIRE';
