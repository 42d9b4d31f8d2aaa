// One sample view per kind of message, to whom it goes, and the email the service assembles from it.
import { mailbox } from '../../infra/mail';
import { INTERVIEW_MANAGE_LABEL } from '../../templates/messages/interview';
import { meetingEmail, type AssembledEmail } from '../../templates/messages/meeting-email';
import type { MessageView, StepView } from '../../templates/messages/types';
import { paths } from '../../domain/urls';
import { adviser, at, BASE, claire, context, coordinator, groupPetiteEnfance, interviews, interviewSlot, launch, links, MAIL_FROM, now, partners, planSteps, rescheduled, restitution, shiftDays, survey } from './demo';

export interface Sample {
  view: MessageView;
  to: { fullName: string; email: string };
  calendar?: { method: 'REQUEST' | 'CANCEL'; sequence: number };
}

export const samples: Sample[] = [
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
export function emailFor(sample: Sample): AssembledEmail {
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
