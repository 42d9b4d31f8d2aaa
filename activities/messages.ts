// The message activities about a step and about a process: read who receives it (domain/message-kinds.ts
// says who, per kind), render it once per kind of recipient, and hand everything to the outbox, which
// sends each message once (business key: kind + slot, step, recipient, sequence), in concurrent batches
// with a heartbeat, so a 500-partner invitation is quick and a retry resumes where it stopped.
import { audienceSchema, type Phase } from '../domain/plan';
import { readsRegistrations, stepMessageRules, type StepMessageKind } from '../domain/message-kinds';
import { preparePartnerLinks, prepareRegistrationLinks, type LinkRef } from '../infra/auth/personal-links';
import { messageContextOf as contextOf, toStepView } from '../infra/db/message-views';
import { documentsOf } from '../infra/db/meeting-records';
import { mailbox, type DeliveryReport } from '../infra/mail';
import { paths } from '../domain/urls';
import { meetingEmail } from '../templates/messages/meeting-email';
import type { Territory } from '../infra/db/prisma';
import type { MessageView } from '../templates/messages/types';
import type { ActivityContext } from './deps';
import { interviewActivities } from './interviews';
import { heartbeat, laneOf, type SendStepMessagesInput } from './sending';
import { personalMessages } from './personal-messages';
import { calendarOf, territoryEmail } from './territory-email';
import { meetingLinks, noLinks } from './recipient-links';
import { announcedTo, audienceOf, registrantsOf, type Recipient, type Registrant } from '../infra/db/audiences';
import { isForNewcomers, withoutAnnounced, coordinatorAndAdviserFor, coordinatorOf } from './recipients';
import { stepMessageView, type StepMessageFacts } from './step-message-views';

export type { StepMessageKind } from '../domain/message-kinds';
export type { DeliveryReport } from '../infra/mail';

/** Those in `people`, then the registrants not among them (members of the public at a forum), by email. */
function withRegistrants(people: Recipient[], registrants: Registrant[]): Recipient[] {
  const emails = new Set(people.map((p) => p.email.toLowerCase()));
  return [...people, ...registrants.filter((r) => !emails.has(r.email.toLowerCase()))];
}

const campaignKinds: ReadonlySet<StepMessageKind> = new Set(['INVITATION', 'REMINDER', 'UPDATE', 'CANCELLATION']);

