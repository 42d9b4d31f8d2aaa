// What an interview campaign sends. To those it invites: the invitation to book a slot, a reminder to
// those still without one (while slots are free), the campaign's cancellation (with a CANCEL of their
// interview when they had one). To those who booked: a new place, link or title of their interview. And
// the notice of each booking change (booked, moved, given back), sent once per version of the booking.
// Each booked interview is its own calendar event: the booking's UID, a SEQUENCE that only grows.
import { MessagesInFlightError, type DeliveryOutcome, type DeliveryReport } from '../infra/mail';
import { bookingSequence } from '../domain/interviews';
import { paths } from '../domain/urls';
import { preparePartnerLinks, type LinkRef } from '../infra/auth/personal-links';
import { messageContextOf, toStepView } from '../infra/db/message-views';
import type { Contact, InterviewBooking, InterviewSlot, Process, Step, Territory } from '../infra/db/prisma';
import { INTERVIEW_MANAGE_LABEL } from '../templates/messages/interview';
import type { InterviewTime, MessageContext, MessageView, RecipientLinks, StepView } from '../templates/messages/types';
import type { ActivityContext } from './deps';
import { heartbeat, laneOf, type SendStepMessagesInput } from './sending';
import { personalMessages } from './personal-messages';
import { territoryEmail } from './territory-email';
import { noLinks, partnerPageUrl } from './recipient-links';
import { announcedTo, audienceOf, type Recipient } from '../infra/db/audiences';
import { isForNewcomers, withoutAnnounced } from './recipients';

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

export function interviewActivities({ prisma, config, logger, outbox }: ActivityContext) {
  /** Their personal page, where the campaign's slots are (the link derived, never in a workflow's history). */
  const linksOf = (token: string | null, stepId: string): RecipientLinks => {
    if (!token) return noLinks;
    const page = partnerPageUrl(config.PUBLIC_BASE_URL, token);
    return { registrationUrl: `${page}#entretiens-${stepId}`, calendarFeedUrl: `${config.PUBLIC_BASE_URL}${paths.partnerFeed(token)}` };
  };
  const partnerLinks = async (contactIds: string[]): Promise<Map<string, LinkRef>> => preparePartnerLinks(prisma, contactIds, config.LINK_SECRET);
  /** An interview campaign's email for one person: its view, and the .ics of their interview when it carries one. */
  const campaignEmail = (
    context: MessageContext,
    territory: Territory,
    person: { fullName: string; email: string },
    view: MessageView,
    calendar: { step: StepView & { startsAt: Date }; uid: string; sequence: number; method: 'REQUEST' | 'CANCEL'; cancelReason?: string | null; links: RecipientLinks } | null,
  ) => territoryEmail({ from: config.MAIL_FROM, territory, context, person, view, calendar: calendar ? { ...calendar, manageLabel: INTERVIEW_MANAGE_LABEL } : null });

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

    const links = input.kind === 'CANCELLATION' ? new Map<string, LinkRef>() : await partnerLinks(recipients.flatMap((r) => (r.contactId ? [r.contactId] : [])));
    const messageFor = personalMessages((who, _link, token, bookedBy) => {
      const person = { ...who, organisation: null };
      const booking = bookingOf.get(bookedBy);
      const recipientLinks = input.kind === 'CANCELLATION' ? noLinks : linksOf(token, step.id);
      let view: MessageView;
      if (input.kind === 'INVITATION') view = { kind: 'INTERVIEW_INVITATION', step: stepView, recipient: person, freeSlots, links: recipientLinks };
      else if (input.kind === 'REMINDER') view = { kind: 'INTERVIEW_REMINDER', step: stepView, recipient: person, freeSlots, daysBefore: input.daysBefore ?? 1, links: recipientLinks };
      else if (input.kind === 'UPDATE') {
        view = {
          kind: 'INTERVIEW_UPDATED',
          step: stepView,
          slot: timeOf(booking!.slot),
          previous: { location: input.previous?.location ?? null, onlineUrl: input.previous?.onlineUrl ?? null },
          recipient: person,
          links: recipientLinks,
        };
      } else view = { kind: 'INTERVIEW_CAMPAIGN_CANCELLED', step: stepView, slot: booking ? timeOf(booking.slot) : null, recipient: person, reason: step.cancelReason };
      const method: 'REQUEST' | 'CANCEL' | null = input.kind === 'UPDATE' ? 'REQUEST' : input.kind === 'CANCELLATION' && booking ? 'CANCEL' : null;
      const calendar =
        method && booking
          ? { step: atSlot(stepView, timeOf(booking.slot)), uid: booking.icalUid, sequence: bookingSequence(input.sequence, booking.icalSequence), method, cancelReason: step.cancelReason, links: recipientLinks }
          : null;
      return campaignEmail(context, territory, who, view, calendar);
    });
    // Whoever booked gets their own interview in their message: who booked is their template's variant.
    const messages = recipients.map((recipient) => {
      const bookingKey = recipient.contactId && bookingOf.has(recipient.contactId) ? recipient.contactId : '';
      return messageFor(
        recipient,
        { key: { kind: input.kind, slot: input.slot, stepId: step.id, recipient: recipient.email, sequence: input.sequence }, processId: process.id },
        recipient.contactId ? (links.get(recipient.contactId) ?? null) : null,
        bookingKey,
      );
    });
    const report = await outbox.send(messages, heartbeat, laneOf());
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
    const link = (await partnerLinks([contact.id])).get(contact.id) ?? null;
    const messageFor = personalMessages((who, _link, token) => {
      const links = linksOf(token, step.id);
      const time = timeOf(booking);
      const person = { ...who, organisation: null };
      const view: MessageView =
        notice === 'INTERVIEW_BOOKED'
          ? { kind: 'INTERVIEW_BOOKED', step: stepView, slot: time, previous, recipient: person, links }
          : { kind: 'INTERVIEW_RELEASED', step: stepView, slot: time, recipient: person, links };
      return campaignEmail(context, territory, who, view, {
        step: atSlot(stepView, time),
        uid: booking.icalUid,
        sequence: bookingSequence(step.icalSequence, booking.icalSequence),
        method: notice === 'INTERVIEW_BOOKED' ? 'REQUEST' : 'CANCEL',
        links,
      });
    });
    const outcome = await outbox.deliver(
      messageFor(
        { fullName: contact.fullName, email: contact.email, contactId: contact.id },
        { key: { kind: notice, slot: booking.id, stepId: step.id, recipient: contact.email, sequence: booking.version }, processId: process.id },
        link,
      ),
      'timely',
      heartbeat,
    );
    if (outcome === 'IN_FLIGHT') throw new MessagesInFlightError(1);
    logger.info('interview notice', { bookingId: booking.id, version: booking.version, notice, outcome });
    return { notice, outcome };
  }

  return { sendCampaignMessages, sendInterviewNotice };
}
