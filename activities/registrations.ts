// The answer to each change of a registration (a seat, a place on the waiting list, a seat freed for them,
// a registration given back), sent once per version of the registration, with the meeting's .ics when they
// hold a seat (a CANCEL when they gave one back); and the coordinator told when a meeting reaches 80 % and
// 100 % of its capacity.
import { mailbox } from '../infra/mail';
import { audienceSchema } from '../domain/plan';
import { capacityThreshold, noticeKindOf, PUBLIC_HOLD_MINUTES, type NoticeKind } from '../domain/registrations';
import { issuePartnerToken, issueToken } from '../infra/auth/tokens';
import { messageContextOf, toStepView } from '../infra/db/message-views';
import type { Process, Registration, Step, Territory } from '../infra/db/prisma';
import { waitlistPosition } from '../infra/db/registrations';
import { meetingCalendar } from '../templates/messages/meeting-calendar';
import { renderMessage } from '../templates/messages';
import type { MessageView, RecipientLinks } from '../templates/messages/types';
import { deliverMessage, MessagesInFlightError, type DeliveryOutcome } from './deliver';
import type { ActivityDeps } from './deps';


export interface RegistrationNoticeInput {
  registrationId: string;
  version: number;
}

/** A registration given back is told too (noticeKindOf only knows the registrations that stand). */
export type RegistrationNoticeKind = NoticeKind | 'REGISTRATION_CANCELLED';

export interface RegistrationNoticeReport {
  /** What was sent, or why nothing was: the registration changed since (a later notice says so). */
  notice: RegistrationNoticeKind | 'STALE' | 'NONE';
  outcome: DeliveryOutcome | null;
  capacity: { threshold: 80 | 100; outcome: DeliveryOutcome } | null;
}