export function messageActivities(deps: ActivityContext) {
  const { prisma, config, logger, outbox } = deps;
  const campaigns = interviewActivities(deps);
  // The coordinator's and the adviser's page of the process (sign-in first if needed), not the JSON API.
  const processUrl = (processId: string) => `${config.PUBLIC_BASE_URL}${paths.process(processId)}`;

  /** Personal links for those who get them: a partner's page, or a member of the public's registration. */
  async function linksOf(recipients: Recipient[]): Promise<Map<Recipient, LinkRef>> {
    const partners = await preparePartnerLinks(prisma, recipients.flatMap((r) => (r.contactId ? [r.contactId] : [])), config.LINK_SECRET);
    const registrationIds = recipients.flatMap((r) => (!r.contactId && (r as Partial<Registrant>).registrationId ? [(r as Registrant).registrationId] : []));
    const registrations = await prepareRegistrationLinks(prisma, registrationIds, config.LINK_SECRET);
    const links = new Map<Recipient, LinkRef>();
    for (const r of recipients) {
      const ref = r.contactId ? partners.get(r.contactId) : registrations.get((r as Partial<Registrant>).registrationId ?? '');
      if (ref) links.set(r, ref);
    }
    return links;
  }

  async function recipientsOf(
    step: Parameters<typeof audienceOf>[1] & { process: { territory: Territory } },
    input: SendStepMessagesInput,
    confirmed: Registrant[],
    registrants: Registrant[],
    attended: Recipient[] | null,
  ): Promise<Recipient[]> {
    const { territory } = step.process;
    switch (stepMessageRules[input.kind].recipients) {
      case 'audience': {
        const audience = await audienceOf(prisma, step);
        // Those the audience gained since the announcement: everyone already told is left out.
        return input.kind !== 'SURVEY_CLOSING_REMINDER' && isForNewcomers(input) ? withoutAnnounced(audience, await announcedTo(prisma, step.id)) : audience;
      }
      case 'audience+registrants':
        return withRegistrants(await audienceOf(prisma, step), registrants);
      case 'announced+registrants':
        return withRegistrants(await announcedTo(prisma, step.id), registrants);
      case 'attendees':
        if (attended) return attended;
        return confirmed.length > 0 ? confirmed : await announcedTo(prisma, step.id);
      case 'coordinator+adviser':
        return coordinatorAndAdviserFor(prisma, territory);
      case 'coordinator':
        return [coordinatorOf(territory)];
    }
  }

  async function sendStepMessages(input: SendStepMessagesInput): Promise<DeliveryReport> {
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId }, include: { process: { include: { territory: true } } } });
    // An interview campaign asks people to book a slot: its invitations, reminders, updates and cancellation are its own.
    if (step.behaviour === 'INTERVIEWS' && campaignKinds.has(input.kind)) return campaigns.sendCampaignMessages(step, input);
    const { process } = step;
    const { territory } = process;
    const rule = stepMessageRules[input.kind];
    const context = contextOf(territory, process);
    const stepView = toStepView(step);
    const isPublic = audienceSchema.parse(step.audience).public;

    // Registrations are the truth about who comes: those registered hear of changes (members of the public
    // too, who are no contacts), and once anyone holds a seat, the follow-up goes to those who did.
    const confirmed = readsRegistrations(input.kind) ? await registrantsOf(prisma, step.id, ['CONFIRMED']) : [];
    const waitlisted = readsRegistrations(input.kind) ? await registrantsOf(prisma, step.id, ['WAITLISTED']) : [];
    // A closed meeting's follow-up reads who came, as its coordinator recorded it: the present and the excused.
    const closing = input.kind === 'FOLLOW_UP' && step.closedAt !== null;
    const attendance = closing ? await prisma.attendance.findMany({ where: { stepId: step.id, status: { in: ['PRESENT', 'EXCUSED'] } }, orderBy: { email: 'asc' } }) : [];
    const attended = closing
      ? attendance.map((a) => ({ contactId: a.contactId, registrationId: a.registrationId ?? undefined, fullName: a.fullName, email: a.email, organisation: a.organisation }))
      : null;
    const statusOf = new Map(attendance.map((a) => [a.email, a.status]));
    const recipients = await recipientsOf(step, input, confirmed, [...confirmed, ...waitlisted], attended);
    const announced = input.kind === 'REGISTRATION_SUMMARY' || input.kind === 'MINUTES_REQUEST' ? await announcedTo(prisma, step.id) : [];
    // The thanks mention the next session only where the plan has one (a step inviting this one's invitees).
    const nextSession =
      input.kind === 'FOLLOW_UP'
        ? await prisma.step.findFirst({
            where: { processId: process.id, audience: { path: ['inviteesOf'], equals: step.key }, status: { not: 'CANCELLED' } },
            orderBy: { position: 'asc' },
          })
        : null;
    const facts: StepMessageFacts = {
      kind: input.kind,
      step: stepView,
      slot: input.slot,
      daysBefore: input.daysBefore,
      previous: input.previous,
      cancelReason: step.cancelReason,
      dueAt: step.startsAt ?? new Date(),
      confirmed,
      waitlisted,
      announced,
      // Invited or registered: at a public forum, most registrants were never invited by name.
      invitedCount: withRegistrants(announced, [...confirmed, ...waitlisted]).length,
      nextSession: nextSession ? toStepView(nextSession) : null,
      stepUrl: `${config.PUBLIC_BASE_URL}${paths.step(process.id, step.key)}`,
      processUrl: processUrl(process.id),
      closingUrl: `${config.PUBLIC_BASE_URL}${paths.meetingClosing(process.id, step.key)}`,
      documents: closing ? await documentsOf(prisma, [step.id]) : [],
    };

    if (rule.announces) {
      // Announced from the first send on: a change made while this send runs raises the SEQUENCE and is
      // announced by an update. Only from PLANNED: never over a cancellation written meanwhile.
      await prisma.step.updateMany({ where: { id: step.id, status: 'PLANNED' }, data: { status: 'INVITED' } });
    }
    const links = rule.links ? await linksOf(recipients) : new Map<Recipient, LinkRef>();
    const place = { base: config.PUBLIC_BASE_URL, stepId: step.id, isPublic };
    const stamp = new Date();
    const messageFor = personalMessages((person, link, token, variant) => {
      const recipientLinks = rule.links ? meetingLinks(link, token, place) : noLinks;
      const view: MessageView = stepMessageView(facts, { ...person, organisation: null }, recipientLinks, variant);
      const calendar = rule.calendar ? calendarOf(stepView, { uid: step.icalUid, sequence: input.sequence, method: rule.calendar, cancelReason: step.cancelReason, links: recipientLinks, stamp }) : null;
      return territoryEmail({ from: config.MAIL_FROM, territory, context, person, view, calendar });
    });
    const messages = recipients.map((recipient) =>
      messageFor(
        recipient,
        { key: { kind: input.kind, slot: input.slot, stepId: step.id, recipient: recipient.email, sequence: input.sequence }, processId: process.id },
        links.get(recipient) ?? null,
        statusOf.get(recipient.email) ?? '',
      ),
    );
    const report = await outbox.send(messages, heartbeat, laneOf());
    if (input.kind === 'CANCELLATION') {
      // Told, every registration goes with the meeting: the API, the lists and the pages agree with the
      // CANCEL email (marked once all were told, so a retry still reaches those it had not reached).
      await prisma.registration.updateMany({ where: { stepId: step.id, status: { in: ['CONFIRMED', 'WAITLISTED', 'UNCONFIRMED'] } }, data: { status: 'CANCELLED', cancelledAt: new Date() } });
    }
    logger.info('step messages', { stepId: step.id, kind: input.kind, slot: input.slot, sequence: input.sequence, ...report });
    return report;
  }

  async function sendProcessMessages(
    input:
      | { processId: string; kind: 'PHASE_CHANGED'; slot: string; from: Phase; to: Phase }
      | { processId: string; kind: 'RENEWAL_STARTED'; slot: string; renewalProcessId: string },
  ): Promise<DeliveryReport> {
    const process = await prisma.process.findUniqueOrThrow({ where: { id: input.processId }, include: { territory: true } });
    const context = contextOf(process.territory, process);
    let view: MessageView;
    if (input.kind === 'PHASE_CHANGED') {
      // The programme is this plan's own steps in the new phase, never a standard list.
      const programme = await prisma.step.findMany({ where: { processId: process.id, phase: input.to, status: { not: 'CANCELLED' } }, orderBy: { position: 'asc' } });
      view = { kind: 'PHASE_CHANGED', from: input.from, to: input.to, programme: programme.map(toStepView), processUrl: processUrl(process.id) };
    } else {
      const renewal = await prisma.process.findUniqueOrThrow({ where: { id: input.renewalProcessId } });
      view = { kind: 'RENEWAL_STARTED', nextPeriod: { start: renewal.periodStart, end: renewal.periodEnd }, processUrl: processUrl(renewal.id) };
    }
    const messageFor = personalMessages((person) => meetingEmail({ context, view, from: config.MAIL_FROM, to: mailbox(person.fullName, person.email) }));
    const messages = (await coordinatorAndAdviserFor(prisma, process.territory)).map((recipient) =>
      messageFor(recipient, { key: { kind: input.kind, slot: `${process.id}/${input.slot}`, stepId: null, recipient: recipient.email, sequence: 0 }, processId: process.id }, null),
    );
    const report = await outbox.send(messages, heartbeat);
    logger.info('process messages', { processId: process.id, kind: input.kind, ...report });
    return report;
  }

  return { sendStepMessages, sendProcessMessages };
}
