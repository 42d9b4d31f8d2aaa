// What a process page needs: the read model of the process, joined with the progress of its interview campaigns.
import { loadProcessPage } from '../../infra/db/process-page';
import type { ProcessPageData } from '../../templates/pages/process-view';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';
import { campaignProgress } from './interviews';

export async function processPageData(deps: ApiDeps, processId: string, messagesPage: number): Promise<ProcessPageData> {
  const data = await loadProcessPage(deps.prisma, processId, messagesPage);
  if (!data) throw notFound('Processus');
  const campaigns = await deps.prisma.step.findMany({ where: { processId, behaviour: 'INTERVIEWS' } });
  const progress = new Map(await Promise.all(campaigns.map(async (c) => [c.key, await campaignProgress(deps, c)] as const)));
  return { ...data, steps: data.steps.map((s) => (progress.has(s.key) ? { ...s, campaign: progress.get(s.key) } : s)) };
}
