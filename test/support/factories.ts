// Small factories for tests: a territory with its partners (Larzac et Vallées, from the seeds), plans on
// a compressed timeline, and waiting on a process's live status.
import type { TerritoryInput } from '../../domain/territory-input';
import { processStatusQuery, type ProcessStatusView } from '../../workflows/definitions';
import type { TestStack } from './stack';

export { datedStandardPlan, dayOf, fastTimeline, larzacContacts, larzacTerritory, lifecycleDays } from '../../scripts/lib/larzac';
import { larzacContacts, larzacTerritory } from '../../scripts/lib/larzac';

export async function createTerritoryWithPartners(stack: TestStack, overrides: Partial<TerritoryInput> = {}) {
  const territory = await stack.request('POST', '/api/territories', { ...larzacTerritory, ...overrides });
  if (territory.status !== 201) throw new Error(`territory: ${JSON.stringify(territory.body)}`);
  const contacts = await stack.request('POST', `/api/territories/${territory.body.id}/contacts`, larzacContacts);
  if (contacts.status !== 200) throw new Error(`contacts: ${JSON.stringify(contacts.body)}`);
  return territory.body as { id: string; cafName: string };
}

export async function waitForStatus(
  stack: TestStack,
  workflowId: string,
  predicate: (status: ProcessStatusView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<ProcessStatusView> {
  const deadline = Date.now() + timeoutMs;
  let last: ProcessStatusView | undefined;
  for (;;) {
    try {
      last = await stack.temporal.workflow.getHandle(workflowId).query(processStatusQuery);
      if (predicate(last)) return last;
    } catch {
      // not started yet, or between runs (continue-as-new)
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last?.steps.map((s) => `${s.key}:${s.status}`))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
