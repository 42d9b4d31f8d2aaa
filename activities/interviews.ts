// What an interview campaign sends. To those it invites: the invitation to book a slot, a reminder to
// those still without one (while slots are free), the campaign's cancellation (with a CANCEL of their
// interview when they had one). To those who booked: a new place, link or title of their interview. And
// the notice of each booking change (booked, moved, given back), sent once per version of the booking.
// Each booked interview is its own calendar event: the booking's UID, a SEQUENCE that only grows.
import { mailbox } from '../infra/mail';
import { bookingSequence } from '../domain/interviews';
import { issuePartnerToken } from '../infra/auth/tokens';
import { messageContextOf, toStepView } from '../infra/db/message-views';
import type { Contact, InterviewBooking, InterviewSlot, Process, Step, Territory } from '../infra/db/prisma';
import { meetingCalendar } from '../templates/messages/meeting-calendar';
import { renderMessage } from '../templates/messages';
import { INTERVIEW_MANAGE_LABEL } from '../templates/messages/interview';
import type { InterviewTime, MessageView, RecipientLinks, StepView } from '../templates/messages/types';
import { deliverMessage, MessagesInFlightError, type DeliveryOutcome } from './deliver';
import { deliverAll, type DeliveryReport } from './deliver-all';
import type { ActivityDeps } from './deps';
import type { SendStepMessagesInput } from './messages';
import { announcedTo, audienceOf, isForNewcomers, withoutAnnounced, type Recipient } from './recipients';

export type CampaignStep = Step & { process: Process & { territory: Territory } };
type Booked = InterviewBooking & { slot: InterviewSlot; contact: Contact };

export interface InterviewNoticeInput {
  bookingId: string;
  version: number;
}

export interface InterviewNoticeReport {
  notice: 'INTERVIEW_BOOKED' | 'INTERVIEW_RELEASED' | 'STALE';
  outcome: DeliveryOutcome | null;
}

const timeOf = (slot: Pick<InterviewSlot, 'startsAt' | 'endsAt'>): InterviewTime => ({ startsAt: slot.startsAt, endsAt: slot.endsAt });
const atSlot = (step: StepView, slot: InterviewTime): StepView & { startsAt: Date } => ({ ...step, startsAt: slot.startsAt, endsAt: slot.endsAt });
const personOf = (c: { fullName: string; email: string; organisation?: string | null }) => ({ fullName: c.fullName, email: c.email, organisation: c.organisation ?? null });

