// The signed-in person's account page: a Caf adviser chooses what they receive, and can ask for this
// week's digest now (a workflow per adviser and minute: a double click sends one).
import { Router } from 'express';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { accountPage } from '../../templates/pages/account';
import { adviserDigestWorkflowType, type AdviserDigestWorkflowInput } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { pageErrors } from '../forms/page-errors';
import { pageViewer } from '../forms/page-viewer';
import { parseOrThrow } from '../problem';
import { noticesOf, setNotices } from '../../infra/db/users';

const noticesSchema = z.object({ notices: z.enum(['NOTICES', 'DIGEST', 'BOTH'], { error: 'choisissez ce que vous recevez' }) });

export function accountRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get(paths.account, async (req, res) => {
    const viewer = pageViewer(req, res);
    if (!viewer) return;
    const notices = await noticesOf(deps.prisma, viewer.userId);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(accountPage({ viewer, notices, flash: takeFlash(req, res) }));
  });

  router.post(`${paths.account}/messages`, async (req, res) => {
    const viewer = pageViewer(req, res, 'CAF_ADVISER');
    if (!viewer) return;
    const { notices } = parseOrThrow(noticesSchema, req.body ?? {});
    await setNotices(deps.prisma, viewer.userId, notices);
    redirectWithFlash(res, paths.account, 'ok', notices === 'DIGEST' ? 'C’est noté : le résumé chaque lundi, plus de messages un par un.' : notices === 'NOTICES' ? 'C’est noté : les messages un par un, sans résumé.' : 'C’est noté : les messages un par un et le résumé du lundi.');
  });

  router.post(`${paths.account}/resume`, async (req, res) => {
    const viewer = pageViewer(req, res, 'CAF_ADVISER');
    if (!viewer) return;
    const minute = new Date().toISOString().slice(0, 16);
    await deps.temporal.workflow.start(adviserDigestWorkflowType, {
      workflowId: `ctg-adviser-digest/${viewer.userId}/${minute}`,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ userId: viewer.userId } satisfies AdviserDigestWorkflowInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    redirectWithFlash(res, paths.account, 'ok', 'Le résumé de la semaine part vers votre adresse : il arrive dans une minute.');
  });

  router.use(pageErrors);
  return router;
}
