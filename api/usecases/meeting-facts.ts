// A meeting as the partner page and the public form show it: its own title, when, where, seats.
import type { Step } from '../../infra/db/prisma';
import { toStepView } from '../../infra/db/message-views';
import { displayTitle } from '../../templates/messages/wording';
import type { MeetingFacts } from '../../templates/pages/registration';

export const meetingFacts = (step: Step): MeetingFacts => ({
  title: displayTitle(toStepView(step)),
  startsAt: step.startsAt,
  endsAt: step.endsAt,
  location: step.location,
  onlineUrl: step.onlineUrl,
  capacity: step.capacity,
});
