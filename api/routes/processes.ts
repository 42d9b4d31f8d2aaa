import { Router } from 'express';
import { planStepSchema } from '../../domain/plan';
import { cancelSchema, stepChangesSchema } from '../../domain/step-changes';
import { z } from '../../domain/zod';
import type { ApiDeps } from '../deps';
import { processFor } from '../auth/scope';
import { viewerOf } from '../auth/viewer';
import { cursorStrings, pageQuery } from '../pagination';
import { parseOrThrow, ProblemError } from '../problem';
import { changeCampaignSlots } from '../usecases/interviews';
import { addStep, cancelStep, changeStep, closePhase, completeStep, pauseProcess, resumeProcess } from '../usecases/process-changes';
import { getProcess, listProcessMessages, requestInfoFlash, stepOfProcess } from '../usecases/processes';
import { apiIdParam, apiPhaseParams, apiStepParams } from '../route-params';


/** `?live=true` asks the workflow itself (a query, bounded to 3 s); by default the database projection answers alone. */
const liveQuery = z.object({ live: z.enum(['true', 'false'], { error: 'true ou false' }).optional() });
const idempotencyHeader = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key : 8 à 64 caractères A-Z, a-z, 0-9, _ ou -').optional() });

export function processRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    const { live } = parseOrThrow(liveQuery, req.query);
    res.json(await getProcess(deps, viewerOf(res), id, { live: live === 'true' }));
  });

  router.get('/:id/messages', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await processFor(deps, viewerOf(res), id, 'read');
    const { limit, after } = pageQuery(req.query);
    res.json(await listProcessMessages(deps, id, { limit, after: cursorStrings(after, 2) }));
  });

  router.post('/:id/steps', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.status(201).json(await addStep(deps, id, parseOrThrow(planStepSchema, req.body)));
  });

  // Reschedule, change the place or the link, name the partner of an entretien.
  router.patch('/:id/steps/:key', async (req, res) => {
    const { id, key } = parseOrThrow(apiStepParams, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    const { slots, ...changes } = parseOrThrow(stepChangesSchema, req.body);
    if (slots && Object.keys(changes).length > 0) throw new ProblemError(400, 'Requête invalide', 'Les créneaux se changent seuls : envoyez « slots » dans une requête à part.');
    if (slots) return void res.json(await changeCampaignSlots(deps, { id }, await stepOfProcess(deps, id, key), slots));
    res.json(await changeStep(deps, id, key, changes));
  });

  router.post('/:id/steps/:key/cancel', async (req, res) => {
    const { id, key } = parseOrThrow(apiStepParams, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.json(await cancelStep(deps, id, key, parseOrThrow(cancelSchema, req.body ?? {}).reason));
  });

  router.post('/:id/steps/:key/complete', async (req, res) => {
    const { id, key } = parseOrThrow(apiStepParams, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.json(await completeStep(deps, id, key));
  });

  router.post('/:id/phases/:phase/close', async (req, res) => {
    const { id, phase } = parseOrThrow(apiPhaseParams, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.json(await closePhase(deps, id, phase));
  });

  /** Sends an Info flash now. An `Idempotency-Key` header makes a repeated request send one issue. */
  router.post('/:id/info-flash', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    const { key } = parseOrThrow(idempotencyHeader, { key: req.get('idempotency-key') ?? undefined });
    res.status(202).json(await requestInfoFlash(deps, id, key));
  });

  router.post('/:id/pause', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.json(await pauseProcess(deps, id));
  });

  router.post('/:id/resume', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    await processFor(deps, viewerOf(res), id, 'change');
    res.json(await resumeProcess(deps, id));
  });

  return router;
}
