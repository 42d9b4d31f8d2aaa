// A signed-in person's own account: what a Caf adviser receives (notices one by one, the Monday digest,
// or both), and this week's digest on demand (a workflow per adviser and minute: a double click sends one).
import { noticesOf, setNotices } from '../../infra/db/users';
import { adviserDigestWorkflowType, type AdviserDigestWorkflowInput } from '../../workflows/definitions';
import type { Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';

export type Notices = 'NOTICES' | 'DIGEST' | 'BOTH';

export const noticesOfViewer = (deps: Pick<ApiDeps, 'prisma'>, viewer: Viewer) => noticesOf(deps.prisma, viewer.userId);

export const chooseNotices = (deps: Pick<ApiDeps, 'prisma'>, viewer: Viewer, notices: Notices) => setNotices(deps.prisma, viewer.userId, notices);

export async function sendDigestNow(deps: ApiDeps, viewer: Viewer): Promise<void> {
  const minute = new Date().toISOString().slice(0, 16);
  await deps.temporal.workflow.start(adviserDigestWorkflowType, {
    workflowId: `ctg-adviser-digest/${viewer.userId}/${minute}`,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ userId: viewer.userId } satisfies AdviserDigestWorkflowInput],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
