// One way to assemble an email about a meeting (or any message of the lifecycle): the French text and HTML
// of its view, its .ics when it carries one, and its envelope. Step messages, registration and interview
// notices, the Info flash and the preview all come through here, so what the preview shows is what is sent.
import { renderMessage } from './index';
import { meetingCalendar, type MeetingCalendarInput } from './meeting-calendar';
import type { MessageContext, MessageView } from './types';

export interface Addressed {
  name: string;
  address: string;
}

export interface AssembledEmail {
  from: string;
  to: Addressed;
  replyTo?: Addressed;
  subject: string;
  text: string;
  html: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
}

export interface MeetingEmailInput {
  context: MessageContext;
  view: MessageView;
  from: string;
  to: Addressed;
  /** Answers go to the coordinator; none for a message from the service itself. */
  replyTo?: Addressed | null;
  /** The meeting's calendar object, when this message carries one (its attendee is `to`). */
  calendar?: Omit<MeetingCalendarInput, 'context' | 'attendee'> | null;
}

export function meetingEmail(input: MeetingEmailInput): AssembledEmail {
  const { context, view, to } = input;
  const email = renderMessage(context, view);
  return {
    from: input.from,
    to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    ...email,
    ...(input.calendar ? { calendar: meetingCalendar({ ...input.calendar, context, attendee: { name: to.name, email: to.address } }) } : {}),
  };
}
