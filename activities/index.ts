// All activities, built from their dependencies (see samples-typescript's activity factories).
import type { ActivityDeps } from './deps';
import { invitationActivities } from './invitations';
import { processActivities } from './process';

export function createActivities(deps: ActivityDeps) {
  return {
    ...processActivities(deps),
    ...invitationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
export type { ProcessSchedule, StepSchedule } from './process';
export type { InvitationReport } from './invitations';
