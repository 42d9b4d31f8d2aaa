// The newsletter (Info flash) of a process as read from the database: the issue's parts, where the process
// stands and what comes next. Plain data, of the shape templates/info-flash.ts's InfoFlashView asks for:
// the caller joins them (infra/ does not import templates/).
import { phaseLabelsOf } from '../../domain/vocabulary';
import type { PrismaClient, Territory } from './prisma';
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
