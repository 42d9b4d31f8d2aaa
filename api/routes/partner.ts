// Pages reached from the personal link in a partner's emails: no account, the link is the key. The page
// lists their meetings and takes plain form posts to register or unregister (post, then redirect: a
// reload never posts twice).
import { Router } from 'express';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { invitedStepIds } from '../../infra/db/audiences';
import { resolvePartnerToken } from '../../infra/auth/tokens';
import { loadPartnerFeed, toFeedEvent } from '../../infra/db/read-models';
import { feedCalendar } from '../../templates/calendar';
import { toStepView } from '../../infra/db/message-views';
import { displayTitle } from '../../templates/messages/wording';
import { interviewResultLine, partnerPage, resultLine, type PartnerCampaignItem, type PartnerMeetingItem, type ResultCode, type ResultLine } from '../../templates/pages/partner';
import type { ApiDeps } from '../deps';
import { notFound, parseOrThrow, ProblemError } from '../problem';
import { sendDocument } from '../forms/document-response';
import { unsubscribePage } from '../../templates/pages/unsubscribe';
import { documentsForPerson } from '../usecases/meeting-closing';
import { bookInterview, partnerCampaigns, releaseInterview } from '../usecases/interviews';
import { cancelRegistration, partnerMeetings, registerPerson } from '../usecases/registrations';

const formSchema = z.object({
  action: z.enum(['inscrire', 'desinscrire'], { error: 'action inconnue' }),
  rencontre: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.uuid({ error: 'rencontre inconnue' })).max(100),
  ),
});
const resultPattern = /^([a-z_A-Z-]+)\.([0-9a-f-]{36})$/;
const interviewFormSchema = z.object({
  action: z.enum(['reserver', 'liberer'], { error: 'action inconnue' }),
  campagne: z.uuid({ error: 'campagne d’entretiens inconnue' }),
  creneau: z.uuid({ error: 'choisissez un créneau' }).optional(),
});

