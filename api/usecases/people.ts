// A person's data in a territory, by email address (RGPD): everything the service holds about them there
// (as a contact, their registrations, interviews and the messages sent to them) to export, or to erase in
// one transaction. Another territory's data about the same address is not touched.
import type { ApiDeps } from '../deps';

const normalise = (email: string) => email.trim().toLowerCase();

export async function exportPerson({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, rawEmail: string) {
  const email = normalise(rawEmail);
  const [contacts, registrations, interviews, messages] = await Promise.all([
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
  ]);
  return { email, territoryId, exportedAt: new Date(), contacts, registrations, interviews, messages };
}

/**
 * Erases everything about the address in the territory: the contact (their links and interview slots go
 * with it), their registrations (a seat they held is freed; nobody is told, to send them nothing more), and
 * the messages sent to them (the log keeps no trace of the address). One transaction: all or nothing.
 */
export async function erasePerson({ prisma }: Pick<ApiDeps, 'prisma'>, territoryId: string, rawEmail: string) {
  const email = normalise(rawEmail);
  return prisma.$transaction(async (tx) => {
    const registrations = await tx.registration.deleteMany({ where: { email, step: { process: { territoryId } } } });
    const messages = await tx.message.deleteMany({ where: { recipient: email, process: { territoryId } } });
    const contacts = await tx.contact.deleteMany({ where: { territoryId, email } });
    return { email, contacts: contacts.count, registrations: registrations.count, messages: messages.count };
  });
}
