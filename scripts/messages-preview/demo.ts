// The Lévezou demo territory as the messages' templates see it: its context, its people (Claire, a
// partner, with her own links), the demo plan's steps and a few more (a survey, interviews, a reschedule).
import { demoContacts, demoPlan, demoTerritory } from '../../domain/demo';
import { standardDescriptions } from '../../domain/standard-descriptions';
import { localDateAfter, zonedInstant, zoneOffsetMinutes } from '../../domain/time';
import { paths } from '../../domain/urls';
import type { MessageContext, Person, RecipientLinks, StepView } from '../../templates/messages/types';

export const MAIL_FROM = process.env.MAIL_FROM?.trim() || 'Coordination CTG <ctg@localhost>';
export const BASE = 'https://ctg.example.org';
export const zone = demoTerritory.timezone;
export const now = new Date();

/** An instant `days` from today at a local wall-clock time of the territory. */
export const at = (days: number, hour: number, minute = 0) => zonedInstant({ ...localDateAfter(now, days, zone), hour, minute }, zone);
/** The same local wall-clock time `days` later (a daylight-saving change in between does not move it). */
export function shiftDays(instant: Date, days: number): Date {
  const wall = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return zonedInstant({ ...localDateAfter(instant, days, zone), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() }, zone);
}

export const adviserContact = demoContacts.find((c) => c.email.includes('caf12'))!;
export const context: MessageContext = {
  territory: { name: demoTerritory.name, timezone: zone },
  coordinator: { name: demoTerritory.coordinatorName, email: demoTerritory.coordinatorEmail },
  cafAdviser: { name: adviserContact.fullName, email: adviserContact.email },
  cafName: demoTerritory.cafName,
  period: { start: now.getFullYear(), end: now.getFullYear() + 4 },
};

export const person = (email: string): Person => {
  const c = demoContacts.find((contact) => contact.email === email)!;
  return { fullName: c.fullName, email: c.email, organisation: c.organisation ?? null };
};
export const claire = person('rpe@levezou.example.org');
export const partners = demoContacts.filter((c) => !c.roles.includes('ELU')).map((c) => person(c.email));

// The demo plan's steps, as the activities would read them back from the database.
export const planSteps: StepView[] = demoPlan(now).steps.map((s) => {
  const startsAt = s.startsAt ? new Date(s.startsAt) : null;
  return {
    key: s.key,
    behaviour: s.behaviour ?? 'MEETING',
    phase: s.phase,
    title: s.title,
    description: s.description ?? null,
    startsAt,
    endsAt: startsAt ? new Date(startsAt.getTime() + (s.durationMinutes ?? 180) * 60_000) : null,
    location: s.location ?? null,
    onlineUrl: s.onlineUrl ?? null,
    capacity: s.key.startsWith('gt-') ? 20 : null,
    session: s.key.startsWith('gt-') ? 1 : null,
  };
});
export const launch = planSteps.find((s) => s.key === 'lancement-partenaires')!;
export const groupPetiteEnfance = planSteps.find((s) => s.key === 'gt-petite-enfance-1')!;
export const survey: StepView = {
  key: 'enquete-habitants',
  behaviour: 'SURVEY',
  phase: 'DIAGNOSTIC',
  title: 'Enquête auprès des habitants',
  description: standardDescriptions.CONSULTATION_HABITANTS,
  startsAt: at(-20, 8),
  endsAt: at(3, 23, 59),
  location: null,
  onlineUrl: 'https://enquete.example.org/levezou-familles',
  capacity: null,
  session: null,
};
export const restitution: StepView = {
  ...launch,
  key: 'restitution-copil',
  title: 'Comité de pilotage : restitution du diagnostic',
  description: standardDescriptions.RESTITUTION_COPIL,
  startsAt: null,
  endsAt: null,
  capacity: null,
};
/** Claire's own links, in the shapes the service gives them (her token stands for the real one). */
export const CLAIRE_TOKEN = 'jeton-personnel-de-claire';
export const links = (_key: string): RecipientLinks => ({
  registrationUrl: `${BASE}${paths.partnerPage(CLAIRE_TOKEN)}`,
  calendarFeedUrl: `${BASE}${paths.partnerFeed(CLAIRE_TOKEN)}`,
  documentsUrl: `${BASE}${paths.partnerDocuments(CLAIRE_TOKEN)}`,
});

// The reschedule: four days later, same hours, in another hall.
export const rescheduled: StepView = {
  ...groupPetiteEnfance,
  startsAt: shiftDays(groupPetiteEnfance.startsAt!, 4),
  endsAt: shiftDays(groupPetiteEnfance.endsAt!, 4),
  location: 'Salle polyvalente de Pont-de-Salars',
};

// Interviews with the key partners: three weeks of slots, one booked then moved.
export const interviews: StepView = {
  ...launch,
  key: 'entretiens-acteurs',
  behaviour: 'INTERVIEWS',
  title: 'Entretiens avec les acteurs clés',
  description: standardDescriptions.ENTRETIEN_PARTENAIRE,
  startsAt: at(10, 9),
  endsAt: at(31, 17),
  capacity: null,
  session: null,
};
export const interviewSlot = { startsAt: at(12, 10), endsAt: at(12, 11) };

export const coordinator = { fullName: context.coordinator.name, email: context.coordinator.email };
export const adviser = { fullName: context.cafAdviser!.name, email: context.cafAdviser!.email };
