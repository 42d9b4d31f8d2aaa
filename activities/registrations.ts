// The answer to each change of a registration (a seat, a place on the waiting list, a seat freed for them,
// a registration given back), sent once per version of the registration, with the meeting's .ics when they
// hold a seat (a CANCEL when they gave one back); and the coordinator told when a meeting reaches 80 % and
// 100 % of its capacity.
import { mailbox, MessagesInFlightError, type DeliveryOutcome } from '../infra/mail';
import { audienceSchema } from '../domain/plan';
import { paths } from '../domain/urls';
import { capacityThreshold, noticeKindOf, PUBLIC_HOLD_MINUTES, type NoticeKind } from '../domain/registrations';
import { preparePartnerLinks, prepareRegistrationLinks, type LinkRef } from '../infra/auth/personal-links';
import { messageContextOf, toStepView } from '../infra/db/message-views';
import type { Process, Registration, Step, Territory } from '../infra/db/prisma';
import { waitlistPosition } from '../infra/db/registrations';
import { meetingEmail } from '../templates/messages/meeting-email';
import type { MessageView, RecipientLinks } from '../templates/messages/types';
import type { ActivityContext } from './deps';
import { personalMessages } from './personal-messages';
import { calendarOf, territoryEmail } from './territory-email';
import { noLinks, partnerPageUrl, publicFormUrl, registrationPageUrl } from './recipient-links';
import { heartbeat } from './sending';

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

export function registrationActivities({ prisma, config, logger, outbox }: ActivityContext) {
  const base = config.PUBLIC_BASE_URL;

  /** Their personal link (a partner's page, a member of the public's registration page): derived, never in a workflow's history. */
  async function linkOf(registration: { id: string; contactId: string | null }): Promise<LinkRef> {
    if (registration.contactId) return (await preparePartnerLinks(prisma, [registration.contactId], config.LINK_SECRET)).get(registration.contactId)!;
    return (await prepareRegistrationLinks(prisma, [registration.id], config.LINK_SECRET)).get(registration.id)!;
  }

  /** Where they manage their registration, and (a partner) their calendar feed. */
  function linksOf(link: LinkRef | null, token: string | null): RecipientLinks {
    if (!link || !token) return noLinks;
    if (link.kind !== 'PARTNER') return { registrationUrl: registrationPageUrl(base, token), calendarFeedUrl: null };
    return { registrationUrl: partnerPageUrl(base, token), calendarFeedUrl: `${base}${paths.partnerFeed(token)}` };
  }

  /**
   * Where someone who gave their seat back registers again: a forum's public form, else a partner's
   * personal page; a person registered by the coordinator to a closed meeting writes to them (null).
   */
  function registerAgainLinks(stepId: string, isPublic: boolean, link: LinkRef | null, token: string | null): RecipientLinks {
    if (isPublic) return { registrationUrl: publicFormUrl(base, stepId), calendarFeedUrl: null };
    if (link?.kind !== 'PARTNER' || !token) return noLinks;
    return { registrationUrl: partnerPageUrl(base, token), calendarFeedUrl: null };
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

    const cancelled = notice === 'REGISTRATION_CANCELLED';
    const isPublic = audienceSchema.parse(step.audience).public;
    // A seat goes with the meeting in their calendar; a place on the waiting list does not (yet). Their
    // confirmation put the meeting there: a CANCEL for them alone takes it out when they give it back. The
    // step's own SEQUENCE, not a higher one: a REQUEST sent if they register again carries that same
    // SEQUENCE and must not look older than this CANCEL (equal sequences are ordered by DTSTAMP).
    const method: 'REQUEST' | 'CANCEL' | null = cancelled ? (heldSeat ? 'CANCEL' : null) : notice === 'WAITLISTED' || notice === 'REGISTRATION_TO_CONFIRM' ? null : 'REQUEST';
    // Giving a seat back on a public forum links to its form: no personal link to carry.
    const link = cancelled && (isPublic || !registration.contactId) ? null : await linkOf(registration);
    const messageFor = personalMessages((person, link, token) => {
      const links = cancelled ? registerAgainLinks(step.id, isPublic, link, token) : linksOf(link, token);
      const who = { ...person, organisation: null };
      const view: MessageView = cancelled
        ? { kind: 'REGISTRATION_CANCELLED', step: stepView, recipient: who, heldSeat, links }
        : notice === 'WAITLISTED'
          ? { kind: 'WAITLISTED', step: stepView, recipient: who, position, links }
          : notice === 'REGISTRATION_TO_CONFIRM'
            ? { kind: notice, step: stepView, recipient: who, holdMinutes: registration.holdUntil ? PUBLIC_HOLD_MINUTES : null, links }
            : { kind: notice, step: stepView, recipient: who, links };
      const calendar = method ? calendarOf(stepView, { uid: step.icalUid, sequence: step.icalSequence, method, seatGivenBack: method === 'CANCEL', links }) : null;
      return territoryEmail({ from: config.MAIL_FROM, territory, context, person, view, calendar });
    });
    const outcome = await outbox.deliver(
      messageFor(
        { ...recipient, contactId: registration.contactId },
        { key: { kind: notice, slot: registration.id, stepId: step.id, recipient: registration.email, sequence: registration.version }, processId: process.id },
        link,
      ),
      'timely',
      heartbeat,
    );

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
    const view: MessageView = {
      kind: 'CAPACITY_REACHED',
      step: toStepView(step),
      registered: rank, // the seat that reached the threshold
      threshold,
      stepUrl: `${base}${paths.step(process.id, step.key)}`,
    };
    const messageFor = personalMessages((person) => meetingEmail({ context, view, from: config.MAIL_FROM, to: mailbox(person.fullName, person.email) }));
    const outcome = await outbox.deliver(
      messageFor(
        { fullName: territory.coordinatorName, email: territory.coordinatorEmail, contactId: null },
        { key: { kind: 'CAPACITY_REACHED', slot: String(threshold), stepId: step.id, recipient: territory.coordinatorEmail, sequence: 0 }, processId: process.id },
        null,
      ),
      'timely',
      heartbeat,
    );
    if (outcome === 'IN_FLIGHT') throw new MessagesInFlightError(1);
    return { threshold, outcome };
  }

  return { sendRegistrationNotice };
}
