// iCalendar objects for invitations. Times are written in UTC (the trailing Z), which every client
// converts to the reader's zone, so no VTIMEZONE is needed and daylight-saving changes cannot shift them.
// ical-generator sets neither METHOD nor SEQUENCE on its own: both are passed explicitly.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface CalendarMeeting {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  start: Date;
  end: Date;
  location?: string | null;
  url?: string | null;
  organizer: { name: string; email: string };
}

export function invitationCalendar(meeting: CalendarMeeting, attendee: { name: string; email: string }, stamp: Date): string {
  const calendar = ical({
    prodId: { company: 'CTG', product: 'ctg-workflow-service', language: 'FR' },
    method: ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp,
    start: meeting.start,
    end: meeting.end,
    summary: meeting.summary,
    description: meeting.description,
    location: meeting.location ?? null,
    url: meeting.url ?? null,
    status: ICalEventStatus.CONFIRMED,
    organizer: meeting.organizer,
    attendees: [
      {
        email: attendee.email,
        name: attendee.name,
        rsvp: true,
        status: ICalAttendeeStatus.NEEDSACTION,
        role: ICalAttendeeRole.REQ,
      },
    ],
  });
  return calendar.toString();
}
