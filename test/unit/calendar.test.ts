// Calendar files are checked with an independent parser (node-ical), never with ical-generator itself,
// and the MIME message with mailparser: what a mail client would see.
import { simpleParser } from 'mailparser';
import * as ical from 'node-ical';
import { zonedInstant } from '../../domain/time';
import { composeMail } from '../../infra/mail';
import { cancellationCalendar, feedCalendar, invitationCalendar, stepCalendar, type CalendarMeeting } from '../../templates/calendar';
import { meetingCalendar } from '../../templates/messages/meeting-calendar';

const organizer = { name: 'Laura Pradeilles', email: 'laura.pradeilles@levezou-pareloup.example.org' };
const anne = { name: 'Anne Carrière', email: 'anne@example.org' };
const stamp = new Date('2026-03-01T10:00:00Z');

const meeting: CalendarMeeting = {
  uid: 'step-42@ctg.example.org',
  sequence: 0,
  summary: 'Groupe de travail Petite enfance (1re séance)',
  description: 'Co-construire le plan d’actions.',
  start: new Date('2026-03-30T07:30:00Z'),
  end: new Date('2026-03-30T10:30:00Z'),
  location: 'Salle des fêtes de Ségur',
  url: null,
  organizer,
};

function parse(ics: string) {
  const data = ical.sync.parseICS(ics);
  const events = Object.values(data).filter((c): c is ical.VEvent => (c as { type?: string })?.type === 'VEVENT');
  return { calendar: data.vcalendar!, events, event: events[0]! };
}

const lines = (ics: string) => ics.split('\r\n').filter((line, i, all) => line !== '' || i < all.length - 1);
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const attendeesOf = (event: ical.VEvent) => [event.attendee ?? []].flat() as unknown as { params: Record<string, unknown>; val: string }[];

describe('REQUEST: invitation and update', () => {
  const invitation = stepCalendar({ ...meeting, method: 'REQUEST', attendee: anne, stamp });
  const update = stepCalendar({
    ...meeting,
    sequence: 1,
    start: new Date('2026-04-02T07:30:00Z'),
    end: new Date('2026-04-02T10:30:00Z'),
    method: 'REQUEST',
    attendee: anne,
    stamp,
  });

  it('is a METHOD:REQUEST with one event, its UID and SEQUENCE', () => {
    const { calendar, events, event } = parse(invitation);
    expect(calendar.method).toBe('REQUEST');
    expect(events).toHaveLength(1);
    expect(event.uid).toBe('step-42@ctg.example.org');
    expect(event.sequence).toBe(0);
    expect(event.status).toBe('CONFIRMED');
    expect(event.start.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(event.end!.toISOString()).toBe('2026-03-30T10:30:00.000Z');
  });

  it('names the organizer with a real reply address and asks the attendee to answer', () => {
    const { event } = parse(invitation);
    const organizerProp = event.organizer as unknown as { params: { CN: string }; val: string };
    expect(organizerProp.params.CN).toBe('Laura Pradeilles');
    expect(organizerProp.val.toLowerCase()).toBe(`mailto:${organizer.email}`);
    const [attendee] = attendeesOf(event);
    expect(attendee!.params).toMatchObject({ CN: 'Anne Carrière', PARTSTAT: 'NEEDS-ACTION', RSVP: true, ROLE: 'REQ-PARTICIPANT' });
    expect(attendee!.val.toLowerCase()).toBe('mailto:anne@example.org');
    expect(unfold(invitation)).toMatch(/^ATTENDEE;[^\r\n]*PARTSTAT=NEEDS-ACTION;RSVP=TRUE[^\r\n]*:MAILTO:anne@example\.org$/m);
  });

  it('keeps the UID and raises the SEQUENCE on an update, so the event is replaced, not duplicated', () => {
    const before = parse(invitation).event;
    const after = parse(update).event;
    expect(parse(update).calendar.method).toBe('REQUEST');
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence!);
    expect(after.start.toISOString()).toBe('2026-04-02T07:30:00.000Z');
  });

  it('keeps working for the first slice’s invitationCalendar', () => {
    const { calendar, event } = parse(invitationCalendar({ ...meeting, sequence: 3 }, anne, stamp));
    expect(calendar.method).toBe('REQUEST');
    expect(event.sequence).toBe(3);
    expect(attendeesOf(event)).toHaveLength(1);
  });

  it('puts the place and the link in the description too, without repeating them', () => {
    const online = stepCalendar({ ...meeting, url: 'https://visio.example.org/j/123?pwd=a;b', method: 'REQUEST', attendee: anne, stamp });
    const { event } = parse(online);
    expect(event.description).toBe('Co-construire le plan d’actions.\nLieu : Salle des fêtes de Ségur\nEn ligne : https://visio.example.org/j/123?pwd=a;b');
    const described = stepCalendar({ ...meeting, description: 'À Salle des fêtes de Ségur.', method: 'REQUEST', attendee: anne, stamp });
    expect(parse(described).event.description).toBe('À Salle des fêtes de Ségur.');
  });

  it('shows the link as the place of an online-only meeting', () => {
    const { event } = parse(stepCalendar({ ...meeting, location: null, url: 'https://visio.example.org/j/1', method: 'REQUEST', stamp }));
    expect(event.location).toBe('https://visio.example.org/j/1');
  });

  it('refuses an event that ends before it starts, or a negative SEQUENCE', () => {
    expect(() => stepCalendar({ ...meeting, end: new Date('2026-03-30T06:00:00Z'), method: 'REQUEST', stamp })).toThrow(/ends before it starts/);
    expect(() => stepCalendar({ ...meeting, sequence: -1, method: 'REQUEST', stamp })).toThrow(/SEQUENCE/);
  });
});

