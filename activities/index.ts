// All activities, built from their dependencies (see samples-typescript's activity factories).
import type { ActivityDeps } from './deps';
import { infoFlashActivities } from './info-flash';
import { interviewActivities } from './interviews';
import { messageActivities } from './messages';
import { processActivities } from './process';
import { registrationActivities } from './registrations';
import { retentionActivities } from './retention';
import { stepRecordActivities } from './step-records';

export function createActivities(deps: ActivityDeps) {
  return {
    ...processActivities(deps),
    ...stepRecordActivities(deps),
    ...messageActivities(deps),
    ...infoFlashActivities(deps),
    ...registrationActivities(deps),
    sendInterviewNotice: interviewActivities(deps).sendInterviewNotice,
    ...retentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
export type { DeliveryReport, StepMessageKind } from './messages';
