// A meeting's registrations for coordinators: the list (JSON pages or a CSV export for a spreadsheet),
// registering someone, cancelling a registration. Mounted under /api/processes/:id/steps/:key/registrations.
import { Router, type Request, type Response } from 'express';
import { registrationInputSchema, registrationStatuses } from '../../domain/registrations';
import { z } from '../../domain/zod';
import { registrationsCsv } from '../../templates/registrations-csv';
import { viewerOf } from '../auth/viewer';
import { processFor, type AccessMode } from '../auth/scope';
import type { ApiDeps } from '../deps';
import { cursorStrings, pageQuery } from '../pagination';
import { parseOrThrow, ProblemError } from '../problem';
import { cancelForCoordinator, registerForCoordinator, registrationsOfStep, registrationsPage } from '../usecases/registrations';
import { stepOfProcess } from '../usecases/processes';
import { apiStepParams } from '../route-params';

const registrationParams = apiStepParams.extend({ registrationId: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) });
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
    const { id, key } = parseOrThrow(apiStepParams, { id: req.params.id, key: req.params.key });
    const process = await processFor(deps, viewer, id, mode);
    return { process, step: await stepOfProcess(deps, process.id, key) };
  };

  router.get('/', async (req, res) => {
    const { process, step } = await stepFor(req, res, 'read');
    const query = parseOrThrow(listQuery.loose(), req.query);
    // The public form promises that only the organisers see who registered: a Caf adviser reads the
    // invited partners by name, members of the public as a count.
    const partnersOnly = viewerOf(res).role === 'CAF_ADVISER';
    if (wantsCsv(req, query.format)) {
      const items = await registrationsOfStep(deps, step.id, { status: query.status, partnersOnly });
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
    const page = await registrationsPage(deps, step, { status: query.status, partnersOnly, limit, after: cursor ? { requestedAt: requestedAt!, id: cursor[1]! } : null });
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(page);
  });

  router.post('/', async (req, res) => {
    const { process, step } = await stepFor(req, res, 'change');
    const input = parseOrThrow(registrationInputSchema, req.body);
    const result = await registerForCoordinator(deps, process.territoryId, step, input);
    res
      .status(result.created ? 201 : 200)
      .location(`/api/processes/${process.id}/steps/${step.key}/registrations/${result.registration.id}`)
      .json(result.registration);
  });

  router.post('/:registrationId/cancel', async (req, res) => {
    const { step } = await stepFor(req, res, 'change');
    const { registrationId } = parseOrThrow(registrationParams, req.params);
    res.json(await cancelForCoordinator(deps, step, registrationId));
  });

  return router;
}
