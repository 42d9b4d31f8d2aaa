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
