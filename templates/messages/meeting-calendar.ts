// The .ics attached to a meeting's email, one way for every sender (step messages, registration notices,
// the preview): REQUEST for an invitation, an update or a seat, CANCEL for a cancelled meeting or a seat
// given back, with the step's UID and SEQUENCE and a French description of what, when, where, how.
import { stepCalendar } from '../calendar';
import { calendarDescription, unregisteredCalendarDescription } from './calendar-description';
import type { MessageContext, RecipientLinks, StepView } from './types';

export interface MeetingCalendarInput {
  context: MessageContext;
  step: StepView & { startsAt: Date };
  /** One UID per meeting, a SEQUENCE raised on every change. */
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  /** Only this person's registration is cancelled (the meeting takes place). */
  seatGivenBack?: boolean;
  /** Why the meeting is cancelled, for a CANCEL of the meeting itself. */
  cancelReason?: string | null;
  links: RecipientLinks | null;
  /** What the link does when it is not a registration (an interview: « Changer ou annuler mon créneau »). */
  manageLabel?: string;
  attendee: { name: string; email: string };
  stamp?: Date;
}

export interface MeetingCalendar {
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  content: string;
}

export function meetingCalendar(input: MeetingCalendarInput): MeetingCalendar {
  const { context, step, method } = input;
  const description =
    method === 'CANCEL'
      ? input.seatGivenBack
        ? unregisteredCalendarDescription(context, step, input.links)
        : calendarDescription(context, step, null, { reason: input.cancelReason ?? null })
      : calendarDescription(context, step, input.links, undefined, input.manageLabel);
  return {
    method,
    filename: method === 'CANCEL' ? 'annulation.ics' : 'invitation.ics',
    content: stepCalendar({
      method,
      uid: input.uid,
      sequence: input.sequence,
      summary: step.title,
      start: step.startsAt,
      end: step.endsAt ?? step.startsAt,
      location: step.location,
      url: step.onlineUrl,
      description,
      organizer: context.coordinator,
      attendee: input.attendee,
      stamp: input.stamp,
    }),
  };
}
