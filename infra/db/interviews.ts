// Interview slots. Booking, moving and giving back are one transaction each, holding a row lock on the
// campaign's step (SELECT … FOR UPDATE): requests for one campaign are served one at a time, so a slot
// read free inside the transaction is free, and the unique slot of a booking makes it so in the schema
// too. Other campaigns and meetings are not held up.
import { randomUUID } from 'node:crypto';
import { bookingRefusal, campaignSpan, releaseRefusal, type InterviewRefusal } from '../../domain/interviews';
import { addressOf } from '../mail';
import type { InterviewBooking, InterviewSlot, Prisma, PrismaClient } from './prisma';

// Many partners booking the first morning queue on one lock: wait longer than Prisma's defaults.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

type Tx = Prisma.TransactionClient;

export type BookingWithSlot = InterviewBooking & { slot: InterviewSlot | null };

export type BookResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: InterviewRefusal }
  /** `booked`: a first slot; `moved`: from `previous`; `unchanged`: it was already theirs. */
  | { outcome: 'booked' | 'moved' | 'unchanged'; booking: BookingWithSlot; previous: InterviewSlot | null };

export type ReleaseResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: InterviewRefusal }
  | { outcome: 'released'; booking: InterviewBooking; slot: InterviewSlot };

async function lockCampaign(tx: Tx, stepId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Step" WHERE "id" = ${stepId}::uuid FOR UPDATE`;
  return tx.step.findUnique({ where: { id: stepId }, select: { id: true, behaviour: true, status: true } });
}

async function ownBooking(tx: Tx, stepId: string, contactId: string) {
  return tx.interviewBooking.findUnique({ where: { stepId_contactId: { stepId, contactId } }, include: { slot: true } });
}

/**
 * Books `slotId` for the contact, or moves their interview there. `invited` is checked by the caller
 * (the same rule as the invitations); `mailFrom` gives the calendar UID its domain.
 */
export async function bookSlot(
  prisma: PrismaClient,
  input: { stepId: string; slotId: string; contactId: string; invited: boolean; mailFrom: string; now?: Date },
): Promise<BookResult> {
  return prisma.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, input.stepId);
    if (!campaign) return { outcome: 'not-found' } as const;
    const now = input.now ?? new Date();
    const slot = await tx.interviewSlot.findFirst({ where: { id: input.slotId, stepId: input.stepId }, include: { booking: true } });
    const own = await ownBooking(tx, input.stepId, input.contactId);
    const held = own?.status === 'BOOKED' ? own.slot : null;
    const slotState = slot ? { stepId: slot.stepId, startsAt: slot.startsAt, heldBy: slot.booking?.slotId ? slot.booking.contactId : null } : null;
    const reason = bookingRefusal(campaign, slotState, held, input.contactId, now, input.invited);
    if (reason) return { outcome: 'refused', reason } as const;
    if (own && held?.id === input.slotId) return { outcome: 'unchanged', booking: own, previous: null } as const;

    if (own) {
      // Moved (or booked again after giving one back): the same calendar event, a higher SEQUENCE.
      const booking = await tx.interviewBooking.update({
        where: { id: own.id },
        data: {
          slotId: input.slotId,
          status: 'BOOKED',
          startsAt: slot!.startsAt,
          endsAt: slot!.endsAt,
          movedFromStartsAt: held?.startsAt ?? null,
          movedFromEndsAt: held?.endsAt ?? null,
          icalSequence: { increment: 1 },
          version: { increment: 1 },
        },
        include: { slot: true },
      });
      return { outcome: held ? 'moved' : 'booked', booking, previous: held } as const;
    }
    const domain = addressOf(input.mailFrom).split('@')[1] ?? 'localhost';
    const booking = await tx.interviewBooking.create({
      data: { stepId: input.stepId, contactId: input.contactId, slotId: input.slotId, startsAt: slot!.startsAt, endsAt: slot!.endsAt, icalUid: `${randomUUID()}@${domain}` },
      include: { slot: true },
    });
    return { outcome: 'booked', booking, previous: null } as const;
  }, TRANSACTION_OPTIONS);
}

/** Gives the contact's slot back: free again for others, their calendar told to drop it. */
export async function releaseSlot(prisma: PrismaClient, input: { stepId: string; contactId: string; invited: boolean; now?: Date }): Promise<ReleaseResult> {
  return prisma.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, input.stepId);
    if (!campaign) return { outcome: 'not-found' } as const;
    const own = await ownBooking(tx, input.stepId, input.contactId);
    const held = own?.status === 'BOOKED' ? own.slot : null;
    const reason = releaseRefusal(campaign, held, input.now ?? new Date(), input.invited);
    if (reason) return { outcome: 'refused', reason } as const;
    const booking = await tx.interviewBooking.update({
      where: { id: own!.id },
      // Its time stays: the notice says which slot was given back, and its CANCEL names that event.
      data: { slotId: null, status: 'RELEASED', movedFromStartsAt: null, movedFromEndsAt: null, icalSequence: { increment: 1 }, version: { increment: 1 } },
    });
    return { outcome: 'released', booking, slot: held! } as const;
  }, TRANSACTION_OPTIONS);
}

/** A campaign's slots in time order, each with who holds it. */
export async function campaignSlots(prisma: PrismaClient | Tx, stepId: string) {
  return prisma.interviewSlot.findMany({
    where: { stepId },
    orderBy: { startsAt: 'asc' },
    include: { booking: { include: { contact: { select: { id: true, fullName: true, organisation: true, email: true } } } } },
  });
}

/**
 * Adds slots (those already there are kept) and removes free ones (a slot someone holds stays: the
 * caller names who holds it), then sets the campaign's span from what is left. Safe to run twice.
 */
export async function changeCampaignSlots(
  tx: Tx,
  step: { id: string; durationMinutes: number },
  changes: { add?: readonly string[]; remove?: readonly string[] },
): Promise<{ startsAt: Date; endsAt: Date } | null> {
  // The campaign's lock, as bookings take it: a slot is never removed under a booking being made.
  await lockCampaign(tx, step.id);
  if (changes.add?.length) {
    await tx.interviewSlot.createMany({
      data: changes.add.map((iso) => ({ stepId: step.id, startsAt: new Date(iso), endsAt: new Date(Date.parse(iso) + step.durationMinutes * 60_000) })),
      skipDuplicates: true,
    });
  }
  if (changes.remove?.length) {
    await tx.interviewSlot.deleteMany({ where: { stepId: step.id, startsAt: { in: changes.remove.map((iso) => new Date(iso)) }, booking: { is: null } } });
  }
  const slots = await tx.interviewSlot.findMany({ where: { stepId: step.id }, select: { startsAt: true, endsAt: true } });
  const span = campaignSpan(slots);
  // Written under the same lock: two slot changes at once cannot leave a stale span.
  await tx.step.update({ where: { id: step.id }, data: { startsAt: span?.startsAt ?? null, endsAt: span?.endsAt ?? null } });
  return span;
}
