// Pages reached from the personal link in a partner's emails: no account, the link is the key. The page
// lists their meetings and takes plain form posts to register or unregister (post, then redirect: a
// reload never posts twice).
import { Router, type Response } from 'express';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { partnerPage } from '../../templates/pages/partner';
import { unsubscribePage } from '../../templates/pages/unsubscribe';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../problem';
import { sendDocument } from '../forms/document-response';
import { interviewFromPage, leaveNewsletter, meetingIcs, partnerDocument, partnerFeedIcs, partnerOfLink, partnerPageView, registerFromPage } from '../usecases/partner-page';
import { pageErrors } from '../forms/page-errors';

const formSchema = z.object({
  action: z.enum(['inscrire', 'desinscrire'], { error: 'action inconnue' }),
  rencontre: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.uuid({ error: 'rencontre inconnue' })).max(100),
  ),
});
const interviewFormSchema = z.object({
  action: z.enum(['reserver', 'liberer'], { error: 'action inconnue' }),
  campagne: z.uuid({ error: 'campagne d’entretiens inconnue' }),
  creneau: z.uuid({ error: 'choisissez un créneau' }).optional(),
});

/** Personal pages and files: never kept by a shared cache. */
const privately = (res: Response) => res.setHeader('Cache-Control', 'private, no-store');
const sendIcs = (res: Response, ics: string) => privately(res.type('text/calendar; charset=utf-8')).send(ics);
/** Back to the partner's page, at the answer of the form just posted. */
const backWith = (res: Response, token: string, codes: string[]) =>
  res.redirect(303, `${paths.partnerPage(token)}?${new URLSearchParams(codes.map((r): [string, string] => ['r', r])).toString()}#resultat`);

export function partnerRoutes(deps: ApiDeps): Router {
  const router = Router();

  const contactOf = (token: string) => partnerOfLink(deps, token);

  router.get('/:token/calendar.ics', async (req, res) => {
    sendIcs(res, await partnerFeedIcs(deps, await contactOf(req.params.token)));
  });

  /** One meeting as a calendar file (« Ajouter à mon agenda »), with the same UID as its invitation. */
  router.get('/:token/rencontres/:stepId.ics', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const { stepId } = parseOrThrow(z.object({ stepId: z.uuid({ error: 'rencontre inconnue' }) }), req.params);
    const { filename, ics } = await meetingIcs(deps, contact, stepId);
    sendIcs(res.setHeader('Content-Disposition', `attachment; filename="${filename}"`), ics);
  });

  router.get('/:token/documents/:documentId', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const { documentId } = parseOrThrow(z.object({ documentId: z.uuid({ error: 'document inconnu' }) }), { documentId: req.params.documentId });
    sendDocument(res, await partnerDocument(deps, contact, documentId));
  });

  /**
   * Unsubscribing from the newsletter: a page with a button, and the one-click POST (RFC 8058) mail
   * clients send from the List-Unsubscribe header. Invitations to their meetings keep coming.
   */
  router.get('/:token/lettre/desabonnement', async (req, res) => {
    const contact = await contactOf(req.params.token);
    privately(res).type('html').send(unsubscribePage({ done: contact.newsletterOptOutAt !== null, actionUrl: paths.newsletterUnsubscribe(req.params.token) }));
  });

  router.post('/:token/lettre/desabonnement', async (req, res) => {
    await leaveNewsletter(deps, await contactOf(req.params.token));
    privately(res).type('html').send(unsubscribePage({ done: true, actionUrl: '' }));
  });

  router.post('/:token/inscriptions', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const form = parseOrThrow(formSchema, req.body ?? {});
    backWith(res, req.params.token, await registerFromPage(deps, contact, form.action, form.rencontre));
  });

  /** Book, move or give back an interview slot; the answer is on the page (post, then redirect). */
  router.post('/:token/entretiens', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = parseOrThrow(interviewFormSchema, { ...body, creneau: body.creneau || undefined });
    backWith(res, req.params.token, [await interviewFromPage(deps, contact, form)]);
  });

  router.get('/:token', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const raw = req.query.r;
    const codes = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((c): c is string => typeof c === 'string').slice(0, 100);
    privately(res).type('html').send(partnerPage(await partnerPageView(deps, contact, req.params.token, codes)));
  });

  router.use(pageErrors);
  return router;
}
