// Rows to the views message templates and calendar files are written from: shared by the activities
// (emails) and the pages (a meeting's .ics), so both describe a meeting the same way. The shapes are the
// templates' (StepView, MessageContext), checked where the two meet: infra/ does not import templates/.
import type { NewsletterContact } from '../../domain/newsletter';
import { phaseLabelsOf } from '../../domain/vocabulary';
import type { Process, Step, Territory } from './prisma';

export const toStepView = (step: Step) => ({
  key: step.key,
  behaviour: step.behaviour,
  phase: step.phase,
  title: step.title,
  description: step.description,
  startsAt: step.startsAt,
  endsAt: step.endsAt,
  month: step.month,
  untilMonth: step.untilMonth,
  location: step.location,
  onlineUrl: step.onlineUrl,
  capacity: step.capacity,
  session: step.session === 1 || step.session === 2 ? (step.session as 1 | 2) : null,
});

export const messageContextOf = (territory: Territory, process: Pick<Process, 'periodStart' | 'periodEnd'> & Partial<Pick<Process, 'phaseLabels' | 'contacts'>>) => ({
  territory: { name: territory.name, timezone: territory.timezone, article: territory.nameArticle },
  coordinator: { name: territory.coordinatorName, email: territory.coordinatorEmail, function: territory.coordinatorFunction },
  cafAdviser: territory.cafAdviserEmail
    ? { name: territory.cafAdviserName ?? territory.cafAdviserEmail, email: territory.cafAdviserEmail, function: territory.cafAdviserFunction }
    : null,
  cafName: territory.cafName,
  period: { start: process.periodStart, end: process.periodEnd },
  phaseLabels: phaseLabelsOf(process.phaseLabels),
  ...(Array.isArray(process.contacts) && process.contacts.length ? { contacts: process.contacts as unknown as NewsletterContact[] } : {}),
});
