// All activities, built from their dependencies (see samples-typescript's activity factories).
import { createOutbox } from '../infra/mail';
import type { ActivityDeps } from './deps';
import { adviserDigestActivities } from './adviser-digest';
import { infoFlashActivities } from './info-flash';
import { interviewActivities } from './interviews';
import { messageActivities } from './messages';
import { processActivities } from './process';
import { registrationActivities } from './registrations';
import { retentionActivities } from './retention';
import { stepRecordActivities } from './step-changes';

export function createActivities(deps: ActivityDeps) {
  const context = { ...deps, outbox: createOutbox({ prisma: deps.prisma, mailer: deps.mailer, courier: deps.courier, mailFrom: deps.config.MAIL_FROM, linkSecret: deps.config.LINK_SECRET }) };
  return {
    ...processActivities(context),
    ...stepRecordActivities(context),
    ...messageActivities(context),
    ...infoFlashActivities(context),
    ...registrationActivities(context),
    sendInterviewNotice: interviewActivities(context).sendInterviewNotice,
    ...retentionActivities(context),
    ...adviserDigestActivities(context),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
export type { DeliveryReport, StepMessageKind } from './messages';
