// A meeting's registrations for coordinators: the list (JSON pages or a CSV export for a spreadsheet),
// registering someone, cancelling a registration. Mounted under /api/processes/:id/steps/:key/registrations.
import { Router, type Request, type Response } from 'express';
import { registrationInputSchema, registrationStatuses } from '../../domain/registrations';
import { z } from '../../domain/zod';
import { registrationCounts } from '../../infra/db/registration-counts';
import { listRegistrations } from '../../infra/db/registrations';
import { registrationsCsv } from '../../templates/registrations-csv';
import { viewerOf } from '../auth/viewer';
import { processFor, type AccessMode } from '../auth/scope';
import type { ApiDeps } from '../deps';
import { cursorStrings, pageOf, pageQuery } from '../pagination';
import { notFound, parseOrThrow, ProblemError } from '../problem';
import { cancelRegistration, refusalProblem, registerPerson, viewOf } from '../usecases/registrations';

const stepParams = z.object({
  id: z.uuid({ error: 'identifiant invalide (UUID attendu)' }),
  key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'clé d’étape invalide'),
});
const registrationParams = stepParams.extend({ registrationId: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) });
const listQuery = z.object({
  status: z.enum(registrationStatuses, { error: 'attendu CONFIRMED, WAITLISTED ou CANCELLED' }).optional(),
  format: z.enum(['json', 'csv'], { error: 'attendu json ou csv' }).optional(),
});

const wantsCsv = (req: Request, format: 'json' | 'csv' | undefined) =>
  format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';

export function registrationRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  /** The step, in a process the caller may read (or change), or 404 / 403. */
  const stepFor = async (req: Request, res: Response, mode: AccessMode) => {
    const viewer = viewerOf(res);
    const { id, key } = parseOrThrow(stepParams, { id: req.params.id, key: req.params.key });
    const process = await processFor(deps, viewer, id, mode);
    const step = await deps.prisma.step.findUnique({ where: { processId_key: { processId: process.id, key } } });
    if (!step) throw notFound('Étape');
    return { process, step };
  };

  router.get('/', async (req, res) => {
    const { process, step } = await stepFor(req, res, 'read');
    const query = parseOrThrow(listQuery.loose(), req.query);
    // The public form promises that only the organisers see who registered: a Caf adviser reads the
    // invited partners by name, members of the public as a count.
    const partnersOnly = viewerOf(res).role === 'CAF_ADVISER';
    const publicCount = () =>
      deps.prisma.registration.count({ where: { stepId: step.id, contactId: null, status: { not: 'CANCELLED' }, ...(query.status ? { status: query.status } : {}) } });
    if (wantsCsv(req, query.format)) {
      const items = await listRegistrations(deps.prisma, step.id, { status: query.status, partnersOnly });
      res
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="inscriptions-${step.key}.csv"`)
        .setHeader('Cache-Control', 'private, no-store');
      res.send(registrationsCsv(items, process.territory.timezone));
      return;
    }
    const { limit, after } = pageQuery(req.query);
    const cursor = cursorStrings(after, 2);
    const requestedAt = cursor ? new Date(cursor[0]!) : null;
    if (cursor && (Number.isNaN(requestedAt!.getTime()) || !z.uuid().safeParse(cursor[1]).success)) {
      throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field: 'cursor', reason: 'curseur invalide : reprenez celui de la page précédente' }]);
    }
    const rows = await listRegistrations(deps.prisma, step.id, {
      status: query.status,
      take: limit + 1,
      after: cursor ? { requestedAt: requestedAt!, id: cursor[1]! } : null,
      partnersOnly,
    });
    const page = pageOf(rows, limit, (last) => [last.requestedAt.toISOString(), last.id]);
    const counts = (await registrationCounts(deps.prisma, [step.id])).get(step.id) ?? { confirmed: 0, waitlisted: 0 };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({
      items: page.items.map((r) => viewOf(r, r.position)),
      nextCursor: page.nextCursor,
      summary: { capacity: step.capacity, confirmed: counts.confirmed, waitlisted: counts.waitlisted, ...(partnersOnly ? { publicRegistrations: await publicCount() } : {}) },
    });
  });

  router.post('/', async (req, res) => {
    const { process, step } = await stepFor(req, res, 'change');
    const input = parseOrThrow(registrationInputSchema, req.body);
    // A known contact keeps their personal link in the notices.
    const contact = await deps.prisma.contact.findUnique({ where: { territoryId_email: { territoryId: process.territoryId, email: input.email } } });
    const result = await registerPerson(deps, step.id, { ...input, contactId: contact?.id ?? null }, 'coordinator');
    if ('refused' in result) throw refusalProblem(result.refused);
    res
      .status(result.created ? 201 : 200)
      .location(`/api/processes/${process.id}/steps/${step.key}/registrations/${result.registration.id}`)
      .json(result.registration);
  });

  router.post('/:registrationId/cancel', async (req, res) => {
    const { step } = await stepFor(req, res, 'change');
    const { registrationId } = parseOrThrow(registrationParams, req.params);
    const registration = await deps.prisma.registration.findFirst({ where: { id: registrationId, stepId: step.id }, select: { id: true } });
    if (!registration) throw notFound('Inscription');
    const result = await cancelRegistration(deps, registration.id);
    if ('refused' in result) throw refusalProblem(result.refused);
    res.json({ ...result.registration, promoted: result.promoted });
  });

  return router;
}