describe('CANCEL', () => {
  const cancel = cancellationCalendar({ ...meeting, sequence: 2 }, [anne, { name: 'Marc Fabre', email: 'marc@example.org' }], stamp);

  it('is METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE', () => {
    const { calendar, event } = parse(cancel);
    const invitation = parse(stepCalendar({ ...meeting, sequence: 1, method: 'REQUEST', attendee: anne, stamp })).event;
    expect(calendar.method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    expect(event.uid).toBe(invitation.uid);
    expect(event.sequence).toBeGreaterThan(invitation.sequence!);
  });

  it('names the organizer and those concerned, without asking for an answer', () => {
    const { event } = parse(cancel);
    expect((event.organizer as unknown as { val: string }).val.toLowerCase()).toBe(`mailto:${organizer.email}`);
    const attendees = attendeesOf(event);
    expect(attendees.map((a) => a.val.toLowerCase())).toEqual(['mailto:anne@example.org', 'mailto:marc@example.org']);
    for (const attendee of attendees) expect(attendee.params.RSVP).toBeUndefined();
  });
});

describe('times', () => {
  const at = (start: Date) => parse(stepCalendar({ ...meeting, start, end: new Date(start.getTime() + 3 * 3_600_000), method: 'REQUEST', stamp }));
  const wallClock = (instant: Date, timeZone: string) =>
    new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);

  it('keep 9h30 in Paris on both sides of the switch to summer time (29 March 2026)', () => {
    const saturday = zonedInstant({ year: 2026, month: 3, day: 28, hour: 9, minute: 30 }, 'Europe/Paris');
    const monday = zonedInstant({ year: 2026, month: 3, day: 30, hour: 9, minute: 30 }, 'Europe/Paris');
    expect(saturday.toISOString()).toBe(new Date('2026-03-28T09:30:00+01:00').toISOString());
    expect(monday.toISOString()).toBe(new Date('2026-03-30T09:30:00+02:00').toISOString());

    const before = at(saturday).event.start;
    const after = at(monday).event.start;
    expect(before.toISOString()).toBe('2026-03-28T08:30:00.000Z');
    expect(after.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(wallClock(before, 'Europe/Paris')).toBe('09:30');
    expect(wallClock(after, 'Europe/Paris')).toBe('09:30');
  });

  it('keep 9h30 overseas (Cayenne UTC−3, La Réunion UTC+4)', () => {
    const cayenne = at(zonedInstant({ year: 2026, month: 3, day: 30, hour: 9, minute: 30 }, 'America/Cayenne')).event.start;
    const reunion = at(zonedInstant({ year: 2026, month: 3, day: 30, hour: 9, minute: 30 }, 'Indian/Reunion')).event.start;
    expect(cayenne.toISOString()).toBe('2026-03-30T12:30:00.000Z');
    expect(reunion.toISOString()).toBe('2026-03-30T05:30:00.000Z');
    expect(wallClock(cayenne, 'America/Cayenne')).toBe('09:30');
    expect(wallClock(reunion, 'Indian/Reunion')).toBe('09:30');
  });

  it('are UTC instants (Z), with no TZID that would need a VTIMEZONE', () => {
    const ics = stepCalendar({ ...meeting, method: 'REQUEST', stamp });
    expect(ics).toContain('DTSTART:20260330T073000Z\r\n');
    expect(ics).toContain('DTEND:20260330T103000Z\r\n');
    expect(ics).not.toContain('TZID');
  });

  it('do not depend on the zone of the machine that writes them', () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(stepCalendar({ ...meeting, method: 'REQUEST', stamp })).toContain('DTSTART:20260330T073000Z\r\n');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});

describe('text escaping and line folding', () => {
  const summary = 'Rencontre « Parentalité, vie sociale » ; élus & partenaires <script>alert(1)</script> \\ fin';
  const location = 'Salle "La Cazotte", 2 rue de l’Église; Nant';
  const description = 'Ligne 1, avec virgule; et point-virgule\nLigne 2 : accents éèàçœ — et \\ barre oblique inverse';
  const ics = stepCalendar({
    ...meeting,
    summary,
    location,
    description,
    method: 'REQUEST',
    organizer: { name: 'Laura "Lo" Pradeilles, CC Lévezou', email: organizer.email },
    attendee: { name: 'Hélène Ricard; Caf de l’Aveyron', email: 'helene@caf12.example.org' },
    stamp,
  });

  it('round-trips accents, commas, semicolons, backslashes, newlines and markup', () => {
    const { event } = parse(ics);
    expect(event.summary).toBe(summary);
    expect(event.location).toBe(location);
    expect(event.description).toBe(`${description}\nLieu : ${location}`);
    expect(unfold(ics)).toContain('SUMMARY:Rencontre « Parentalité\\, vie sociale » \\; élus & partenaires <script>alert(1)</script> \\\\ fin\r\n');
    expect(unfold(ics)).toContain('DESCRIPTION:Ligne 1\\, avec virgule\\; et point-virgule\\nLigne 2');
  });

  it('keeps display names legal inside a quoted CN (no DQUOTE; « ; » which parsers split on becomes « , »)', () => {
    const { event } = parse(ics);
    expect((event.organizer as unknown as { params: { CN: string } }).params.CN).toBe("Laura 'Lo' Pradeilles, CC Lévezou");
    expect(attendeesOf(event)[0]!.params.CN).toBe('Hélène Ricard, Caf de l’Aveyron');
  });

  it('folds lines at 75 octets without splitting a character, and unfolds to the original', () => {
    const long = `${'Un diagnostic partagé, co-construit avec les acteurs locaux ; '.repeat(6)}🙂 éèà`;
    const folded = stepCalendar({ ...meeting, description: long, method: 'REQUEST', attendee: anne, stamp });
    expect(folded.endsWith('\r\n')).toBe(true);
    expect(folded.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const all = lines(folded);
    for (const line of all) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(all.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
    // Splitting the bytes at each CRLF leaves valid UTF-8 on every physical line.
    const bytes = Buffer.from(folded, 'utf8');
    let from = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        expect(bytes.subarray(from, i).toString('utf8')).not.toContain('\uFFFD');
        from = i + 2;
      }
    }
    const escaped = long.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,');
    expect(unfold(folded)).toContain(`DESCRIPTION:${escaped}\\nLieu : Salle des fêtes de Ségur\r\n`);
    expect(parse(folded).event.description).toBe(`${long}\nLieu : Salle des fêtes de Ségur`);
  });
});

describe('PUBLISH feed', () => {
  const feed = feedCalendar({
    name: 'CTG — Lévezou, Pareloup; Pays de Salars',
    description: 'Les rendez-vous de la CTG 2026–2030',
    timezone: 'Europe/Paris',
    refreshMinutes: 60,
    stamp,
    events: [
      { ...meeting, uid: 'a@ctg.example.org' },
      { ...meeting, uid: 'b@ctg.example.org', sequence: 3, start: new Date('2026-04-02T07:30:00Z'), end: new Date('2026-04-02T10:30:00Z') },
      { ...meeting, uid: 'c@ctg.example.org', sequence: 1, cancelled: true },
    ],
  });

  it('is a METHOD:PUBLISH calendar named for subscribers, with every event and no attendee', () => {
    const { calendar, events } = parse(feed);
    expect(calendar.method).toBe('PUBLISH');
    expect((calendar as Record<string, unknown>)['WR-CALNAME']).toBe('CTG — Lévezou, Pareloup; Pays de Salars');
    expect((calendar as Record<string, unknown>)['WR-TIMEZONE']).toBe('Europe/Paris');
    expect(events.map((e) => e.uid)).toEqual(['a@ctg.example.org', 'b@ctg.example.org', 'c@ctg.example.org']);
    expect(events.map((e) => e.sequence)).toEqual([0, 3, 1]);
    expect(events.map((e) => e.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(feed).not.toContain('ATTENDEE');
    expect(feed).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(feed).toContain('X-WR-CALNAME:CTG — Lévezou\\, Pareloup\\; Pays de Salars\r\n');
  });
});

describe('the composed MIME message', () => {
  it.each(['REQUEST', 'CANCEL'] as const)('has a text/calendar part whose method=%s matches the METHOD of its body', async (method) => {
    const content = stepCalendar({ ...meeting, sequence: method === 'CANCEL' ? 2 : 0, method, attendee: anne, stamp });
    const raw = await composeMail({
      from: 'CTG <ctg@ctg.example.org>',
      to: 'Anne Carrière <anne@example.org>',
      subject: method === 'CANCEL' ? 'Annulation : Groupe de travail' : 'Invitation : Groupe de travail',
      text: 'texte',
      html: '<p>texte</p>',
      messageId: '<m1@ctg.example.org>',
      calendar: { method, content, filename: method === 'CANCEL' ? 'annulation.ics' : 'invitation.ics' },
    });
    expect(raw.toString('utf8')).toMatch(new RegExp(`Content-Type: text/calendar; charset=utf-8; method=${method}\\r\\n`));

    const mail = await simpleParser(raw);
    const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(part).toBeDefined();
    const header = part!.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(header.params.method).toBe(method);
    const body = part!.content.toString('utf8');
    expect(body).toBe(content);
    expect(parse(body).calendar.method).toBe(header.params.method);

    const file = mail.attachments.find((a) => a.contentType === 'application/ics');
    expect(file?.filename).toBe(method === 'CANCEL' ? 'annulation.ics' : 'invitation.ics');
    expect(parse(file!.content.toString('utf8')).calendar.method).toBe(method);
  });
});

describe('the calendar file of a meeting email', () => {
  it('is one function for every sender: the step’s words, its UID and SEQUENCE, the person’s link', () => {
    const context = {
      territory: { name: 'Agglo du Causse', timezone: 'Europe/Paris', article: 'l’' },
      coordinator: { name: 'Inès Vayssié', email: 'ines@causse.example.org' },
      cafAdviser: null,
      cafName: 'Caf du Lot',
      period: { start: 2027, end: 2031 },
    };
    const step = {
      key: 'table-ronde', behaviour: 'MEETING' as const, phase: 'DIAGNOSTIC' as const, title: 'Table ronde', description: 'Une seule séance.',
      startsAt: new Date('2027-03-18T08:30:00Z'), endsAt: new Date('2027-03-18T11:30:00Z'), location: 'Gramat', onlineUrl: null, capacity: null, session: null,
    };
    const links = { registrationUrl: 'https://ctg.example.org/p/abc', calendarFeedUrl: null };
    const attendee = { name: 'Anne', email: 'anne@example.org' };
    const request = meetingCalendar({ context, step, uid: 'u1@ctg', sequence: 2, method: 'REQUEST', links, attendee }).content.replace(/\r\n[ \t]/g, '');
    expect(request).toMatch(/^METHOD:REQUEST$/m);
    expect(request).toMatch(/^SEQUENCE:2$/m);
    expect(request).toContain('Une seule séance.');
    expect(request).toContain('Inscription (ou annulation) : https://ctg.example.org/p/abc');
    const cancel = meetingCalendar({ context, step, uid: 'u1@ctg', sequence: 3, method: 'CANCEL', cancelReason: 'Salle fermée', links: null, attendee });
    expect(cancel.filename).toBe('annulation.ics');
    expect(cancel.content.replace(/\r\n[ \t]/g, '')).toContain('Motif : Salle fermée');
    const seat = meetingCalendar({ context, step, uid: 'u1@ctg', sequence: 2, method: 'CANCEL', seatGivenBack: true, links, attendee });
    expect(seat.content.replace(/\r\n[ \t]/g, '')).toContain('Inscription annulée : Table ronde');
  });
});
