// The message activities: everything a workflow sends goes through here, one idempotent delivery per
// recipient (business key: kind + slot, step, recipient, sequence), in small concurrent batches with a
// heartbeat, so a 500-partner invitation is quick and a retry resumes where it stopped.
import { mailbox } from '../infra/mail';
import { audienceSchema, type Phase } from '../domain/plan';
import { messageContextOf as contextOf, toStepView } from '../infra/db/message-views';
import { meetingCalendar } from '../templates/messages/meeting-calendar';
import { renderMessage } from '../templates/messages';
import type { MessageView, RecipientLinks } from '../templates/messages/types';
import { issuePartnerToken, issueToken } from '../infra/auth/tokens';
import { deliverMessage } from './deliver';
import { deliverAll, type DeliveryReport } from './deliver-all';
import type { ActivityDeps } from './deps';
import { interviewActivities } from './interviews';
import { announcedTo, audienceOf, isForNewcomers, withoutAnnounced, coordinatorAndAdviser, coordinatorOf, registrantsOf, type Recipient, type Registrant } from './recipients';

export type StepMessageKind =
  | 'INVITATION'
  | 'UPDATE'
  | 'CANCELLATION'
  | 'REMINDER'
  | 'FOLLOW_UP'
  | 'SURVEY_OPENING'
  | 'SURVEY_CLOSING_REMINDER'
  | 'SURVEY_CLOSED'
  | 'DATE_TO_SET'
  | 'REGISTRATION_SUMMARY'
  | 'MINUTES_REQUEST'
  | 'STEP_LATE';

export interface SendStepMessagesInput {
  stepId: string;
  kind: StepMessageKind;
  sequence: number;
  /** Tells apart several messages of one kind for one sequence (reminder at 7 or 1 day, nth nudge). */
  slot?: string;
  daysBefore?: number;
  previous?: { startsAt: string | null; endsAt: string | null; location: string | null; onlineUrl: string | null };
}

export type { DeliveryReport } from './deliver-all';

/** Those in `people`, then the registrants not among them (members of the public at a forum), by email. */
function withRegistrants(people: Recipient[], registrants: Registrant[]): Recipient[] {
  const emails = new Set(people.map((p) => p.email.toLowerCase()));
  return [...people, ...registrants.filter((r) => !emails.has(r.email.toLowerCase()))];
}

const campaignKinds: ReadonlySet<StepMessageKind> = new Set(['INVITATION', 'REMINDER', 'UPDATE', 'CANCELLATION']);

