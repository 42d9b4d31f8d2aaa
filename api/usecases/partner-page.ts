// What a partner does from their personal link (no account, the link is the key): their calendar files,
// their meetings' documents, registering to several meetings at once, booking an interview slot, their
// page with the answer of the last form (result codes carried in the redirect), leaving the newsletter.
import { paths } from '../../domain/urls';
import { invitedStepIds } from '../../infra/db/audiences';
import type { Contact } from '../../infra/db/prisma';
import { loadPartnerFeed, toFeedEvent } from '../../infra/db/calendar-feeds';
import { feedCalendar } from '../../templates/calendar';
import { interviewResultLine, resultLine, type partnerPage, type PartnerCampaignItem, type PartnerMeetingItem, type ResultCode, type ResultLine } from '../../templates/pages/partner';
import type { ApiDeps } from '../deps';
import { notFound, ProblemError } from '../problem';
import { resolvePartnerToken } from '../../infra/auth/tokens';
import { bookInterview, partnerCampaigns, releaseInterview } from './interviews';
import { documentsForPerson } from './meeting-closing';
import { meetingFacts } from './meeting-facts';
import { cancelRegistration, partnerMeetings, registerPerson } from './registrations';

const resultPattern = /^([a-z_A-Z-]+)\.([0-9a-f-]{36})$/;

/** The partner's subscription feed: the meetings they were invited to, updates and cancellations included. */
export const partnerFeedIcs = async (deps: ApiDeps, contact: Contact) => feedCalendar((await loadPartnerFeed(deps.prisma, contact.id))!);

/** One meeting they are invited to as a calendar file, with the same UID as its invitation; 404 otherwise. */
export async function meetingIcs(deps: ApiDeps, contact: Contact, stepId: string): Promise<{ filename: string; ics: string }> {
  const step = (await invitedStepIds(deps.prisma, contact)).has(stepId) ? await deps.prisma.step.findUnique({ where: { id: stepId } }) : null;
  if (!step?.startsAt) throw notFound('Rencontre');
  const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId } });
  const organizer = { name: territory.coordinatorName, email: territory.coordinatorEmail };
  return { filename: `${step.key}.ics`, ics: feedCalendar({ name: step.title, timezone: territory.timezone, events: [toFeedEvent(step, organizer)] }) };
}

/** The meetings whose documents the partner may open: those they were invited to, and those they came to. */
async function meetingsWithDocuments(deps: ApiDeps, contact: Contact) {
  const invited = await invitedStepIds(deps.prisma, contact);
  return deps.prisma.step.findMany({
    where: { status: { in: ['HELD', 'DONE'] }, documents: { some: {} }, OR: [{ id: { in: [...invited] } }, { attendances: { some: { contactId: contact.id } } }] },
    select: { id: true, title: true, startsAt: true },
  });
}

/** One of those documents; another meeting's, or another territory's, is the same 404 as none. */
export async function partnerDocument(deps: ApiDeps, contact: Contact, documentId: string) {
  const allowed = (await meetingsWithDocuments(deps, contact)).map((s) => s.id);
  const document = await deps.prisma.meetingDocument.findFirst({ where: { id: documentId, stepId: { in: allowed } } });
  if (!document) throw notFound('Document');
  return document;
}

/** No more newsletter for them; invitations to their meetings keep coming. */
export async function leaveNewsletter(deps: ApiDeps, contact: Contact): Promise<void> {
  await deps.prisma.contact.updateMany({ where: { id: contact.id, newsletterOptOutAt: null }, data: { newsletterOptOutAt: new Date() } });
}

