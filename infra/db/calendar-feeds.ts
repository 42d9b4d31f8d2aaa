// Calendar feeds (PUBLISH) as read from the database: a territory's meetings, a partner's own. Plain data of
// the shape templates/calendar.ts's FeedInput asks for; same UID and SEQUENCE as the invitations.
import { bookingSequence } from '../../domain/interviews';
import { isMeeting } from '../../domain/plan';
import type { PrismaClient, Step } from './prisma';

/** A dated step as a feed event: same UID and SEQUENCE as the invitations, cancelled ones kept as such. */
export function toFeedEvent(s: Step, organizer: { name: string; email: string }) {
  return {
    uid: s.icalUid,
    sequence: s.icalSequence,
    summary: s.title,
    description: [s.title, s.location ? `Lieu : ${s.location}` : null, s.onlineUrl ? `En ligne : ${s.onlineUrl}` : null, `Contact : ${organizer.name} <${organizer.email}>`]
      .filter(Boolean)
      .join('\n'),
    start: s.startsAt!,
    end: s.endsAt && s.endsAt > s.startsAt! ? s.endsAt : new Date(s.startsAt!.getTime() + 3_600_000),
    location: s.location,
    url: s.onlineUrl,
    organizer,
    cancelled: s.status === 'CANCELLED',
  };
}

/** Every dated meeting of the territory's processes, for calendar subscription (PUBLISH). */
/** `shared`: the feed anyone with its link reads (no one-to-one interview, which concerns one partner). */
export async function loadTerritoryFeed(prisma: PrismaClient, territoryId: string, options: { shared?: boolean } = {}) {
  const territory = await prisma.territory.findUnique({
    where: { id: territoryId },
    include: { processes: { include: { steps: { where: { startsAt: { not: null } }, orderBy: { startsAt: 'asc' } } } } },
  });
  if (!territory) return null;
  const organizer = { name: territory.coordinatorName, email: territory.coordinatorEmail };
  return {
    name: `CTG — ${territory.name}`,
    description: `Les rencontres de la Convention Territoriale Globale (${territory.cafName})`,
    timezone: territory.timezone,
    refreshMinutes: 360,
    events: territory.processes
      .flatMap((p) => p.steps)
      .filter((s) => isMeeting(s.behaviour) && !(options.shared && s.kind === 'ENTRETIEN_PARTENAIRE'))
      .map((s) => toFeedEvent(s, organizer)),
  };
}

/** The meetings a partner was invited to (their personal feed): updates and cancellations included. */
export async function loadPartnerFeed(prisma: PrismaClient, contactId: string) {
  const contact = await prisma.contact.findUnique({ where: { id: contactId }, include: { territory: true } });
  if (!contact) return null;
  const stepIds = (
    await prisma.message.findMany({
      where: { contactId, kind: { in: ['INVITATION', 'UPDATE'] }, status: { in: ['SENT', 'CAPTURED'] }, stepId: { not: null } },
      distinct: ['stepId'],
      select: { stepId: true },
    })
  ).map((m) => m.stepId!);
  // A campaign of interviews is not an event: their own interview is (given back: cancelled in their calendar).
  const steps = await prisma.step.findMany({ where: { id: { in: stepIds }, startsAt: { not: null }, behaviour: { not: 'INTERVIEWS' } }, orderBy: { startsAt: 'asc' } });
  const interviews = await prisma.interviewBooking.findMany({ where: { contactId }, include: { step: true }, orderBy: { startsAt: 'asc' } });
  const { territory } = contact;
  const organizer = { name: territory.coordinatorName, email: territory.coordinatorEmail };
  const interviewEvents = interviews.map((b) => ({
    ...toFeedEvent({ ...b.step, startsAt: b.startsAt, endsAt: b.endsAt }, organizer),
    uid: b.icalUid,
    sequence: bookingSequence(b.step.icalSequence, b.icalSequence),
    cancelled: b.status === 'RELEASED' || b.step.status === 'CANCELLED',
  }));
  return {
    name: `CTG — ${territory.name} — ${contact.fullName}`,
    description: `Vos rencontres de la Convention Territoriale Globale (${territory.cafName})`,
    timezone: territory.timezone,
    refreshMinutes: 360,
    events: [...steps.map((s) => toFeedEvent(s, organizer)), ...interviewEvents].sort((a, b) => a.start.getTime() - b.start.getTime()),
  };
}