export function registrationActivities({ prisma, mailer, config, logger }: ActivityDeps) {
  const base = config.PUBLIC_BASE_URL;
  const delivery = { prisma, mailer, mailFrom: config.MAIL_FROM };

  /** Links issued at send time, so no token ever sits in a workflow's input or history. */
  async function linksOf(registration: { id: string; contactId: string | null }): Promise<RecipientLinks> {
    if (registration.contactId) {
      const token = await issuePartnerToken(prisma, registration.contactId, config.LINK_SECRET);
      return { registrationUrl: `${base}/p/${token}`, calendarFeedUrl: `${base}/p/${token}/calendar.ics` };
    }
    const { token } = await issueToken(prisma, 'REGISTRATION', { registrationId: registration.id });
    return { registrationUrl: `${base}/inscription/gerer/${token}`, calendarFeedUrl: null };
  }

  /**
   * Where someone who gave their seat back registers again: a forum's public form, else a partner's
   * personal page; a person registered by the coordinator to a closed meeting writes to them (null).
   */
  async function registerAgainLinks(registration: { stepId: string; contactId: string | null }, isPublic: boolean): Promise<RecipientLinks> {
    if (isPublic) return { registrationUrl: `${base}/inscription/${registration.stepId}`, calendarFeedUrl: null };
    if (!registration.contactId) return { registrationUrl: null, calendarFeedUrl: null };
    const token = await issuePartnerToken(prisma, registration.contactId, config.LINK_SECRET);
    return { registrationUrl: `${base}/p/${token}`, calendarFeedUrl: null };
  }

  async function sendRegistrationNotice(input: RegistrationNoticeInput): Promise<RegistrationNoticeReport> {
    const registration = await prisma.registration.findUnique({
      where: { id: input.registrationId },
      include: { step: { include: { process: { include: { territory: true } } } } },
    });
    if (!registration || registration.version !== input.version) return { notice: 'STALE', outcome: null, capacity: null };
    const notice: RegistrationNoticeKind | null = registration.status === 'CANCELLED' ? 'REGISTRATION_CANCELLED' : noticeKindOf(registration);
    if (!notice) return { notice: 'NONE', outcome: null, capacity: null };

    const { step } = registration;
    const { process } = step;
    const { territory } = process;
    const context = messageContextOf(territory, process);
    const stepView = toStepView(step);
    const recipient = { fullName: registration.fullName, email: registration.email, organisation: registration.organisation };
    const position = notice === 'WAITLISTED' ? ((await waitlistPosition(prisma, registration)) ?? 1) : 0;
    // A seat given at once or by promotion sets confirmedAt, a place on the waiting list clears it, and a
    // cancel keeps it: on a cancelled registration it tells whether they held a seat just before.
    const heldSeat = notice === 'REGISTRATION_CANCELLED' && registration.confirmedAt !== null;

    const outcome = await deliverMessage(delivery, {
      key: { kind: notice, slot: registration.id, stepId: step.id, recipient: registration.email, sequence: registration.version },
      processId: process.id,
      contactId: registration.contactId,
      build: async () => {
        const cancelled = notice === 'REGISTRATION_CANCELLED';
        const links = cancelled ? await registerAgainLinks(registration, audienceSchema.parse(step.audience).public) : await linksOf(registration);
        const view: MessageView = cancelled
          ? { kind: 'REGISTRATION_CANCELLED', step: stepView, recipient, heldSeat, links }
          : notice === 'WAITLISTED'
            ? { kind: 'WAITLISTED', step: stepView, recipient, position, links }
            : notice === 'REGISTRATION_TO_CONFIRM'
              ? { kind: notice, step: stepView, recipient, holdMinutes: registration.holdUntil ? PUBLIC_HOLD_MINUTES : null, links }
              : { kind: notice, step: stepView, recipient, links };
        const email = renderMessage(context, view);
        // A seat goes with the meeting in their calendar; a place on the waiting list does not (yet). Their
        // confirmation put the meeting there: a CANCEL for them alone takes it out when they give it back. The
        // step's own SEQUENCE, not a higher one: a REQUEST sent if they register again carries that same
        // SEQUENCE and must not look older than this CANCEL (equal sequences are ordered by DTSTAMP).
        const method: 'REQUEST' | 'CANCEL' | null = cancelled ? (heldSeat ? 'CANCEL' : null) : notice === 'WAITLISTED' || notice === 'REGISTRATION_TO_CONFIRM' ? null : 'REQUEST';
        const calendar =
          method && stepView.startsAt
            ? meetingCalendar({
                context,
                step: { ...stepView, startsAt: stepView.startsAt },
                uid: step.icalUid,
                sequence: step.icalSequence,
                method,
                seatGivenBack: method === 'CANCEL',
                links,
                attendee: { name: registration.fullName, email: registration.email },
              })
            : undefined;
        return {
          from: config.MAIL_FROM,
          replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
          to: mailbox(registration.fullName, registration.email),
          ...email,
          calendar,
        };
      },
    });

    // Claimed by an attempt that may have died: not sent yet, so not done (see MessagesInFlightError).
    if (outcome === 'IN_FLIGHT') throw new MessagesInFlightError(1);
    // Only a seat taken can fill the meeting up.
    const capacity = notice === 'WAITLISTED' || notice === 'REGISTRATION_CANCELLED' || notice === 'REGISTRATION_TO_CONFIRM' ? null : await tellCapacity(registration);
    logger.info('registration notice', { registrationId: registration.id, version: registration.version, notice, outcome, threshold: capacity?.threshold });
    return { notice, outcome, capacity };
  }

  /**
   * The seat this registration took is the nth confirmed one: the 80 % and the 100 % thresholds are each
   * announced by the registration that reached them, once (the delivery key has no version).
   */
  async function tellCapacity(registration: Registration & { step: Step & { process: Process & { territory: Territory } } }): Promise<RegistrationNoticeReport['capacity']> {
    const { step } = registration;
    if (step.capacity === null || !registration.confirmedAt) return null;
    const rank = await prisma.registration.count({
      where: {
        stepId: step.id,
        status: 'CONFIRMED',
        OR: [{ confirmedAt: { lt: registration.confirmedAt } }, { confirmedAt: registration.confirmedAt, id: { lte: registration.id } }],
      },
    });
    const threshold = capacityThreshold(rank, step.capacity);
    if (!threshold) return null;
    const { process } = step;
    const { territory } = process;
    const context = messageContextOf(territory, process);
    const outcome = await deliverMessage(delivery, {
      key: { kind: 'CAPACITY_REACHED', slot: String(threshold), stepId: step.id, recipient: territory.coordinatorEmail, sequence: 0 },
      processId: process.id,
      contactId: null,
      build: () => {
        const email = renderMessage(context, {
          kind: 'CAPACITY_REACHED',
          step: toStepView(step),
          registered: rank, // the seat that reached the threshold
          threshold,
          stepUrl: `${base}/processus/${process.id}#etape-${step.key}`,
        });
        return { from: config.MAIL_FROM, to: mailbox(territory.coordinatorName, territory.coordinatorEmail), ...email };
      },
    });
    if (outcome === 'IN_FLIGHT') throw new MessagesInFlightError(1);
    return { threshold, outcome };
  }

  return { sendRegistrationNotice };
}