export function interviewActivities({ prisma, mailer, config, logger }: ActivityDeps) {
  const delivery = { prisma, mailer, mailFrom: config.MAIL_FROM };
  /** Their personal page, where the campaign's slots are: issued at send time, never in a workflow's history. */
  const linksOf = async (contactId: string | null, stepId: string): Promise<RecipientLinks> => {
    if (!contactId) return { registrationUrl: null, calendarFeedUrl: null };
    const page = `${config.PUBLIC_BASE_URL}/p/${await issuePartnerToken(prisma, contactId, config.LINK_SECRET)}`;
    return { registrationUrl: `${page}#entretiens-${stepId}`, calendarFeedUrl: `${page}/calendar.ics` };
  };
  const envelope = (territory: Territory, to: Pick<Contact, 'fullName' | 'email'>) => ({
    from: config.MAIL_FROM,
    replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
    to: mailbox(to.fullName, to.email),
  });

  /** The campaign's INVITATION, REMINDER, UPDATE and CANCELLATION (the step workflow's kinds). */
  async function sendCampaignMessages(step: CampaignStep, input: SendStepMessagesInput): Promise<DeliveryReport> {
    const { process } = step;
    const { territory } = process;
    const context = messageContextOf(territory, process);
    const stepView = toStepView(step);
    const booked = (await prisma.interviewBooking.findMany({
      where: { stepId: step.id, status: 'BOOKED', slotId: { not: null } },
      include: { slot: true, contact: true },
    })) as Booked[];
    const bookingOf = new Map(booked.map((b) => [b.contactId, b]));
    const freeSlots = await prisma.interviewSlot.count({ where: { stepId: step.id, booking: { is: null }, startsAt: { gt: new Date() } } });
    const bookers: Recipient[] = booked.map((b) => ({ contactId: b.contactId, ...personOf(b.contact) }));

    let recipients: Recipient[];
    switch (input.kind) {
      case 'INVITATION':
        recipients = await audienceOf(prisma, step);
        if (isForNewcomers(input)) recipients = withoutAnnounced(recipients, await announcedTo(prisma, step.id));
        break;
      case 'REMINDER':
        // Only those without a slot, and only while there is one to take.
        recipients = freeSlots === 0 ? [] : (await audienceOf(prisma, step)).filter((r) => !r.contactId || !bookingOf.has(r.contactId));
        break;
      case 'UPDATE':
        recipients = bookers;
        break;
      case 'CANCELLATION': {
        const announced = await announcedTo(prisma, step.id);
        const known = new Set(announced.map((r) => r.contactId));
        recipients = [...announced, ...bookers.filter((b) => !known.has(b.contactId))];
        break;
      }
      default:
        throw new Error(`an interview campaign sends no ${input.kind}`);
    }
    if (input.kind === 'INVITATION') {
      // Announced from the first send on (as a meeting's invitation); never over a cancellation.
      await prisma.step.updateMany({ where: { id: step.id, status: 'PLANNED' }, data: { status: 'INVITED' } });
    }

    const report = await deliverAll(recipients, (recipient) =>
      deliverMessage(delivery, {
        key: { kind: input.kind, slot: input.slot, stepId: step.id, recipient: recipient.email, sequence: input.sequence },
        processId: process.id,
        contactId: recipient.contactId,
        build: async () => {
          const person = personOf(recipient);
          const booking = recipient.contactId ? bookingOf.get(recipient.contactId) : undefined;
          const links = input.kind === 'CANCELLATION' ? { registrationUrl: null, calendarFeedUrl: null } : await linksOf(recipient.contactId, step.id);
          let view: MessageView;
          if (input.kind === 'INVITATION') view = { kind: 'INTERVIEW_INVITATION', step: stepView, recipient: person, freeSlots, links };
          else if (input.kind === 'REMINDER') view = { kind: 'INTERVIEW_REMINDER', step: stepView, recipient: person, freeSlots, daysBefore: input.daysBefore ?? 1, links };
          else if (input.kind === 'UPDATE') {
            view = {
              kind: 'INTERVIEW_UPDATED',
              step: stepView,
              slot: timeOf(booking!.slot),
              previous: { location: input.previous?.location ?? null, onlineUrl: input.previous?.onlineUrl ?? null },
              recipient: person,
              links,
            };
          } else view = { kind: 'INTERVIEW_CAMPAIGN_CANCELLED', step: stepView, slot: booking ? timeOf(booking.slot) : null, recipient: person, reason: step.cancelReason };
          const method = input.kind === 'UPDATE' ? 'REQUEST' : input.kind === 'CANCELLATION' && booking ? 'CANCEL' : null;
          const calendar =
            method && booking
              ? meetingCalendar({
                  context,
                  step: atSlot(stepView, timeOf(booking.slot)),
                  uid: booking.icalUid,
                  sequence: bookingSequence(input.sequence, booking.icalSequence),
                  method,
                  cancelReason: step.cancelReason,
                  links,
                  manageLabel: INTERVIEW_MANAGE_LABEL,
                  attendee: { name: recipient.fullName, email: recipient.email },
                })
              : undefined;
          return { ...envelope(territory, recipient), ...renderMessage(context, view), calendar };
        },
      }),
    );
    logger.info('interview campaign messages', { stepId: step.id, kind: input.kind, slot: input.slot, freeSlots, ...report });
    return report;
  }

  async function sendInterviewNotice(input: InterviewNoticeInput): Promise<InterviewNoticeReport> {
    const booking = await prisma.interviewBooking.findUnique({
      where: { id: input.bookingId },
      include: { slot: true, contact: true, step: { include: { process: { include: { territory: true } } } } },
    });
    if (!booking || booking.version !== input.version) return { notice: 'STALE', outcome: null };
    const { step, contact } = booking;
    const { process } = step;
    const { territory } = process;
    // What this version did: booked or moved (a slot held, the time it moved from), or given back.
    const notice = booking.status === 'BOOKED' ? 'INTERVIEW_BOOKED' : 'INTERVIEW_RELEASED';
    const previous = booking.movedFromStartsAt && booking.movedFromEndsAt ? { startsAt: booking.movedFromStartsAt, endsAt: booking.movedFromEndsAt } : null;
    const context = messageContextOf(territory, process);
    const stepView = toStepView(step);
    const outcome = await deliverMessage(delivery, {
      key: { kind: notice, slot: booking.id, stepId: step.id, recipient: contact.email, sequence: booking.version },
      processId: process.id,
      contactId: contact.id,
      build: async () => {
        const links = await linksOf(contact.id, step.id);
        const time = timeOf(booking);
        const view: MessageView =
          notice === 'INTERVIEW_BOOKED'
            ? { kind: 'INTERVIEW_BOOKED', step: stepView, slot: time, previous, recipient: personOf(contact), links }
            : { kind: 'INTERVIEW_RELEASED', step: stepView, slot: time, recipient: personOf(contact), links };
        const calendar = meetingCalendar({
          context,
          step: atSlot(stepView, time),
          uid: booking.icalUid,
          sequence: bookingSequence(step.icalSequence, booking.icalSequence),
          method: notice === 'INTERVIEW_BOOKED' ? 'REQUEST' : 'CANCEL',
          links,
          manageLabel: INTERVIEW_MANAGE_LABEL,
          attendee: { name: contact.fullName, email: contact.email },
        });
        return { ...envelope(territory, contact), ...renderMessage(context, view), calendar };
      },
    });
    if (outcome === 'IN_FLIGHT') throw new MessagesInFlightError(1);
    logger.info('interview notice', { bookingId: booking.id, version: booking.version, notice, outcome });
    return { notice, outcome };
  }

  return { sendCampaignMessages, sendInterviewNotice };
}
