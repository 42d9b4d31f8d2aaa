// A territory's email to one person: sent by the service, answered by the territory's coordinator, with the
// meeting's calendar object when it carries one (none while the meeting has no date).
import { mailbox, type EmailDraft } from '../infra/mail';
import type { Territory } from '../infra/db/prisma';
import { meetingEmail, type MeetingEmailInput } from '../templates/messages/meeting-email';
import type { MessageContext, MessageView, StepView } from '../templates/messages/types';

type CalendarInput = NonNullable<MeetingEmailInput['calendar']>;

export function territoryEmail(input: {
  from: string;
  territory: Pick<Territory, 'coordinatorName' | 'coordinatorEmail'>;
  context: MessageContext;
  person: { fullName: string; email: string };
  view: MessageView;
  calendar?: CalendarInput | null;
}): EmailDraft {
  return meetingEmail({
    context: input.context,
    view: input.view,
    from: input.from,
    to: mailbox(input.person.fullName, input.person.email),
    replyTo: mailbox(input.territory.coordinatorName, input.territory.coordinatorEmail),
    calendar: input.calendar ?? null,
  });
}

/** The meeting's calendar object, or null while it has no date. */
export function calendarOf(step: StepView, rest: Omit<CalendarInput, 'step'>): CalendarInput | null {
  return step.startsAt ? { ...rest, step: { ...step, startsAt: step.startsAt } } : null;
}
