// Seats at meetings. Registering and unregistering are one transaction each, holding a row lock on the
// step (SELECT … FOR UPDATE): requests for one meeting are served one at a time, so the count of
// confirmed seats read inside the transaction is the truth and capacity is never exceeded, while other
// meetings are not held up.
import {
  PUBLIC_HOLD_MINUTES,
  registrationRefusal,
  statusForRequest,
  type Registrant,
  type RegistrationRefusal,
  type RegistrationStatus,
} from '../../domain/registrations';
import { audienceSchema } from '../../domain/plan';
import type { Prisma, PrismaClient, Registration } from './prisma';

export interface PersonInput {
  email: string;
  fullName: string;
  organisation?: string | null;
  contactId?: string | null;
}

export type RegisterResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: RegistrationRefusal }
  /** `created`: a new row; `renewed`: a cancelled one asked again; `existing`: nothing changed. */
  | { outcome: 'created' | 'renewed' | 'existing'; registration: Registration };

export type UnregisterResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: RegistrationRefusal; registration: Registration }
  /** `promoted`: those moved up from the waiting list into the freed seats, in order. */
  | { outcome: 'cancelled' | 'unchanged'; registration: Registration; promoted: Registration[] };

// Many requests for one popular meeting queue on its lock: wait for a connection and for the lock longer
// than Prisma's defaults (2 s, 5 s) before giving up.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

type Tx = Prisma.TransactionClient;

async function lockStep(tx: Tx, stepId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Step" WHERE "id" = ${stepId}::uuid FOR UPDATE`;
  return tx.step.findUnique({ where: { id: stepId } });
}

/** A registration and its step, the step's row locked; read after the lock: a concurrent change may have got there first. */
async function lockRegistration(tx: Tx, registrationId: string) {
  const found = await tx.registration.findUnique({ where: { id: registrationId }, select: { stepId: true } });
  if (!found) return null;
  const step = (await lockStep(tx, found.stepId))!;
  return { step, registration: await tx.registration.findUniqueOrThrow({ where: { id: registrationId } }) };
}

const registrableView = (step: NonNullable<Awaited<ReturnType<typeof lockStep>>>) => ({
  behaviour: step.behaviour,
  status: step.status,
  startsAt: step.startsAt,
  audience: audienceSchema.parse(step.audience),
});

/** Seats taken: confirmed ones, and those held for members of the public until they confirm (not `exceptId`'s). */
const takenSeats = async (tx: Tx, stepId: string, now: Date, exceptId?: string) =>
  (await tx.registration.count({ where: { stepId, status: 'CONFIRMED' } })) +
  (await tx.registration.count({ where: { stepId, status: 'UNCONFIRMED', holdUntil: { gt: now }, ...(exceptId ? { id: { not: exceptId } } : {}) } }));

/**
 * Asks for a seat. Registering twice changes nothing; registering again after cancelling reuses the row
 * with a new place in the queue. `invited` says whether a partner is invited (checked by the caller).
 */
