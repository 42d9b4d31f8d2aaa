// Interview campaign use cases shared by the partner page and the process page: book, move or give back
// a slot (one locked transaction, then the notice workflow of that version), what a partner sees of the
// campaigns they are invited to, and the coordinator's slot changes (through the workflow's Update).
import { audienceOf, invitedStepIds } from '../../infra/db/audiences';
import { interviewRefusalMessages, type InterviewRefusal } from '../../domain/interviews';
import type { Contact, InterviewBooking, Process, Step } from '../../infra/db/prisma';
import { bookSlot, campaignSlots, releaseSlot } from '../../infra/db/interviews';
import { interviewNoticeWorkflowId, interviewNoticeWorkflowType, type InterviewNoticeWorkflowInput } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';
import { startNotice } from './notices';
import { changeStep } from './process-changes';

const startInterviewNotice = (deps: ApiDeps, booking: Pick<InterviewBooking, 'id' | 'version'>) =>
  startNotice(deps, {
    workflowType: interviewNoticeWorkflowType,
    workflowId: interviewNoticeWorkflowId(booking.id, booking.version),
    input: { bookingId: booking.id, version: booking.version } satisfies InterviewNoticeWorkflowInput,
  });

export type BookingOutcome = { outcome: 'booked' | 'moved' | 'unchanged' | 'released' } | { refused: InterviewRefusal };

/** Books `slotId` for the partner (or moves their interview there); the notice goes once per change. */
export async function bookInterview(deps: ApiDeps, contact: Contact, stepId: string, slotId: string): Promise<BookingOutcome> {
  const invited = (await invitedStepIds(deps.prisma, contact)).has(stepId);
  const result = await bookSlot(deps.prisma, { stepId, slotId, contactId: contact.id, invited, mailFrom: deps.config.MAIL_FROM });
  if (result.outcome === 'not-found') return { refused: 'NOT_INVITED' }; // the same answer as for a campaign of another territory
  if (result.outcome === 'refused') return { refused: result.reason };
  // Also when unchanged: a notice whose start was lost the first time goes now.
  await startInterviewNotice(deps, result.booking);
  return { outcome: result.outcome };
}

/** Gives the partner's slot back. */
export async function releaseInterview(deps: ApiDeps, contact: Contact, stepId: string): Promise<BookingOutcome> {
  const invited = (await invitedStepIds(deps.prisma, contact)).has(stepId);
  const result = await releaseSlot(deps.prisma, { stepId, contactId: contact.id, invited });
  if (result.outcome === 'not-found') return { refused: 'NOT_INVITED' };
  if (result.outcome === 'refused') return { refused: result.reason };
  await startInterviewNotice(deps, result.booking);
  return { outcome: 'released' };
}

export const interviewRefusalProblem = (reason: InterviewRefusal) => {
  const text = interviewRefusalMessages[reason];
  return new ProblemError(409, 'Réservation impossible', `${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
};

/** What a partner's page shows of one campaign: its free future slots, and theirs. */
export interface PartnerCampaign {
  step: Step;
  mine: { startsAt: Date; endsAt: Date } | null;
  free: { id: string; startsAt: Date; endsAt: Date }[];
}

/** The campaigns a partner is invited to that are not over or cancelled, in date order (those without slots last). */
export async function partnerCampaigns(deps: ApiDeps, contact: Contact, now = new Date()): Promise<PartnerCampaign[]> {
  const invited = await invitedStepIds(deps.prisma, contact);
  const steps = await deps.prisma.step.findMany({
    where: { id: { in: [...invited] }, behaviour: 'INTERVIEWS', status: { in: ['PLANNED', 'INVITED'] } },
    orderBy: [{ startsAt: { sort: 'asc', nulls: 'last' } }, { position: 'asc' }],
    include: {
      interviewSlots: { where: { startsAt: { gt: now }, booking: { is: null } }, orderBy: { startsAt: 'asc' } },
      interviewBookings: { where: { contactId: contact.id, status: 'BOOKED' }, include: { slot: true } },
    },
  });
  return steps.map(({ interviewSlots, interviewBookings, ...step }) => {
    const slot = interviewBookings[0]?.slot ?? null;
    return { step, mine: slot ? { startsAt: slot.startsAt, endsAt: slot.endsAt } : null, free: interviewSlots.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })) };
  });
}

/** A campaign as its coordinator follows it: every slot with who holds it, and who has none yet. */
export async function campaignProgress(deps: ApiDeps, step: Step) {
  const slots = await campaignSlots(deps.prisma, step.id);
  const booked = new Set(slots.flatMap((s) => (s.booking ? [s.booking.contactId] : [])));
  const waiting = (await audienceOf(deps.prisma, step)).filter((person) => !person.contactId || !booked.has(person.contactId));
  return {
    slots: slots.map((s) => ({
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      heldBy: s.booking ? { fullName: s.booking.contact.fullName, organisation: s.booking.contact.organisation } : null,
    })),
    waiting: waiting.map((p) => ({ fullName: p.fullName, organisation: p.organisation ?? null })),
  };
}

/**
 * Adds and removes a campaign's slots through the process workflow (its span moves, nothing is announced).
 * A slot someone holds is not removed: the answer names them, so the coordinator can agree another with them.
 */
export async function changeCampaignSlots(deps: ApiDeps, process: Pick<Process, 'id'>, step: Step, changes: { add: string[]; remove: string[] }) {
  if (changes.remove.length) {
    const held = await deps.prisma.interviewSlot.findMany({
      where: { stepId: step.id, startsAt: { in: changes.remove.map((iso) => new Date(iso)) }, booking: { isNot: null } },
      include: { booking: { include: { contact: { select: { fullName: true } } } } },
    });
    if (held.length) {
      const names = held.map((s) => s.booking!.contact.fullName).join(', ');
      throw new ProblemError(409, 'Modification refusée', `Un créneau réservé ne peut pas être retiré (réservé par ${names}) : convenez d’abord d’un autre créneau avec cette personne.`);
    }
  }
  const durationMinutes = step.interviewMinutes ?? 60;
  return changeStep(deps, process.id, step.key, { slots: { add: changes.add, remove: changes.remove, durationMinutes } });
}
