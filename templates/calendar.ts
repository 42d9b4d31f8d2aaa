// iCalendar objects: invitations and their updates (REQUEST), cancellations (CANCEL) and subscription
// feeds (PUBLISH). Times are written in UTC (the trailing Z), which every client converts to the reader's
// zone, so no VTIMEZONE is needed and daylight-saving changes cannot shift them.
// ical-generator quirks handled here: it sets no METHOD and only a default SEQUENCE:0 (both are passed
// explicitly); it writes NAME/X-WR-CALNAME/X-WR-CALDESC without TEXT escaping (we use X- properties,
// which it escapes); it backslash-escapes quoted parameters (CN) and URI values, which RFC 5545 does not
// allow; it silently swaps an end that precedes the start; it leaves the final CRLF off.
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalAttendeeData,
  type ICalCalendar,
  type ICalEventData,
} from 'ical-generator';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarMeeting {
  /** Stable for the meeting's whole life: a reschedule or a cancellation reuses it. */
  uid: string;
  /** Kept in the database and raised on every change, so clients replace the event they already have. */
  sequence: number;
  summary: string;
  description: string;
  start: Date;
  end: Date;
  location?: string | null;
  url?: string | null;
  /** Whoever answers replies: the coordinator's real address. */
  organizer: CalendarPerson;
}

export type SchedulingMethod = 'REQUEST' | 'CANCEL';

export interface StepCalendarInput extends CalendarMeeting {
  method: SchedulingMethod;
  attendee?: CalendarPerson;
  attendees?: CalendarPerson[];
  /** DTSTAMP: when this version of the object was produced (defaults to now). */
  stamp?: Date;
}

export interface FeedEvent extends Omit<CalendarMeeting, 'organizer'> {
  organizer?: CalendarPerson | null;
  cancelled?: boolean;
}

export interface FeedInput {
  /** Shown as the subscribed calendar's name (X-WR-CALNAME). */
  name: string;
  description?: string | null;
  /** The zone clients should display the feed in (X-WR-TIMEZONE); times themselves stay UTC. */
  timezone?: string | null;
  events: FeedEvent[];
  stamp?: Date;
  /** How often a subscribed client should refresh, in minutes. */
  refreshMinutes?: number;
}

const prodId = { company: 'CTG', product: 'ctg-workflow-service', language: 'FR' };

/** A REQUEST (invitation or update) or a CANCEL for one meeting, addressed to its attendees. */
export function stepCalendar(input: StepCalendarInput): string {
  const attendees = [...(input.attendee ? [input.attendee] : []), ...(input.attendees ?? [])];
  const method = input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar: ICalCalendar = ical({ prodId, method });
  calendar.createEvent({
    ...eventData(input, input.stamp ?? new Date()),
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: person(input.organizer),
    attendees: attendees.map((attendee) => attendeeData(attendee, input.method)),
  });
  return serialize(calendar);
}

/** Kept for callers of the first slice: a REQUEST for one attendee. */
export function invitationCalendar(meeting: CalendarMeeting, attendee: CalendarPerson, stamp: Date): string {
  return stepCalendar({ ...meeting, method: 'REQUEST', attendee, stamp });
}

export function cancellationCalendar(meeting: CalendarMeeting, attendees: CalendarPerson[], stamp: Date): string {
  return stepCalendar({ ...meeting, method: 'CANCEL', attendees, stamp });
}

/** A subscription feed (per territory or per partner): PUBLISH, no attendees, served as text/calendar. */
export function feedCalendar(feed: FeedInput): string {
  const stamp = feed.stamp ?? new Date();
  const x: [string, string][] = [['X-WR-CALNAME', feed.name]];
  if (feed.description) x.push(['X-WR-CALDESC', feed.description]);
  if (feed.timezone) x.push(['X-WR-TIMEZONE', feed.timezone]);
  // `name`/`description` options would be written unescaped: X- properties go through escape().
  const calendar: ICalCalendar = ical({ prodId, method: ICalCalendarMethod.PUBLISH, x });
  if (feed.refreshMinutes) calendar.ttl(feed.refreshMinutes * 60);
  for (const event of feed.events) {
    calendar.createEvent({
      ...eventData(event, stamp),
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: event.organizer ? person(event.organizer) : null,
    });
  }
  return serialize(calendar);
}

/** RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off. */
function serialize(calendar: ICalCalendar): string {
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

function eventData(meeting: Omit<CalendarMeeting, 'organizer'>, stamp: Date): ICalEventData {
  if (!Number.isInteger(meeting.sequence) || meeting.sequence < 0) {
    throw new RangeError(`SEQUENCE must be a non-negative integer, got ${meeting.sequence}`);
  }
  if (meeting.end.getTime() < meeting.start.getTime()) {
    // ical-generator would silently swap them; a wrong plan must not become a plausible event.
    throw new RangeError(`event ${meeting.uid} ends before it starts`);
  }
  const location = meeting.location?.trim() || null;
  const url = meeting.url?.trim() || null;
  return {
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp,
    // Native Dates without `timezone` are written as UTC instants (…Z), whatever the host's zone.
    start: meeting.start,
    end: meeting.end,
    summary: meeting.summary,
    description: describe(meeting.description, location, url),
    // An online-only meeting shows its link where clients look for the place.
    location: location ?? url,
    url: url ? uriValue(url) : null,
  };
}

/** Clients often show only the description: it must carry the place and the link too. */
function describe(description: string, location: string | null, url: string | null): string {
  const lines = [description.trim()];
  if (location && !description.includes(location)) lines.push(`Lieu : ${location}`);
  if (url && !description.includes(url)) lines.push(`En ligne : ${url}`);
  return lines.filter(Boolean).join('\n');
}

function attendeeData(attendee: CalendarPerson, method: SchedulingMethod): ICalAttendeeData {
  const base = { email: attendee.email, name: parameterText(attendee.name), role: ICalAttendeeRole.REQ };
  // A CANCEL only names who is concerned; asking for an answer only makes sense on a REQUEST.
  return method === 'REQUEST' ? { ...base, rsvp: true, status: ICalAttendeeStatus.NEEDSACTION } : base;
}

function person(who: CalendarPerson): CalendarPerson {
  return { name: parameterText(who.name), email: who.email };
}

/**
 * CN is a quoted parameter: it may hold neither DQUOTE nor line breaks, and backslashes are not escapes
 * there. Semicolons are allowed by RFC 5545 inside quotes, but common parsers (node-ical among them) split
 * parameters on every `;`, so they become commas: it is only a display name.
 */
function parameterText(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/"/g, "'").replace(/\\/g, '/').replace(/;/g, ',').trim();
}

/** URI values are not TEXT: percent-encode the characters ical-generator would backslash-escape. */
function uriValue(url: string): string {
  return url.replace(/[,;\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
