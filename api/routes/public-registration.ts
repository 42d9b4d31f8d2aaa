// Registration to meetings open to the public (forums habitants), without an account: a form, then an
// email whose personal link leads to a page where the person can cancel. Posting is rate-limited hard
// per address: the form must not become a way to flood someone's inbox.
import { Router } from 'express';
import { PUBLIC_HOLD_MINUTES, publicRegistrationSchema, registrationRefusal, type RegistrationRefusal } from '../../domain/registrations';
import { audienceSchema } from '../../domain/plan';
import { z } from '../../domain/zod';
import { resolveToken } from '../../infra/auth/tokens';
import { toStepView } from '../../infra/db/message-views';
import type { Process, Step, Territory } from '../../infra/db/prisma';
import { registrationCounts } from '../../infra/db/registration-counts';
import { waitlistPosition } from '../../infra/db/registrations';
import { descriptionParagraphs, displayTitle } from '../../templates/messages/wording';
import { publicRegistrationPage, registrationCheckMailPage, registrationManagePage, type FormField, type PublicMeeting } from '../../templates/pages/registration';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';
import { sendDocument } from '../forms/document-response';
import { documentsForPerson } from '../usecases/meeting-closing';
import { rateLimit } from '../rate-limit';
import { isSameOrigin } from '../auth/same-origin';
import { cancelRegistration, confirmPublicRegistration, registerPerson } from '../usecases/registrations';

type FullStep = Step & { process: Process & { territory: Territory } };

const stepIdSchema = z.uuid();

