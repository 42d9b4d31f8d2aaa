// Read models built from the database for what people read: the Info flash of a process and the
// calendar feed of a territory. Plain data in, plain data out; rendering is in templates/, whose view
// types (InfoFlashView, FeedInput) these shapes meet where a caller joins them: infra/ does not import templates/.
import { bookingSequence } from '../../domain/interviews';
import { isMeeting } from '../../domain/plan';
import { phaseLabelsOf } from '../../domain/vocabulary';
import type { PrismaClient, Step, Territory } from './prisma';
import { audienceSchema } from '../../domain/plan';
import { paths } from '../../domain/urls';
import type { NewsletterContact, NewsletterSection } from '../../domain/newsletter';

const themeOf = (title: string) => /Groupe de travail (.+?) \(/.exec(title)?.[1];

/** The issue's own parts (null: an issue sent on the spot with the standard words). */
export interface IssueParts {
  title: string;
  number: number;
  editorial: string | null;
  sections: NewsletterSection[];
  contacts: NewsletterContact[];
}

/** Who a new issue shows in « Vos contacts »: the process's chosen contacts, else the coordinator and the Caf adviser. */
export function defaultNewsletterContacts(territory: Territory, process?: { contacts: unknown } | null): NewsletterContact[] {
  if (Array.isArray(process?.contacts) && process.contacts.length) return process.contacts as NewsletterContact[];
  return [
    // Each person's function as they gave it; without one, what they do here, never a gendered title.
    { name: territory.coordinatorName, function: territory.coordinatorFunction ?? 'Coordination de la CTG', organisation: territory.name, email: territory.coordinatorEmail, phone: null },
    ...(territory.cafAdviserEmail
      ? [{ name: territory.cafAdviserName ?? territory.cafAdviserEmail, function: territory.cafAdviserFunction ?? 'Suivi de la CTG pour la Caf', organisation: territory.cafName, email: territory.cafAdviserEmail, phone: null }]
      : []),
  ];
}

/**
 * The newsletter as of `issuedAt`: the issue's own parts, and from the process where it stands and what
 * comes next. One-to-one interviews are nobody else's business: left out. Personal links are added per reader.
 */
export async function loadInfoFlashView(
  prisma: PrismaClient,
  processId: string,
  options: { issue: IssueParts | null; number?: number; issuedAt: Date; publicBaseUrl: string },
) {
  const process = await prisma.process.findUnique({
    where: { id: processId },
    include: { territory: true, steps: { orderBy: { position: 'asc' } } },
  });
  if (!process) return null;
  const { territory } = process;
  const now = options.issuedAt.getTime();
  const stateOf = (step: (typeof process.steps)[number]): 'done' | 'ongoing' | 'upcoming' => {
    if (step.status === 'HELD' || step.status === 'DONE') return 'done';
    if (step.startsAt && step.startsAt.getTime() <= now && (!step.endsAt || step.endsAt.getTime() > now)) return 'ongoing';
    return 'upcoming';
  };
  const themes = [...new Set(process.steps.map((s) => themeOf(s.title)).filter((t): t is string => Boolean(t)))];
  const issue = options.issue;
  return {
    territory: { name: territory.name, timezone: territory.timezone, article: territory.nameArticle },
    cafName: territory.cafName,
    period: { start: process.periodStart, end: process.periodEnd },
    phase: process.currentPhase,
    phaseLabels: phaseLabelsOf(process.phaseLabels),
    name: issue?.title ?? 'Info flash',
    number: issue?.number ?? options.number ?? 1,
    editorial: issue?.editorial ?? null,
    sections: issue?.sections ?? [],
    issuedAt: options.issuedAt,
    themes,
    steps: process.steps
      .filter((s) => s.status !== 'CANCELLED' && s.kind !== 'ENTRETIEN_PARTENAIRE')
      .map((s) => ({
        title: s.title,
        phase: s.phase,
        behaviour: s.behaviour,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        location: s.location,
        state: stateOf(s),
        // Open to anyone: its form; invited partners register from their own page (their links, per reader).
        registrationUrl: audienceSchema.parse(s.audience).public ? `${options.publicBaseUrl}${paths.publicForm(s.id)}` : null,
      })),
    contacts: (issue?.contacts ?? defaultNewsletterContacts(territory)).map((c) => ({ name: c.name, role: c.function ?? '', organisation: c.organisation, email: c.email, phone: c.phone })),
    calendarFeedUrl: null as string | null,
  };
}

export type InfoFlashFacts = NonNullable<Awaited<ReturnType<typeof loadInfoFlashView>>>;

/** A frozen issue read back: its instants were written as text. */
export function reviveInfoFlashView(frozen: unknown): InfoFlashFacts {
  const view = frozen as InfoFlashFacts;
  const date = (value: unknown) => (value ? new Date(value as string) : null);
  return { ...view, issuedAt: new Date(view.issuedAt), steps: view.steps.map((s) => ({ ...s, startsAt: date(s.startsAt), endsAt: date(s.endsAt) })) };
}

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
