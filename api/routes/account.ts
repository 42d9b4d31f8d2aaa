// The signed-in person's account page: a Caf adviser chooses what they receive, and can ask for this
// week's digest now (a workflow per adviser and minute: a double click sends one).
import { Router } from 'express';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { accountPage } from '../../templates/pages/account';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';
import { chooseNotices, noticesOfViewer, sendDigestNow } from '../usecases/account';

const noticesSchema = z.object({ notices: z.enum(['NOTICES', 'DIGEST', 'BOTH'], { error: 'choisissez ce que vous recevez' }) });

export function accountRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get(paths.account, async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const notices = await noticesOfViewer(deps, viewer);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(accountPage({ viewer, notices, flash: takeFlash(req, res) }));
  });

  router.post(`${paths.account}/messages`, async (req, res) => {
    const viewer = pageViewer(req, res, 'CAF_ADVISER');
    if (!viewer) return;
    const { notices } = parseOrThrow(noticesSchema, req.body ?? {});
    await chooseNotices(deps, viewer, notices);
    redirectWithFlash(res, paths.account, 'ok', notices === 'DIGEST' ? 'C’est noté : le résumé chaque lundi, plus de messages un par un.' : notices === 'NOTICES' ? 'C’est noté : les messages un par un, sans résumé.' : 'C’est noté : les messages un par un et le résumé du lundi.');
  });

  router.post(`${paths.account}/resume`, async (req, res) => {
    const viewer = pageViewer(req, res, 'CAF_ADVISER');
    if (!viewer) return;
    await sendDigestNow(deps, viewer);
    redirectWithFlash(res, paths.account, 'ok', 'Le résumé de la semaine part vers votre adresse : il arrive dans une minute.');
  });

  router.use(pageErrors);
  return router;
}
