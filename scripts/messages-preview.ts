// `npm run messages:preview -- DIR`: writes one .eml per message kind (and an Info flash, its page and a
// calendar feed) for the Lévezou demo territory, so a person can open them in a mail client. The
// invitation, its reschedule and its cancellation carry .ics files with one UID and a rising SEQUENCE.
import { paths } from '../domain/urls';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoContacts, demoPlan, demoTerritory } from '../domain/demo';
import { INTERVIEW_MANAGE_LABEL } from '../templates/messages/interview';
import { meetingEmail, type AssembledEmail } from '../templates/messages/meeting-email';
import { standardDescriptions } from '../domain/standard-descriptions';
import { localDateAfter, zonedInstant, zoneOffsetMinutes } from '../domain/time';
import { composeMail, mailbox } from '../infra/mail';
import { feedCalendar } from '../templates/calendar';
import { renderInfoFlashEmail, renderInfoFlashPage, type InfoFlashStep, type InfoFlashView } from '../templates/info-flash';
import { calendarDescription } from '../templates/messages';
import type { MessageContext, MessageView, Person, RecipientLinks, StepView } from '../templates/messages/types';

const MAIL_FROM = process.env.MAIL_FROM?.trim() || 'Coordination CTG <ctg@localhost>';
const BASE = 'https://ctg.example.org';
const zone = demoTerritory.timezone;
const now = new Date();

/** An instant `days` from today at a local wall-clock time of the territory. */
const at = (days: number, hour: number, minute = 0) => zonedInstant({ ...localDateAfter(now, days, zone), hour, minute }, zone);
/** The same local wall-clock time `days` later (a daylight-saving change in between does not move it). */
function shiftDays(instant: Date, days: number): Date {
  const wall = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return zonedInstant({ ...localDateAfter(instant, days, zone), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() }, zone);
}

const adviserContact = demoContacts.find((c) => c.email.includes('caf12'))!;
const context: MessageContext = {
  territory: { name: demoTerritory.name, timezone: zone },
  coordinator: { name: demoTerritory.coordinatorName, email: demoTerritory.coordinatorEmail },
  cafAdviser: { name: adviserContact.fullName, email: adviserContact.email },
  cafName: demoTerritory.cafName,
  period: { start: now.getFullYear(), end: now.getFullYear() + 4 },
};

const person = (email: string): Person => {
  const c = demoContacts.find((contact) => contact.email === email)!;
  return { fullName: c.fullName, email: c.email, organisation: c.organisation ?? null };
};
const claire = person('rpe@levezou.example.org');
const partners = demoContacts.filter((c) => !c.roles.includes('ELU')).map((c) => person(c.email));

