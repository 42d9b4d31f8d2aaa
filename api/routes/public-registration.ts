// Registration to meetings open to the public (forums habitants), without an account: a form, then an
// email whose personal link leads to a page where the person can cancel. Posting is rate-limited hard
// per address: the form must not become a way to flood someone's inbox.
import { Router } from 'express';
import { PUBLIC_HOLD_MINUTES, publicRegistrationSchema, type RegistrationRefusal } from '../../domain/registrations';
import { paths } from '../../domain/urls';
import { publicRegistrationPage, registrationCheckMailPage, registrationManagePage, type FormField } from '../../templates/pages/registration';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';
import { sendDocument } from '../forms/document-response';
import { rateLimit } from '../rate-limit';
import { isSameOrigin } from '../auth/same-origin';
import { publicMeeting, publicStep, registrationDocument, registrationOfLink, registrationPageView } from '../usecases/public-registration';
import { cancelRegistration, confirmPublicRegistration, registerPerson } from '../usecases/registrations';
import { pageErrors } from '../forms/page-errors';
import { formErrors, schemaMessage } from '../forms/form-errors';

export function publicRegistrationRoutes(deps: ApiDeps, options: { postLimit?: number } = {}): Router {
  const router = Router();
  const strict = rateLimit({ limit: options.postLimit ?? 10, windowMs: 60_000 });
  // Each address gets few confirmation emails however many machines ask: the form mails whatever is typed.
  const perAddress = rateLimit({
    limit: 3,
    windowMs: 60 * 60_000,
    who: 'pour cette adresse électronique',
    key: (req) => (typeof req.body?.courriel === 'string' && req.body.courriel.includes('@') ? `courriel:${req.body.courriel.trim().toLowerCase()}` : null),
  });
  // These forms take no cookie, so the session guard does not see them: a post from another site's page
  // (a visitor's browser made to register someone) is refused all the same.
  router.use((req, _res, next) => {
    if (req.method !== 'POST') return next();
    const crossSite = req.get('sec-fetch-site') === 'cross-site' || (req.get('origin') !== undefined && !isSameOrigin(req, deps.config.PUBLIC_BASE_URL));
    if (crossSite) throw new ProblemError(403, 'Requête refusée', 'Ce formulaire doit être envoyé depuis les pages du service.');
    next();
  });

  router.get('/gerer/:token', async (req, res) => {
    const { token } = req.params;
    const registration = await registrationOfLink(deps, token);
    const done = { cancelled: req.query.fait === 'annulation', confirmed: req.query.fait === 'confirmation', documents: true };
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(registrationManagePage(await registrationPageView(deps, registration, token, done)));
  });

  router.get('/gerer/:token/documents/:documentId', async (req, res) => {
    const registration = await registrationOfLink(deps, req.params.token);
    sendDocument(res, await registrationDocument(deps, registration, req.params.documentId));
  });

  /** The emailed link's button: the request becomes a seat (or a place on the waiting list). */
  router.post('/gerer/:token/confirmer', strict, async (req, res) => {
    const token = String(req.params.token);
    const registration = await registrationOfLink(deps, token);
    await confirmPublicRegistration(deps, registration.id);
    res.redirect(303, `${paths.registrationPage(token)}?fait=confirmation#resultat`);
  });

  router.post('/gerer/:token/annuler', strict, async (req, res) => {
    const token = String(req.params.token);
    const registration = await registrationOfLink(deps, token);
    const result = await cancelRegistration(deps, registration.id);
    if ('refused' in result) {
      const view = await registrationPageView(deps, registration, token, { cancelled: false, confirmed: false, documents: false });
      return void res.status(409).type('html').send(registrationManagePage(view));
    }
    res.redirect(303, `${paths.registrationPage(token)}?fait=annulation#resultat`);
  });

  router.get('/:stepId/verifiez', async (req, res) => {
    const step = await publicStep(deps, req.params.stepId);
    res.type('html').send(registrationCheckMailPage({ meeting: await publicMeeting(deps, step), holdMinutes: PUBLIC_HOLD_MINUTES }));
  });

  router.get('/:stepId', async (req, res) => {
    const step = await publicStep(deps, req.params.stepId);
    res.type('html').send(publicRegistrationPage({ meeting: await publicMeeting(deps, step), actionUrl: paths.publicForm(step.id) }));
  });

  router.post('/:stepId', strict, perAddress, async (req, res) => {
    const step = await publicStep(deps, String(req.params.stepId));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      nom: typeof body.nom === 'string' ? body.nom : '',
      courriel: typeof body.courriel === 'string' ? body.courriel : '',
      consentement: body.consentement === 'oui',
    };
    const actionUrl = paths.publicForm(step.id);
    const parsed = publicRegistrationSchema.safeParse(body);
    if (!parsed.success) {
      const errors: Partial<Record<FormField, string>> = formErrors(parsed.error, (path) => String(path[0]), schemaMessage);
      res.status(400).type('html').send(publicRegistrationPage({ meeting: await publicMeeting(deps, step), actionUrl, values, errors }));
      return;
    }
    const result = await registerPerson(deps, step.id, { email: parsed.data.courriel, fullName: parsed.data.nom, contactId: null }, 'public');
    if ('refused' in result) {
      const meeting = await publicMeeting(deps, step);
      const closed: RegistrationRefusal = meeting.closed ?? result.refused;
      res.status(409).type('html').send(publicRegistrationPage({ meeting: { ...meeting, closed }, actionUrl, values }));
      return;
    }
    // The same answer whether the address was new, waiting for its confirmation or already registered.
    res.redirect(303, paths.publicFormSent(step.id));
  });

  router.use(pageErrors);
  return router;
}