export function messageActivities(deps: ActivityDeps) {
  const { prisma, mailer, config, logger } = deps;
  const campaigns = interviewActivities(deps);
  // The coordinator's and the adviser's page of the process (sign-in first if needed), not the JSON API.
  const processUrl = (processId: string) => `${config.PUBLIC_BASE_URL}/processus/${processId}`;
  const noLinks: RecipientLinks = { registrationUrl: null, calendarFeedUrl: null };
  /**
   * Personal links, issued here (never carried by workflow inputs): a partner's page, where they register,
   * and their calendar feed; a member of the public's own registration page; else a public forum's form.
   */
  const linksFor = async (recipient: Recipient, stepId: string, isPublic: boolean): Promise<RecipientLinks> => {
    const base = config.PUBLIC_BASE_URL;
    const registrationId = (recipient as Partial<Registrant>).registrationId;
    if (!recipient.contactId && registrationId) {
      const { token } = await issueToken(prisma, 'REGISTRATION', { registrationId });
      return { registrationUrl: `${base}/inscription/gerer/${token}`, calendarFeedUrl: null };
    }
    const partnerUrl = recipient.contactId
      ? `${base}/p/${await issuePartnerToken(prisma, recipient.contactId, config.LINK_SECRET)}`
      : null;
    return {
      registrationUrl: isPublic ? `${base}/inscription/${stepId}` : partnerUrl,
      calendarFeedUrl: partnerUrl ? `${partnerUrl}/calendar.ics` : null,
      ...(isPublic ? { publicForm: true } : {}),
    };
  };

  async function sendStepMessages(input: SendStepMessagesInput): Promise<DeliveryReport> {
    const step = await prisma.step.findUniqueOrThrow({ where: { id: input.stepId }, include: { process: { include: { territory: true } } } });
    // An interview campaign asks people to book a slot: its invitations, reminders, updates and cancellation are its own.
    if (step.behaviour === 'INTERVIEWS' && campaignKinds.has(input.kind)) return campaigns.sendCampaignMessages(step, input);
    const { process } = step;
    const { territory } = process;
    const context = contextOf(territory, process);
    const stepView = toStepView(step);
    const stepUrl = `${processUrl(process.id)}#etape-${step.key}`;

    const isPublic = audienceSchema.parse(step.audience).public;
    // Registrations are the truth about who comes: those registered hear of changes (members of the public
    // too, who are no contacts), and once anyone holds a seat, the follow-up goes to those who did.
    const usesRegistrations = ['UPDATE', 'REMINDER', 'CANCELLATION', 'FOLLOW_UP', 'REGISTRATION_SUMMARY', 'MINUTES_REQUEST'].includes(input.kind);
    const confirmed = usesRegistrations ? await registrantsOf(prisma, step.id, ['CONFIRMED']) : [];
    const waitlisted = usesRegistrations ? await registrantsOf(prisma, step.id, ['WAITLISTED']) : [];
    const registrants = [...confirmed, ...waitlisted];
    let recipients: Recipient[];
    switch (input.kind) {
      case 'INVITATION':
      case 'SURVEY_OPENING':
        recipients = await audienceOf(prisma, step);
        // Those the audience gained since the announcement: everyone already told is left out.
        if (isForNewcomers(input)) recipients = withoutAnnounced(recipients, await announcedTo(prisma, step.id));
        break;
      case 'SURVEY_CLOSING_REMINDER':
        recipients = await audienceOf(prisma, step);
        break;
      case 'UPDATE':
      case 'REMINDER':
        recipients = withRegistrants(await audienceOf(prisma, step), registrants);
        break;
      case 'CANCELLATION':
        recipients = withRegistrants(await announcedTo(prisma, step.id), registrants);
        break;
      case 'FOLLOW_UP':
        recipients = confirmed.length > 0 ? confirmed : await announcedTo(prisma, step.id);
        break;
      case 'STEP_LATE':
        recipients = coordinatorAndAdviser(territory);
        break;
      default:
        recipients = [coordinatorOf(territory)];
    }
    const announced = input.kind === 'REGISTRATION_SUMMARY' || input.kind === 'MINUTES_REQUEST' ? await announcedTo(prisma, step.id) : [];
    // The thanks mention the next session only where the plan has one (a step inviting this one's invitees).
    const nextSession =
      input.kind === 'FOLLOW_UP'
        ? await prisma.step.findFirst({
            where: { processId: process.id, audience: { path: ['inviteesOf'], equals: step.key }, status: { not: 'CANCELLED' } },
            orderBy: { position: 'asc' },
          })
        : null;

    const viewFor = (recipient: Recipient, links: RecipientLinks): MessageView => {
      const person = { fullName: recipient.fullName, email: recipient.email, organisation: recipient.organisation };
      switch (input.kind) {
        case 'INVITATION':
          return { kind: 'INVITATION', step: stepView, recipient: person, links };
        case 'UPDATE': {
          const previous = input.previous;
          return {
            kind: 'UPDATE',
            step: stepView,
            recipient: person,
            links,
            previous: {
              startsAt: previous?.startsAt ? new Date(previous.startsAt) : null,
              endsAt: previous?.endsAt ? new Date(previous.endsAt) : null,
              location: previous?.location ?? null,
              onlineUrl: previous?.onlineUrl ?? null,
            },
          };
        }
        case 'CANCELLATION':
          return { kind: 'CANCELLATION', step: stepView, recipient: person, reason: step.cancelReason };
        case 'REMINDER':
          return { kind: 'REMINDER', step: stepView, recipient: person, daysBefore: input.daysBefore ?? 1, links };
        case 'FOLLOW_UP':
          return { kind: 'FOLLOW_UP', step: stepView, recipient: person, next: nextSession ? toStepView(nextSession) : null };
        case 'SURVEY_OPENING':
          return { kind: 'SURVEY_OPENING', step: stepView, recipient: person };
        case 'SURVEY_CLOSING_REMINDER':
          return { kind: 'SURVEY_CLOSING_REMINDER', step: stepView, recipient: person, daysBefore: input.daysBefore ?? 1 };
        case 'SURVEY_CLOSED':
          return { kind: 'SURVEY_CLOSED', step: stepView, stepUrl };
        case 'DATE_TO_SET': {
          const weeks = Number(/\d+/.exec(input.slot ?? '')?.[0] ?? 1) - 1;
          return { kind: 'DATE_TO_SET', step: stepView, weeksWaiting: weeks, stepUrl };
        }
        case 'REGISTRATION_SUMMARY':
          return {
            kind: 'REGISTRATION_SUMMARY',
            step: stepView,
            registrants: confirmed,
            waitlisted,
            // Invited or registered: at a public forum, most registrants were never invited by name.
            invitedCount: withRegistrants(announced, registrants).length,
            stepUrl,
          };
        case 'MINUTES_REQUEST':
          return { kind: 'MINUTES_REQUEST', step: stepView, participants: confirmed.length > 0 ? confirmed : announced, stepUrl };
        case 'STEP_LATE':
          return { kind: 'STEP_LATE', step: stepView, dueAt: step.startsAt ?? new Date(), processUrl: processUrl(process.id) };
      }
    };

    if (input.kind === 'INVITATION' || input.kind === 'UPDATE' || input.kind === 'SURVEY_OPENING') {
      // Announced from the first send on: a change made while this send runs raises the SEQUENCE and is
      // announced by an update. Only from PLANNED: never over a cancellation written meanwhile.
      await prisma.step.updateMany({ where: { id: step.id, status: 'PLANNED' }, data: { status: 'INVITED' } });
    }
    const calendarMethod: 'REQUEST' | 'CANCEL' | null =
      input.kind === 'INVITATION' || input.kind === 'UPDATE' ? 'REQUEST' : input.kind === 'CANCELLATION' ? 'CANCEL' : null;
    const report = await deliverAll(recipients, (recipient) =>
      deliverMessage(
        { prisma, mailer, mailFrom: config.MAIL_FROM },
        {
          key: { kind: input.kind, slot: input.slot, stepId: step.id, recipient: recipient.email, sequence: input.sequence },
          processId: process.id,
          contactId: recipient.contactId,
          build: async () => {
            const withLinks = input.kind === 'INVITATION' || input.kind === 'UPDATE' || input.kind === 'REMINDER';
            const links = withLinks ? await linksFor(recipient, step.id, isPublic) : noLinks;
            const email = renderMessage(context, viewFor(recipient, links));
            const calendar =
              calendarMethod && stepView.startsAt
                ? meetingCalendar({
                    context,
                    step: { ...stepView, startsAt: stepView.startsAt },
                    uid: step.icalUid,
                    sequence: input.sequence,
                    method: calendarMethod,
                    cancelReason: step.cancelReason,
                    links: links ?? null,
                    attendee: { name: recipient.fullName, email: recipient.email },
                  })
                : undefined;
            return {
              from: config.MAIL_FROM,
              replyTo: mailbox(territory.coordinatorName, territory.coordinatorEmail),
              to: mailbox(recipient.fullName, recipient.email),
              ...email,
              calendar,
            };
          },
        },
      ),
    );
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
    const email = renderMessage(context, view);
    const report = await deliverAll(coordinatorAndAdviser(process.territory), (recipient) =>
      deliverMessage(
        { prisma, mailer, mailFrom: config.MAIL_FROM },
        {
          key: { kind: input.kind, slot: `${process.id}/${input.slot}`, stepId: null, recipient: recipient.email, sequence: 0 },
          processId: process.id,
          contactId: null,
          build: () => ({ from: config.MAIL_FROM, to: mailbox(recipient.fullName, recipient.email), ...email }),
        },
      ),
    );
    logger.info('process messages', { processId: process.id, kind: input.kind, ...report });
    return report;
  }

  return { sendStepMessages, sendProcessMessages };
}