// The demo plan's steps, as the activities would read them back from the database.
const planSteps: StepView[] = demoPlan(now).steps.map((s) => {
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
const launch = planSteps.find((s) => s.key === 'lancement-partenaires')!;
const groupPetiteEnfance = planSteps.find((s) => s.key === 'gt-petite-enfance-1')!;
const survey: StepView = {
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
const restitution: StepView = {
  ...launch,
  key: 'restitution-copil',
  title: 'Comité de pilotage : restitution du diagnostic',
  description: standardDescriptions.RESTITUTION_COPIL,
  startsAt: null,
  endsAt: null,
  capacity: null,
};
/** Claire's own links, in the shapes the service gives them (her token stands for the real one). */
const CLAIRE_TOKEN = 'jeton-personnel-de-claire';
const links = (_key: string): RecipientLinks => ({
  registrationUrl: `${BASE}${paths.partnerPage(CLAIRE_TOKEN)}`,
  calendarFeedUrl: `${BASE}${paths.partnerFeed(CLAIRE_TOKEN)}`,
  documentsUrl: `${BASE}${paths.partnerDocuments(CLAIRE_TOKEN)}`,
});

// The reschedule: four days later, same hours, in another hall.
const rescheduled: StepView = {
  ...groupPetiteEnfance,
  startsAt: shiftDays(groupPetiteEnfance.startsAt!, 4),
  endsAt: shiftDays(groupPetiteEnfance.endsAt!, 4),
  location: 'Salle polyvalente de Pont-de-Salars',
};

// Interviews with the key partners: three weeks of slots, one booked then moved.
const interviews: StepView = {
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
const interviewSlot = { startsAt: at(12, 10), endsAt: at(12, 11) };

interface Sample {
  view: MessageView;
  to: { fullName: string; email: string };
  calendar?: { method: 'REQUEST' | 'CANCEL'; sequence: number };
}

const coordinator = { fullName: context.coordinator.name, email: context.coordinator.email };
const adviser = { fullName: context.cafAdviser!.name, email: context.cafAdviser!.email };

const samples: Sample[] = [
  { view: { kind: 'INVITATION', step: groupPetiteEnfance, recipient: claire, links: links(groupPetiteEnfance.key) }, to: claire, calendar: { method: 'REQUEST', sequence: 0 } },
  {
    view: { kind: 'UPDATE', step: rescheduled, previous: groupPetiteEnfance, recipient: claire, links: links(groupPetiteEnfance.key) },
    to: claire,
    calendar: { method: 'REQUEST', sequence: 1 },
  },
  { view: { kind: 'CANCELLATION', step: rescheduled, recipient: claire, reason: 'Trop peu de partenaires disponibles à cette date.' }, to: claire, calendar: { method: 'CANCEL', sequence: 2 } },
  { view: { kind: 'REMINDER', step: launch, recipient: claire, daysBefore: 7, links: links(launch.key) }, to: claire },
  ...(['PRESENT', 'EXCUSED'] as const).map((attendance) => ({
    view: {
      kind: 'FOLLOW_UP' as const,
      step: groupPetiteEnfance,
      recipient: claire,
      next: { ...groupPetiteEnfance, title: groupPetiteEnfance.title.replace('1re séance', 'seconde séance'), session: 2 as const, startsAt: shiftDays(groupPetiteEnfance.startsAt!, 28), endsAt: shiftDays(groupPetiteEnfance.endsAt!, 28) },
      attendance,
      documents: [
        { filename: 'Compte rendu groupe petite enfance.pdf', about: 'PDF, 184 Ko', url: `${links(groupPetiteEnfance.key).documentsUrl}/1` },
        { filename: 'Diaporama diagnostic.pptx', about: 'PowerPoint, 2,3 Mo', url: `${links(groupPetiteEnfance.key).documentsUrl}/2` },
      ],
      pageUrl: links(groupPetiteEnfance.key).registrationUrl,
    },
    to: claire,
  })),
  { view: { kind: 'SURVEY_OPENING', step: survey, recipient: claire }, to: claire },
  { view: { kind: 'SURVEY_CLOSING_REMINDER', step: survey, recipient: claire, daysBefore: 3 }, to: claire },
  { view: { kind: 'REGISTRATION_CONFIRMED', step: groupPetiteEnfance, recipient: claire, links: links(groupPetiteEnfance.key) }, to: claire },
  { view: { kind: 'WAITLISTED', step: groupPetiteEnfance, recipient: claire, position: 2, links: links(groupPetiteEnfance.key) }, to: claire },
  { view: { kind: 'PROMOTED_FROM_WAITLIST', step: groupPetiteEnfance, recipient: claire, links: links(groupPetiteEnfance.key) }, to: claire },
  { view: { kind: 'INTERVIEW_INVITATION', step: interviews, recipient: claire, freeSlots: 18, links: links(interviews.key) }, to: claire },
  { view: { kind: 'INTERVIEW_BOOKED', step: interviews, slot: interviewSlot, previous: null, recipient: claire, links: links(interviews.key) }, to: claire, calendar: { method: 'REQUEST', sequence: 0 } },
  { view: { kind: 'INTERVIEW_BOOKED', step: interviews, slot: { startsAt: at(14, 15), endsAt: at(14, 16) }, previous: interviewSlot, recipient: claire, links: links(interviews.key) }, to: claire, calendar: { method: 'REQUEST', sequence: 1 } },
  { view: { kind: 'INTERVIEW_REMINDER', step: interviews, recipient: claire, freeSlots: 4, daysBefore: 7, links: links(interviews.key) }, to: claire },
  { view: { kind: 'INTERVIEW_UPDATED', step: { ...interviews, location: 'Maison France Services, Pont-de-Salars' }, slot: interviewSlot, previous: { location: interviews.location, onlineUrl: null }, recipient: claire, links: links(interviews.key) }, to: claire, calendar: { method: 'REQUEST', sequence: 2 } },
  { view: { kind: 'INTERVIEW_RELEASED', step: interviews, slot: interviewSlot, recipient: claire, links: links(interviews.key) }, to: claire, calendar: { method: 'CANCEL', sequence: 3 } },
  { view: { kind: 'INTERVIEW_CAMPAIGN_CANCELLED', step: interviews, slot: interviewSlot, recipient: claire, reason: 'Le bureau d’études a dû reporter sa mission.' }, to: claire, calendar: { method: 'CANCEL', sequence: 4 } },
  { view: { kind: 'DATE_TO_SET', step: restitution, weeksWaiting: 3, stepUrl: `${BASE}/processus/demo#${restitution.key}` }, to: coordinator },
  {
    view: {
      kind: 'REGISTRATION_SUMMARY',
      step: groupPetiteEnfance,
      registrants: partners.slice(0, 4),
      waitlisted: partners.slice(4, 5),
      invitedCount: partners.length,
      stepUrl: `${BASE}/processus/demo#${groupPetiteEnfance.key}`,
    },
    to: coordinator,
  },
  { view: { kind: 'CAPACITY_REACHED', step: groupPetiteEnfance, registered: 16, threshold: 80, stepUrl: `${BASE}/processus/demo#${groupPetiteEnfance.key}` }, to: coordinator },
  { view: { kind: 'MINUTES_REQUEST', step: launch, participants: partners.slice(0, 5), stepUrl: `${BASE}${paths.meetingClosing('demo', launch.key)}` }, to: coordinator },
  { view: { kind: 'SURVEY_CLOSED', step: survey, stepUrl: `${BASE}/processus/demo#${survey.key}` }, to: coordinator },
  { view: { kind: 'RENEWAL_STARTED', nextPeriod: { start: context.period.end + 1, end: context.period.end + 5 }, processUrl: `${BASE}/processus/renouvellement` }, to: coordinator },
  { view: { kind: 'STEP_LATE', step: restitution, dueAt: at(-10, 9), processUrl: `${BASE}/processus/demo` }, to: adviser },
  { view: { kind: 'PHASE_CHANGED', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS', programme: planSteps.filter((s) => s.phase === 'PLAN_ACTIONS'), processUrl: `${BASE}/processus/demo` }, to: adviser },
];

/** The email as the service assembles it (templates/messages/meeting-email.ts), .ics included, for the sample's recipient. */
function emailFor(sample: Sample): AssembledEmail {
  const view = sample.view as Extract<MessageView, { step: StepView }>;
  // An interview is its own event: its slot's time, the booking's UID.
  const slot = 'slot' in view && view.slot ? view.slot : null;
  const step = 'step' in view ? (slot ? { ...view.step, ...slot } : view.step) : null;
  return meetingEmail({
    context,
    view: sample.view,
    from: MAIL_FROM,
    to: mailbox(sample.to.fullName, sample.to.email),
    replyTo: mailbox(context.coordinator.name, context.coordinator.email),
    calendar:
      sample.calendar && step
        ? {
            step: { ...step, startsAt: step.startsAt! },
            uid: slot ? `${step.key}.claire.demo@ctg.example.org` : `${step.key}.demo@ctg.example.org`,
            ...(slot ? { manageLabel: INTERVIEW_MANAGE_LABEL } : {}),
            sequence: sample.calendar.sequence,
            method: sample.calendar.method,
            cancelReason: view.kind === 'CANCELLATION' ? view.reason : null,
            links: 'links' in view ? view.links : null,
            stamp: now,
          }
        : null,
  });
}

function infoFlash(): InfoFlashView {
  const step = (s: Omit<InfoFlashStep, 'registrationUrl' | 'location'> & Partial<InfoFlashStep>): InfoFlashStep => ({
    location: null,
    registrationUrl: null,
    ...s,
  });
  const groups = planSteps.filter((s) => s.key.startsWith('gt-'));
  return {
    territory: context.territory,
    cafName: context.cafName,
    period: context.period,
    phase: 'DIAGNOSTIC',
    name: 'Info flash',
    number: 3,
    editorial: null,
    sections: [{ heading: 'Zoom sur l’enquête auprès des familles', body: 'Merci aux familles qui ont répondu : leurs réponses nourrissent le diagnostic partagé, présenté au comité de pilotage.', figure: '312', figureLabel: 'réponses à l’enquête' }],
    issuedAt: now,
    themes: ['petite enfance', 'enfance et jeunesse', 'parentalité', 'handicap', 'animation de la vie sociale', 'accès aux droits et au numérique'],
    steps: [
      step({ title: 'Séminaire avec les élus', phase: 'DIAGNOSTIC', behaviour: 'MEETING', startsAt: at(-40, 18), endsAt: at(-40, 20), state: 'done' }),
      step({ title: 'Analyse documentaire et statistique', phase: 'DIAGNOSTIC', behaviour: 'TASK', startsAt: at(-45, 9), endsAt: at(-5, 18), state: 'done' }),
      step({ title: 'Entretiens partenaires clés', phase: 'DIAGNOSTIC', behaviour: 'MEETING', startsAt: null, endsAt: null, state: 'ongoing' }),
      step({ ...survey, state: 'ongoing' }),
      step({ ...launch, state: 'upcoming', registrationUrl: links(launch.key).registrationUrl }),
      step({ ...restitution, state: 'upcoming' }),
      step({ title: 'Définition des axes d’intervention prioritaires', phase: 'PLAN_ACTIONS', behaviour: 'MEETING', startsAt: at(30, 14), endsAt: at(30, 17), location: 'Salle des fêtes de Ségur', state: 'upcoming' }),
      ...groups.map((g) => step({ ...g, state: 'upcoming', registrationUrl: links(g.key).registrationUrl })),
      ...groups.map((g) => step({ ...g, title: g.title.replace('1re séance', 'seconde séance'), startsAt: shiftDays(g.startsAt!, 28), endsAt: shiftDays(g.endsAt!, 28), state: 'upcoming' })),
      step({ title: 'Rédaction de la Convention', phase: 'PLAN_ACTIONS', behaviour: 'TASK', startsAt: null, endsAt: null, state: 'upcoming' }),
      step({ title: 'Restitution finale au comité de pilotage', phase: 'PLAN_ACTIONS', behaviour: 'MEETING', startsAt: null, endsAt: null, state: 'upcoming' }),
    ],
    contacts: [
      { name: context.coordinator.name, role: 'Chargée de coopération', organisation: context.territory.name, email: context.coordinator.email },
      { name: adviser.fullName, role: 'Conseillère territoriale', organisation: context.cafName, email: adviser.email },
    ],
    calendarFeedUrl: links('').calendarFeedUrl,
  };
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), 'ctg-messages-preview'));
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    written.push(file);
  };
  // Composed as the outbox composes every message it sends (infra/mail/mime.ts).
  const eml = (name: string, email: AssembledEmail) => write(name, composeMail({ ...email, messageId: `<preview.${name.replace(/\.eml$/, '')}@ctg.example.org>` }, now));

  for (const [index, sample] of samples.entries()) {
    await eml(`${String(index + 1).padStart(2, '0')}-${sample.view.kind.toLowerCase().replace(/_/g, '-')}.eml`, emailFor(sample));
  }
  const flash = infoFlash();
  await eml(`${String(samples.length + 1).padStart(2, '0')}-info-flash.eml`, {
    from: MAIL_FROM,
    to: mailbox(claire.fullName, claire.email),
    replyTo: mailbox(context.coordinator.name, context.coordinator.email),
    // As Claire gets it: her own page, calendar and one-click unsubscribe (the archive page has none).
    ...renderInfoFlashEmail(context, { ...flash, links: { pageUrl: `${BASE}${paths.partnerPage(CLAIRE_TOKEN)}`, calendarFeedUrl: `${BASE}${paths.partnerFeed(CLAIRE_TOKEN)}`, unsubscribeUrl: `${BASE}${paths.newsletterUnsubscribe(CLAIRE_TOKEN)}` } }),
  });
  write('info-flash.html', renderInfoFlashPage(flash, { contactDetails: false }));
  write(
    'calendrier-levezou.ics',
    feedCalendar({
      name: `CTG — ${context.territory.name}`,
      description: `Les rendez-vous de la Convention Territoriale Globale ${context.period.start}–${context.period.end}`,
      timezone: zone,
      refreshMinutes: 60,
      stamp: now,
      events: planSteps
        .filter((s) => s.startsAt)
        .map((s) => ({
          uid: `${s.key}.demo@ctg.example.org`,
          sequence: 0,
          summary: s.title,
          description: calendarDescription(context, s, links(s.key)),
          start: s.startsAt!,
          end: s.endsAt ?? s.startsAt!,
          location: s.location,
          url: s.onlineUrl,
          organizer: context.coordinator,
        })),
    }),
  );
  console.log(`${written.length} fichiers écrits dans ${dir} :`);
  for (const file of written) console.log(`  ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
