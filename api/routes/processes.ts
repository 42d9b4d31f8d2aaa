import { Router } from 'express';
import { z } from '../../domain/zod';
import type { ApiDeps } from '../deps';
import { parseOrThrow } from '../problem';
import { getProcess, listProcessMessages } from '../usecases/processes';

const idParam = z.object({ id: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) });

export function processRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    res.json(await getProcess(deps, id));
  });

  router.get('/:id/messages', async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params);
    res.json({ items: await listProcessMessages(deps, id) });
  });

  return router;
}