export function partnerRoutes(deps: ApiDeps): Router {
  const router = Router();

  const contactOf = async (token: string) => {
    const contact = await resolvePartnerToken(deps.prisma, token);
    // One answer for unknown, expired and revoked links: nothing to learn by probing.
    if (!contact) throw new ProblemError(404, 'Lien invalide ou expiré', 'Ce lien personnel n’est plus valable : demandez-en un nouveau à votre contact.');
    return contact;
  };

  router.get('/:token/calendar.ics', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const feed = (await loadPartnerFeed(deps.prisma, contact.id))!;
    res.type('text/calendar; charset=utf-8').setHeader('Cache-Control', 'private, no-store');
    res.send(feedCalendar(feed));
  });

  /** One meeting as a calendar file (« Ajouter à mon agenda »), with the same UID as its invitation. */
  router.get('/:token/rencontres/:stepId.ics', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const { stepId } = parseOrThrow(z.object({ stepId: z.uuid({ error: 'rencontre inconnue' }) }), req.params);
    const step = (await invitedStepIds(deps.prisma, contact)).has(stepId) ? await deps.prisma.step.findUnique({ where: { id: stepId } }) : null;
    if (!step?.startsAt) throw notFound('Rencontre');
    const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId } });
    const organizer = { name: territory.coordinatorName, email: territory.coordinatorEmail };
    res.type('text/calendar; charset=utf-8').setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${step.key}.ics"`);
    res.send(feedCalendar({ name: step.title, timezone: territory.timezone, events: [toFeedEvent(step, organizer)] }));
  });

  /** The meetings whose documents the partner may open: those they were invited to, and those they came to. */
  const meetingsWithDocuments = async (contact: Awaited<ReturnType<typeof contactOf>>) => {
    const invited = await invitedStepIds(deps.prisma, contact);
    return deps.prisma.step.findMany({
      where: { status: { in: ['HELD', 'DONE'] }, documents: { some: {} }, OR: [{ id: { in: [...invited] } }, { attendances: { some: { contactId: contact.id } } }] },
      select: { id: true, title: true, startsAt: true },
    });
  };

  router.get('/:token/documents/:documentId', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const { documentId } = parseOrThrow(z.object({ documentId: z.uuid({ error: 'document inconnu' }) }), { documentId: req.params.documentId });
    const allowed = (await meetingsWithDocuments(contact)).map((s) => s.id);
    // Another meeting's document, or another territory's: the same answer as a document that does not exist.
    const document = await deps.prisma.meetingDocument.findFirst({ where: { id: documentId, stepId: { in: allowed } } });
    if (!document) throw notFound('Document');
    sendDocument(res, document);
  });

  /**
   * Unsubscribing from the newsletter: a page with a button, and the one-click POST (RFC 8058) mail
   * clients send from the List-Unsubscribe header. Invitations to their meetings keep coming.
   */
  router.get('/:token/lettre/desabonnement', async (req, res) => {
    const contact = await contactOf(req.params.token);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(unsubscribePage({ done: contact.newsletterOptOutAt !== null, actionUrl: `${req.baseUrl}/${encodeURIComponent(req.params.token)}/lettre/desabonnement` }));
  });

  router.post('/:token/lettre/desabonnement', async (req, res) => {
    const contact = await contactOf(req.params.token);
    await deps.prisma.contact.updateMany({ where: { id: contact.id, newsletterOptOutAt: null }, data: { newsletterOptOutAt: new Date() } });
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(unsubscribePage({ done: true, actionUrl: '' }));
  });

  router.post('/:token/inscriptions', async (req, res) => {
    const { token } = req.params;
    const contact = await contactOf(token);
    const form = parseOrThrow(formSchema, req.body ?? {});
    const invited = await invitedStepIds(deps.prisma, contact);
    const results: string[] = form.rencontre.length === 0 ? ['aucune'] : [];
    for (const stepId of new Set(form.rencontre)) {
      let code: ResultCode;
      if (!invited.has(stepId)) {
        code = 'refus-NOT_INVITED';
      } else if (form.action === 'inscrire') {
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
    const query = new URLSearchParams(results.map((r): [string, string] => ['r', r]));
    res.redirect(303, `${req.baseUrl}/${encodeURIComponent(token)}?${query.toString()}#resultat`);
  });

  /** Book, move or give back an interview slot; the answer is on the page (post, then redirect). */
  router.post('/:token/entretiens', async (req, res) => {
    const { token } = req.params;
    const contact = await contactOf(token);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = parseOrThrow(interviewFormSchema, { ...body, creneau: body.creneau || undefined });
    let code: string;
    if (form.action === 'reserver' && !form.creneau) code = 'entretien-choix';
    else {
      const result = form.action === 'reserver' ? await bookInterview(deps, contact, form.campagne, form.creneau!) : await releaseInterview(deps, contact, form.campagne);
      code = 'refused' in result ? `entretien-refus-${result.refused}` : `entretien-${result.outcome}`;
    }
    res.redirect(303, `${req.baseUrl}/${encodeURIComponent(token)}?${new URLSearchParams({ r: `${code}.${form.campagne}` }).toString()}#resultat`);
  });

  router.get('/:token', async (req, res) => {
    const { token } = req.params;
    const contact = await contactOf(token);
    const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId } });
    const meetings: PartnerMeetingItem[] = (await partnerMeetings(deps, contact)).map(({ step, registration, confirmed, closed }) => ({
      id: step.id,
      title: displayTitle(toStepView(step)),
      startsAt: step.startsAt,
      endsAt: step.endsAt,
      location: step.location,
      onlineUrl: step.onlineUrl,
      capacity: step.capacity,
      confirmed,
      registration: registration && (registration.status === 'CONFIRMED' || registration.status === 'WAITLISTED') ? { status: registration.status, position: registration.position } : null,
      closed,
      calendarUrl: step.startsAt ? `${req.baseUrl}/${encodeURIComponent(token)}/rencontres/${step.id}.ics` : null,
    }));
    const campaigns: PartnerCampaignItem[] = (await partnerCampaigns(deps, contact)).map(({ step, mine, free }) => ({
      id: step.id,
      title: displayTitle(toStepView(step)),
      description: step.description,
      startsAt: step.startsAt,
      endsAt: step.endsAt,
      location: step.location,
      onlineUrl: step.onlineUrl,
      mine,
      free,
    }));
    const raw = req.query.r;
    const codes = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((c): c is string => typeof c === 'string').slice(0, 100);
    const results = codes
      .map((c) => {
        if (c === 'aucune') return resultLine(c, undefined);
        const match = resultPattern.exec(c);
        if (!match) return null;
        if (match[1]!.startsWith('entretien-')) return interviewResultLine(match[1]!, campaigns.find((c) => c.id === match[2]));
        return resultLine(match[1]!, meetings.find((m) => m.id === match[2]));
      })
      .filter((line): line is ResultLine => line !== null);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(
      partnerPage({
        fullName: contact.fullName,
        territoryName: territory.name,
        territoryArticle: territory.nameArticle,
        timeZone: territory.timezone,
        meetings,
        campaigns,
        interviewActionUrl: `${req.baseUrl}/${encodeURIComponent(token)}/entretiens`,
        feedUrl: `${deps.config.PUBLIC_BASE_URL}${paths.partnerFeed(token)}`,
        actionUrl: `${req.baseUrl}/${encodeURIComponent(token)}/inscriptions`,
        results,
        documents: await documentsForPerson(deps, await meetingsWithDocuments(contact), `${req.baseUrl}/${encodeURIComponent(token)}/documents`),
      }),
    );
  });

  return router;
}