const unknownMeeting = () => new ProblemError(404, 'Ressource introuvable', 'Rencontre introuvable ou non ouverte au public.');
const invalidLink = () => new ProblemError(404, 'Lien invalide ou expiré', 'Ce lien n’est plus valable : écrivez à l’organisateur de la rencontre.');

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

  const meetingOf = async (step: FullStep, now = new Date()): Promise<PublicMeeting> => {
    const { territory } = step.process;
    const confirmed = (await registrationCounts(deps.prisma, [step.id])).get(step.id)?.confirmed ?? 0;
    return {
      title: displayTitle(toStepView(step)),
      startsAt: step.startsAt,
      endsAt: step.endsAt,
      location: step.location,
      onlineUrl: step.onlineUrl,
      capacity: step.capacity,
      confirmed,
      closed: registrationRefusal({ ...step, audience: audienceSchema.parse(step.audience) }, 'public', now),
      purpose: descriptionParagraphs(toStepView(step)).join(' ') || null,
      territoryName: territory.name,
      timeZone: territory.timezone,
      coordinator: { name: territory.coordinatorName, email: territory.coordinatorEmail },
    };
  };

  /** A meeting open to the public, or 404 (an id that isn't one, or a meeting for invited partners only). */
  const publicStep = async (stepId: string): Promise<FullStep> => {
    if (!stepIdSchema.safeParse(stepId).success) throw unknownMeeting();
    const step = await deps.prisma.step.findUnique({ where: { id: stepId }, include: { process: { include: { territory: true } } } });
    if (!step || !audienceSchema.parse(step.audience).public) throw unknownMeeting();
    return step;
  };

  const registrationOf = async (token: string) => {
    const row = await resolveToken(deps.prisma, token, 'REGISTRATION');
    if (!row?.registrationId) throw invalidLink();
    const registration = await deps.prisma.registration.findUnique({
      where: { id: row.registrationId },
      include: { step: { include: { process: { include: { territory: true } } } } },
    });
    if (!registration) throw invalidLink();
    return registration;
  };

  router.get('/gerer/:token', async (req, res) => {
    const registration = await registrationOf(req.params.token);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(
      registrationManagePage({
        meeting: await meetingOf(registration.step),
        fullName: registration.fullName,
        status: registration.status,
        position: await waitlistPosition(deps.prisma, registration),
        cancelUrl: `${req.baseUrl}/gerer/${encodeURIComponent(req.params.token)}/annuler`,
        confirmUrl: `${req.baseUrl}/gerer/${encodeURIComponent(req.params.token)}/confirmer`,
        formUrl: `${req.baseUrl}/${registration.stepId}`,
        justCancelled: req.query.fait === 'annulation' && registration.status === 'CANCELLED',
        justConfirmed: req.query.fait === 'confirmation' && (registration.status === 'CONFIRMED' || registration.status === 'WAITLISTED'),
        documents: await documentsForPerson(deps, [registration.step], `${req.baseUrl}/gerer/${encodeURIComponent(req.params.token)}/documents`),
      }),
    );
  });

  /** A held meeting's document, for whoever registered to it (their link is their key). */
  router.get('/gerer/:token/documents/:documentId', async (req, res) => {
    const registration = await registrationOf(req.params.token);
    const documentId = z.uuid().safeParse(req.params.documentId);
    const document = documentId.success ? await deps.prisma.meetingDocument.findFirst({ where: { id: documentId.data, stepId: registration.stepId } }) : null;
    if (!document) throw new ProblemError(404, 'Ressource introuvable', 'Document introuvable : il a peut-être été retiré par l’organisateur.');
    sendDocument(res, document);
  });

  /** The emailed link's button: the request becomes a seat (or a place on the waiting list). */
  router.post('/gerer/:token/confirmer', strict, async (req, res) => {
    const token = String(req.params.token);
    const registration = await registrationOf(token);
    await confirmPublicRegistration(deps, registration.id);
    res.redirect(303, `${req.baseUrl}/gerer/${encodeURIComponent(token)}?fait=confirmation#resultat`);
  });

  router.post('/gerer/:token/annuler', strict, async (req, res) => {
    const token = String(req.params.token);
    const registration = await registrationOf(token);
    const result = await cancelRegistration(deps, registration.id);
    if ('refused' in result) {
      res.status(409).type('html').send(
        registrationManagePage({
          meeting: await meetingOf(registration.step),
          fullName: registration.fullName,
          status: registration.status,
          position: await waitlistPosition(deps.prisma, registration),
          cancelUrl: `${req.baseUrl}/gerer/${encodeURIComponent(token)}/annuler`,
          confirmUrl: `${req.baseUrl}/gerer/${encodeURIComponent(token)}/confirmer`,
          formUrl: `${req.baseUrl}/${registration.stepId}`,
          justCancelled: false,
        }),
      );
      return;
    }
    res.redirect(303, `${req.baseUrl}/gerer/${encodeURIComponent(token)}?fait=annulation#resultat`);
  });

  router.get('/:stepId/verifiez', async (req, res) => {
    const step = await publicStep(req.params.stepId);
    res.type('html').send(registrationCheckMailPage({ meeting: await meetingOf(step), holdMinutes: PUBLIC_HOLD_MINUTES }));
  });

  router.get('/:stepId', async (req, res) => {
    const step = await publicStep(req.params.stepId);
    res.type('html').send(publicRegistrationPage({ meeting: await meetingOf(step), actionUrl: `${req.baseUrl}/${step.id}` }));
  });

  router.post('/:stepId', strict, perAddress, async (req, res) => {
    const step = await publicStep(String(req.params.stepId));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      nom: typeof body.nom === 'string' ? body.nom : '',
      courriel: typeof body.courriel === 'string' ? body.courriel : '',
      consentement: body.consentement === 'oui',
    };
    const actionUrl = `${req.baseUrl}/${step.id}`;
    const parsed = publicRegistrationSchema.safeParse(body);
    if (!parsed.success) {
      const errors: Partial<Record<FormField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as FormField;
        errors[field] ??= issue.message;
      }
      res.status(400).type('html').send(publicRegistrationPage({ meeting: await meetingOf(step), actionUrl, values, errors }));
      return;
    }
    const result = await registerPerson(deps, step.id, { email: parsed.data.courriel, fullName: parsed.data.nom, contactId: null }, 'public');
    if ('refused' in result) {
      const meeting = await meetingOf(step);
      const closed: RegistrationRefusal = meeting.closed ?? result.refused;
      res.status(409).type('html').send(publicRegistrationPage({ meeting: { ...meeting, closed }, actionUrl, values }));
      return;
    }
    // The same answer whether the address was new, waiting for its confirmation or already registered.
    res.redirect(303, `${req.baseUrl}/${step.id}/verifiez`);
  });

  return router;
}