export async function register(
  prisma: PrismaClient,
  stepId: string,
  person: PersonInput,
  options: { who: Registrant; invited?: boolean; now?: Date },
): Promise<RegisterResult> {
  const email = person.email.trim().toLowerCase();
  return prisma.$transaction(async (tx) => {
    const step = await lockStep(tx, stepId);
    if (!step) return { outcome: 'not-found' } as const;
    const now = options.now ?? new Date();
    const existing = await tx.registration.findUnique({ where: { stepId_email: { stepId, email } } });
    // An unconfirmed request is nobody's seat yet: asked again on the form (the email went astray), a new
    // email; asked by the person from their own page or by the coordinator, a registration at once.
    if (existing && existing.status !== 'CANCELLED' && existing.status !== 'UNCONFIRMED') return { outcome: 'existing', registration: existing } as const;
    const reason = registrationRefusal(registrableView(step), options.who, now, options.invited ?? false);
    if (reason) return { outcome: 'refused', reason } as const;

    const seat = statusForRequest(await takenSeats(tx, stepId, now, existing?.id), step.capacity) === 'CONFIRMED';
    // The public confirms from the emailed link first (double opt-in): a seat free now is held meanwhile.
    const status: RegistrationStatus = options.who === 'public' ? 'UNCONFIRMED' : seat ? 'CONFIRMED' : 'WAITLISTED';
    const data = {
      fullName: person.fullName,
      organisation: person.organisation ?? null,
      status,
      requestedAt: now,
      // The same instant as the request: tells a seat given at once from a promotion (see noticeKindOf).
      confirmedAt: status === 'CONFIRMED' ? now : null,
      cancelledAt: null,
      holdUntil: status === 'UNCONFIRMED' && seat ? new Date(now.getTime() + PUBLIC_HOLD_MINUTES * 60_000) : null,
    };
    if (existing) {
      const registration = await tx.registration.update({
        where: { id: existing.id },
        data: { ...data, contactId: person.contactId ?? existing.contactId, version: { increment: 1 } },
      });
      return { outcome: 'renewed', registration } as const;
    }
    const registration = await tx.registration.create({ data: { ...data, stepId, email, contactId: person.contactId ?? null } });
    return { outcome: 'created', registration } as const;
  }, TRANSACTION_OPTIONS);
}

/** Gives a seat (or a place on the waiting list) back; freed seats go to the oldest waiting requests. */
export async function unregister(prisma: PrismaClient, registrationId: string, options: { now?: Date } = {}): Promise<UnregisterResult> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockRegistration(tx, registrationId);
    if (!locked) return { outcome: 'not-found' } as const;
    const { step, registration } = locked;
    if (registration.status === 'CANCELLED') return { outcome: 'unchanged', registration, promoted: [] } as const;
    const now = options.now ?? new Date();
    if (registration.status === 'UNCONFIRMED') {
      // Never confirmed (perhaps never asked for by that address): withdrawn without a word, its held seat freed.
      await tx.registration.delete({ where: { id: registration.id } });
      return { outcome: 'cancelled', registration: { ...registration, status: 'CANCELLED', cancelledAt: now }, promoted: await fillFreedSeats(tx, step, now) } as const;
    }
    // Coordinator rules: only the meeting's own state matters when giving a seat back.
    const reason = registrationRefusal(registrableView(step), 'coordinator', now);
    if (reason) return { outcome: 'refused', reason, registration } as const;

    const cancelled = await tx.registration.update({
      where: { id: registration.id },
      data: { status: 'CANCELLED', cancelledAt: now, version: { increment: 1 } },
    });
    return { outcome: 'cancelled', registration: cancelled, promoted: await fillFreedSeats(tx, step, now) } as const;
  }, TRANSACTION_OPTIONS);
}

/** Freed seats go to the oldest waiting requests, in order (the step's row is locked by the caller). */
async function fillFreedSeats(tx: Tx, step: { id: string; capacity: number | null }, now: Date): Promise<Registration[]> {
  const promoted: Registration[] = [];
  let confirmed = await takenSeats(tx, step.id, now);
  while (step.capacity === null || confirmed < step.capacity) {
    const next = await tx.registration.findFirst({
      where: { stepId: step.id, status: 'WAITLISTED' },
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    });
    if (!next) break;
    promoted.push(await tx.registration.update({ where: { id: next.id }, data: { status: 'CONFIRMED', confirmedAt: now, version: { increment: 1 } } }));
    confirmed += 1;
  }
  return promoted;
}

/**
 * Deletes a person's registrations (their data erased) inside the caller's transaction: the seats they
 * held go to the waiting list as a cancellation's would, for meetings still to come. The promoted ones
 * are returned, to be told; the erased person is told nothing.
 */
