// What the plan editor does with a territory's draft: start it (from the standard plan's answers, the
// previous process, a spreadsheet, or blank), save it as typed, launch it (the draft is dropped once the
// process exists), abandon it. The rows are infra/db/plan-drafts.ts's.
import { phaseLabelsSchema, type Plan } from '../../domain/plan';
import { planToValues, withoutBlankRows, type PlanDraftValues, type StepRow } from '../../domain/plan-rows';
import { standardPlan, type TemplateAnswers } from '../../domain/standard-plan';
import { dropPlanDraft, findPlanDraft, hasProcess, latestProcessWithSteps, savePlanDraft } from '../../infra/db/plan-drafts';
import type { Territory } from '../../infra/db/prisma';
import { renewalSteps } from '../../infra/db/renewal-plan';
import type { ApiDeps } from '../deps';
import { launchProcess } from './processes';

type Deps = Pick<ApiDeps, 'prisma'>;
type Place = Pick<Territory, 'id' | 'timezone'>;

export const planDraft = ({ prisma }: Deps, territoryId: string) => findPlanDraft(prisma, territoryId);

export const hasPreviousProcess = ({ prisma }: Deps, territoryId: string) => hasProcess(prisma, territoryId);

/** The editor when a draft exists; otherwise the start page, which offers the previous process when there is one. */
export async function planPage(deps: Deps, territoryId: string): Promise<{ draft: PlanDraftValues } | { hasPrevious: boolean }> {
  const draft = await planDraft(deps, territoryId);
  return draft ? { draft } : { hasPrevious: await hasPreviousProcess(deps, territoryId) };
}

/** Saves the draft as typed, without its blank rows. */
export const saveDraft = ({ prisma }: Deps, territoryId: string, values: PlanDraftValues) => savePlanDraft(prisma, territoryId, withoutBlankRows(values));

export const draftFromAnswers = (deps: Deps, territory: Place, answers: TemplateAnswers) => saveDraft(deps, territory.id, planToValues(standardPlan(answers), territory.timezone));

/** The previous process's plan over the period that follows it, same length; null when there is none. */
export async function draftFromPreviousProcess(deps: Deps, territory: Place): Promise<{ periodStart: number; periodEnd: number } | null> {
  const previous = await latestProcessWithSteps(deps.prisma, territory.id);
  if (!previous) return null;
  const length = previous.periodEnd - previous.periodStart;
  const plan = {
    periodStart: previous.periodEnd + 1,
    periodEnd: previous.periodEnd + 1 + length,
    phaseLabels: phaseLabelsSchema.optional().catch(undefined).parse(previous.phaseLabels ?? undefined),
    steps: renewalSteps(previous.steps),
  };
  await saveDraft(deps, territory.id, planToValues(plan, territory.timezone));
  return { periodStart: previous.periodStart, periodEnd: previous.periodEnd };
}

/** The period a draft starts with when nothing says otherwise: five years from next year. */
const nextPeriod = (now: Date) => ({ periodStart: String(now.getFullYear() + 1), periodEnd: String(now.getFullYear() + 5) });

export const blankDraft = (deps: Deps, territoryId: string, now: Date) => saveDraft(deps, territoryId, { ...nextPeriod(now), phaseLabels: {}, steps: [] });

/** A spreadsheet's rows replace the draft's steps; its period and phase names stay. */
export async function draftFromSpreadsheet(deps: Deps, territoryId: string, rows: StepRow[], now: Date): Promise<void> {
  const current = await planDraft(deps, territoryId);
  const period = nextPeriod(now);
  await saveDraft(deps, territoryId, {
    periodStart: current?.periodStart ?? period.periodStart,
    periodEnd: current?.periodEnd ?? period.periodEnd,
    phaseLabels: current?.phaseLabels ?? {},
    steps: rows,
  });
}

/** Launches the checked plan; the draft goes once its process exists (kept when the period was already launched). */
export async function launchDraft(deps: ApiDeps, territoryId: string, plan: Plan) {
  const launched = await launchProcess(deps, territoryId, { plan, answers: null });
  if (launched.created) await dropPlanDraft(deps.prisma, territoryId);
  return launched;
}

export const abandonDraft = ({ prisma }: Deps, territoryId: string) => dropPlanDraft(prisma, territoryId);
