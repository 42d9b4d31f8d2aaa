// Sends a step's invitation to everyone in its audience, one idempotent message per recipient.
import { Context } from '@temporalio/activity';
import { audienceSchema, isInAudience, type StepKind } from '../domain/plan';
import { renderInvitation } from '../templates/invitation';
import { invitationCalendar } from '../templates/calendar';
import { deliverMessage, type DeliveryOutcome } from './deliver';
import type { ActivityDeps } from './deps';

export interface InvitationReport {
  recipients: number;
  delivered: number;
  failed: number;
  alreadyDone: number;
}

export function invitationActivities(deps: ActivityDeps) {
  const { prisma, mailer, config } = deps;

  async function sendStepInvitations(input: { stepId: string }): Promise<InvitationReport> {
    const step = await prisma.step.findUniqueOrThrow({
      where: { id: input.stepId },
      include: { process: { include: { territory: { include: { contacts: { orderBy: { email: 'asc' } } } } } } },
    });
    const territory = step.process.territory;
    if (step.status === 'CANCELLED' || !step.startsAt) {
      return { recipients: 0, delivered: 0, failed: 0, alreadyDone: 0 };
    }
    const audience = audienceSchema.parse(step.audience);
    const recipients = territory.contacts.filter((contact) => isInAudience(audience, contact));
    const endsAt = step.endsAt ?? new Date(step.startsAt.getTime() + 3 * 3600_000);
    const organizer = { name: territory.coordinatorName, email: territory.coordinatorEmail };
    const report: InvitationReport = { recipients: recipients.length, delivered: 0, failed: 0, alreadyDone: 0 };

    for (const contact of recipients) {
      const outcome: DeliveryOutcome = await deliverMessage(
        { prisma, mailer, mailFrom: config.MAIL_FROM },
        {
          key: { kind: 'INVITATION', stepId: step.id, recipient: contact.email, sequence: step.icalSequence },
          processId: step.processId,
          contactId: contact.id,
          build: () => {
            const email = renderInvitation({
              territory,
              coordinator: organizer,
              step: { ...step, kind: step.kind as StepKind, startsAt: step.startsAt!, endsAt },
              recipient: contact,
            });
            const description = [
              email.subject,
              step.location ? `Lieu : ${step.location}` : null,
              step.onlineUrl ? `En ligne : ${step.onlineUrl}` : null,
              `Contact : ${organizer.name} <${organizer.email}>`,
            ]
              .filter(Boolean)
              .join('\n');
            return {
              from: config.MAIL_FROM,
              replyTo: `${organizer.name} <${organizer.email}>`,
              to: `${contact.fullName} <${contact.email}>`,
              ...email,
              calendar: {
                method: 'REQUEST',
                filename: 'invitation.ics',
                content: invitationCalendar(
                  {
                    uid: step.icalUid,
                    sequence: step.icalSequence,
                    summary: step.title,
                    description,
                    start: step.startsAt!,
                    end: endsAt,
                    location: step.location,
                    url: step.onlineUrl,
                    organizer,
                  },
                  { name: contact.fullName, email: contact.email },
                  new Date(),
                ),
              },
            };
          },
        },
      );
      if (outcome === 'SENT' || outcome === 'CAPTURED') report.delivered += 1;
      else if (outcome === 'FAILED') report.failed += 1;
      else report.alreadyDone += 1;
      Context.current().heartbeat(contact.email);
    }
    if (step.status === 'PLANNED') {
      await prisma.step.update({ where: { id: step.id }, data: { status: 'INVITED' } });
    }
    deps.logger.info('invitations sent', { stepId: step.id, ...report });
    return report;
  }

  return { sendStepInvitations };
}