export async function deleteRegistrations(tx: Tx, where: Prisma.RegistrationWhereInput, now = new Date()): Promise<{ deleted: number; promoted: Registration[] }> {
  const rows = await tx.registration.findMany({ where, select: { id: true, stepId: true, status: true } });
  // Locked in one order: two erasures touching the same meetings never wait on each other in a circle.
  const freed = [...new Set(rows.filter((r) => r.status === 'CONFIRMED' || r.status === 'UNCONFIRMED').map((r) => r.stepId))].sort();
  const steps = [];
  for (const stepId of freed) steps.push(await lockStep(tx, stepId));
  const deleted = await tx.registration.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  const promoted: Registration[] = [];
  for (const step of steps) {
    if (!step || registrationRefusal(registrableView(step), 'coordinator', now)) continue; // over, cancelled or started
    promoted.push(...(await fillFreedSeats(tx, step, now)));
  }
  return { deleted: deleted.count, promoted };
}

export type ConfirmResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: RegistrationRefusal; registration: Registration }
  /** `unchanged`: already confirmed (a second click). */
  | { outcome: 'confirmed' | 'unchanged'; registration: Registration };

/**
 * A member of the public confirms from the emailed link: the seat held for them if the hold still runs,
 * else a seat if one is free now, else a place on the waiting list (from now).
 */
export async function confirmRegistration(prisma: PrismaClient, registrationId: string, options: { now?: Date } = {}): Promise<ConfirmResult> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockRegistration(tx, registrationId);
    if (!locked) return { outcome: 'not-found' } as const;
    const { step, registration } = locked;
    if (registration.status !== 'UNCONFIRMED') return { outcome: 'unchanged', registration } as const;
    const now = options.now ?? new Date();
    const reason = registrationRefusal(registrableView(step), 'public', now);
    if (reason) return { outcome: 'refused', reason, registration } as const;
    const held = registration.holdUntil !== null && registration.holdUntil > now;
    const seat = held || statusForRequest(await takenSeats(tx, step.id, now, registration.id), step.capacity) === 'CONFIRMED';
    const confirmed = await tx.registration.update({
      where: { id: registration.id },
      data: seat
        ? { status: 'CONFIRMED', confirmedAt: registration.requestedAt, holdUntil: null, version: { increment: 1 } }
        : { status: 'WAITLISTED', requestedAt: now, confirmedAt: null, holdUntil: null, version: { increment: 1 } },
    });
    return { outcome: 'confirmed', registration: confirmed } as const;
  }, TRANSACTION_OPTIONS);
}

/** 1 for the first in line; null when not on the waiting list. */
export async function waitlistPosition(prisma: PrismaClient, registration: Pick<Registration, 'id' | 'stepId' | 'status' | 'requestedAt'>): Promise<number | null> {
  if (registration.status !== 'WAITLISTED') return null;
  const ahead = await prisma.registration.count({
    where: {
      stepId: registration.stepId,
      status: 'WAITLISTED',
      OR: [{ requestedAt: { lt: registration.requestedAt } }, { requestedAt: registration.requestedAt, id: { lt: registration.id } }],
    },
  });
  return ahead + 1;
}

/** A step's registrations in the order they were asked for, from `after` on, with their waiting-list position. */
export async function listRegistrations(
  prisma: PrismaClient,
  stepId: string,
  options: { status?: RegistrationStatus; take?: number; after?: { requestedAt: Date; id: string } | null; partnersOnly?: boolean },
): Promise<(Registration & { position: number | null })[]> {
  const { after } = options;
  const rows = await prisma.registration.findMany({
    where: {
      stepId,
      ...(options.status ? { status: options.status } : {}),
      // Members of the public registered on the promise that only the organisers see their names.
      ...(options.partnersOnly ? { contactId: { not: null } } : {}),
      ...(after ? { OR: [{ requestedAt: { gt: after.requestedAt } }, { requestedAt: after.requestedAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    ...(options.take === undefined ? {} : { take: options.take }),
  });
  // Positions on the waiting list: in the same order, but the list may start on an earlier page.
  const waiting = await prisma.registration.findMany({
    where: { stepId, status: 'WAITLISTED' },
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  const positions = new Map(waiting.map((r, i) => [r.id, i + 1]));
  return rows.map((r) => ({ ...r, position: positions.get(r.id) ?? null }));
}