/** Registers to (or unregisters from) each meeting ticked; one result code per meeting (`<code>.<stepId>`). */
export async function registerFromPage(deps: ApiDeps, contact: Contact, action: 'inscrire' | 'desinscrire', stepIds: string[]): Promise<string[]> {
  const invited = await invitedStepIds(deps.prisma, contact);
  const results: string[] = stepIds.length === 0 ? ['aucune'] : [];
  for (const stepId of new Set(stepIds)) {
    let code: ResultCode;
    if (!invited.has(stepId)) {
      code = 'refus-NOT_INVITED';
    } else if (action === 'inscrire') {
      const person = { email: contact.email, fullName: contact.fullName, organisation: contact.organisation, contactId: contact.id };
      const result = await registerPerson(deps, stepId, person, 'partner', true);
      if ('refused' in result) code = `refus-${result.refused}`;
      else if (!result.created) code = 'deja';
      else code = result.registration.status === 'WAITLISTED' ? 'attente' : 'confirme';
    } else {
      const registration = await deps.prisma.registration.findUnique({ where: { stepId_email: { stepId, email: contact.email.toLowerCase() } } });
      const result = registration && registration.status !== 'CANCELLED' ? await cancelRegistration(deps, registration.id) : null;
      if (result && 'refused' in result) code = `refus-${result.refused}`;
      else code = result?.changed ? 'desinscrit' : 'non-inscrit';
    }
    results.push(`${code}.${stepId}`);
  }
  return results;
}

/** Books, moves or gives back an interview slot; the result code (`entretien-<outcome>.<campaignId>`). */
export async function interviewFromPage(deps: ApiDeps, contact: Contact, form: { action: 'reserver' | 'liberer'; campagne: string; creneau?: string }): Promise<string> {
  let code: string;
  if (form.action === 'reserver' && !form.creneau) code = 'entretien-choix';
  else {
    const result = form.action === 'reserver' ? await bookInterview(deps, contact, form.campagne, form.creneau!) : await releaseInterview(deps, contact, form.campagne);
    code = 'refused' in result ? `entretien-refus-${result.refused}` : `entretien-${result.outcome}`;
  }
  return `${code}.${form.campagne}`;
}

/** The partner's page: their meetings and campaigns, what the last form did (`codes`), their documents. */
export async function partnerPageView(deps: ApiDeps, contact: Contact, token: string, codes: string[]): Promise<Parameters<typeof partnerPage>[0]> {
  const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId } });
  const meetings: PartnerMeetingItem[] = (await partnerMeetings(deps, contact)).map(({ step, registration, confirmed, closed }) => ({
    id: step.id,
    ...meetingFacts(step),
    confirmed,
    registration: registration && (registration.status === 'CONFIRMED' || registration.status === 'WAITLISTED') ? { status: registration.status, position: registration.position } : null,
    closed,
    calendarUrl: step.startsAt ? paths.partnerMeetingCalendar(token, step.id) : null,
  }));
  const campaigns: PartnerCampaignItem[] = (await partnerCampaigns(deps, contact)).map(({ step, mine, free }) => {
    const { capacity: _capacity, ...facts } = meetingFacts(step);
    return { id: step.id, ...facts, description: step.description, mine, free };
  });
  const results = codes
    .map((c) => {
      if (c === 'aucune') return resultLine(c, undefined);
      const match = resultPattern.exec(c);
      if (!match) return null;
      if (match[1]!.startsWith('entretien-')) return interviewResultLine(match[1]!, campaigns.find((c) => c.id === match[2]));
      return resultLine(match[1]!, meetings.find((m) => m.id === match[2]));
    })
    .filter((line): line is ResultLine => line !== null);
  return {
    fullName: contact.fullName,
    territoryName: territory.name,
    territoryArticle: territory.nameArticle,
    timeZone: territory.timezone,
    meetings,
    campaigns,
    interviewActionUrl: paths.partnerInterviews(token),
    feedUrl: `${deps.config.PUBLIC_BASE_URL}${paths.partnerFeed(token)}`,
    actionUrl: paths.partnerRegistrations(token),
    results,
    documents: await documentsForPerson(deps, await meetingsWithDocuments(deps, contact), paths.partnerDocuments(token)),
  };
}

/** The partner whose personal link this is; one answer for unknown, expired and revoked links: nothing to learn by probing. */
export async function partnerOfLink(deps: Pick<ApiDeps, 'prisma'>, token: string): Promise<Contact> {
  const contact = await resolvePartnerToken(deps.prisma, token);
  if (!contact) throw new ProblemError(404, 'Lien invalide ou expiré', 'Ce lien personnel n’est plus valable : demandez-en un nouveau à votre contact.');
  return contact;
}
