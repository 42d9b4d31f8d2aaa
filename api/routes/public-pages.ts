// What anyone may read without signing in: the newsletter's public archive (sent issues, frozen as they
// left, without personal links), a process's Info flash as a page, and the territory's shared calendar
// (an unguessable link its coordinator can renew, from the territory's page).
import { Router } from 'express';
import { z } from '../../domain/zod';
import type { ApiDeps } from '../deps';
import { pageErrors } from '../forms/page-errors';
import { parseOrThrow } from '../problem';
import { apiIdParam, pageIdParam } from '../route-params';
import { archiveHtml, processInfoFlashHtml, sentIssueHtml } from '../usecases/public-newsletter';
import { sharedCalendarIcs } from '../usecases/territory-calendar';

export function publicPageRoutes(deps: ApiDeps): Router {
  const router = Router();

  // The public archive: sent issues only, frozen as they left.
  router.get('/lettres/territoire/:id', async (req, res) => {
    res.type('html').send(await archiveHtml(deps, parseOrThrow(pageIdParam, req.params).id));
  });

  router.get('/lettres/:issueId', async (req, res) => {
    const { issueId } = parseOrThrow(z.object({ issueId: z.uuid({ error: 'numéro inconnu' }) }), req.params);
    res.type('html').send(await sentIssueHtml(deps, issueId));
  });

  /** The territory's shared calendar: no sign-in, an unguessable link the coordinator can renew. */
  router.get('/calendrier/:file', async (req, res) => {
    const ics = await sharedCalendarIcs(deps, req.params.file);
    res.type('text/calendar; charset=utf-8').setHeader('Content-Disposition', 'inline; filename="ctg.ics"');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.send(ics);
  });

  /** The Info flash of a process, as a page (the same content as the newsletter sent by email). */
  router.get('/info-flash/:id', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, req.params);
    res.type('html').send(await processInfoFlashHtml(deps, id));
  });

  router.use(pageErrors);
  return router;
}
