// A person's data in a territory, by email address (RGPD): everything the service holds about them there
// (as a contact, their registrations, interviews and the messages sent to them) to export, or to erase in
// one transaction. Another territory's data about the same address is not touched.
import { z } from '../../domain/zod';
import { deleteRegistrations } from '../../infra/db/registrations';
import type { ApiDeps } from '../deps';
import { startRegistrationNotice } from './registrations';

const normalise = (email: string) => email.trim().toLowerCase();

/** The address a request names, the API's path and the territory page's form alike. */
export const personEmailSchema = z.email({ error: 'adresse électronique invalide' }).max(254);

export async function exportPerson({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, rawEmail: string) {
  const email = normalise(rawEmail);
  const [contacts, registrations, interviews, messages, attendance] = await Promise.all([
    prisma.contact.findMany({ where: { territoryId, email }, omit: { linkGeneration: true } }),
    prisma.registration.findMany({
      where: { email, step: { process: { territoryId } } },
      select: { id: true, fullName: true, organisation: true, status: true, requestedAt: true, confirmedAt: true, cancelledAt: true, step: { select: { title: true, startsAt: true } } },
    }),
    prisma.interviewBooking.findMany({
      where: { contact: { territoryId, email } },
      select: { status: true, startsAt: true, endsAt: true, createdAt: true, step: { select: { title: true } } },
    }),
    prisma.message.findMany({
      where: { recipient: email, process: { territoryId } },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, subject: true, status: true, createdAt: true, sentAt: true },
    }),
    prisma.attendance.findMany({ where: { email, step: { process: { territoryId } } }, select: { fullName: true, organisation: true, status: true, walkIn: true, step: { select: { title: true, startsAt: true } } } }),
  ]);
  return { email, territoryId, exportedAt: new Date(), contacts, registrations, interviews, messages, attendance };
}

/**
 * Erases everything about the address in the territory: the contact (their links and interview slots go
 * with it), their registrations (a seat they held goes to the waiting list; they are told nothing), and
 * the messages sent to them (the log keeps no trace of the address). One transaction: all or nothing.
 */
export async function erasePerson(deps: ApiDeps, territoryId: string, rawEmail: string) {
  const email = normalise(rawEmail);
  const { erased, promoted } = await deps.prisma.$transaction(async (tx) => {
    const registrations = await deleteRegistrations(tx, { email, step: { process: { territoryId } } });
    const messages = await tx.message.deleteMany({ where: { recipient: email, process: { territoryId } } });
    await tx.attendance.deleteMany({ where: { email, step: { process: { territoryId } } } });
    // A template of theirs alone (a name that could not share one) goes with its messages; not one a send
    // may be about to use (written in the last hour).
    await tx.messageTemplate.deleteMany({ where: { messages: { none: {} }, createdAt: { lt: new Date(Date.now() - 3_600_000) } } });
    const contacts = await tx.contact.deleteMany({ where: { territoryId, email } });
    return { erased: { email, contacts: contacts.count, registrations: registrations.deleted, messages: messages.count, promoted: registrations.promoted.length }, promoted: registrations.promoted };
  });
  // Those moved up from a waiting list into the seats freed hear it, as after any cancellation.
  for (const registration of promoted) await startRegistrationNotice(deps, registration);
  return erased;
}
