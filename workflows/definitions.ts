// Names, inputs and messages of the workflows: the only workflow module the API imports, so the API
// never loads workflow code. Keep it free of logic.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Phase } from '../domain/plan';

export const processWorkflowType = 'ctgProcessWorkflow';
export const stepWorkflowType = 'ctgStepWorkflow';

/** Search attributes registered on the Temporal namespace; the dashboard and the Temporal UI filter on them. */
export const territoryIdAttribute = defineSearchAttributeKey('CtgTerritoryId', SearchAttributeType.KEYWORD);
export const cafNameAttribute = defineSearchAttributeKey('CtgCafName', SearchAttributeType.KEYWORD);
export const phaseAttribute = defineSearchAttributeKey('CtgPhase', SearchAttributeType.KEYWORD);
export const searchAttributeKeys = [territoryIdAttribute, cafNameAttribute, phaseAttribute];

export interface ProcessWorkflowInput {
  processId: string;
}

export type StepRunState = 'WAITING' | 'RUNNING' | 'FINISHED';

export interface ProcessStatusView {
  processId: string;
  phase: Phase;
  completed: boolean;
  steps: { key: string; phase: Phase; state: StepRunState; startsAt: string | null }[];
}

export const processStatusQuery = defineQuery<ProcessStatusView>('processStatus');

export interface StepWorkflowInput {
  processId: string;
  stepId: string;
  stepKey: string;
  kind: string;
  startsAt: string | null;
  endsAt: string | null;
  invitationLeadMinutes: number;
}

export type StepOutcome =
  | { result: 'HELD'; invited: number; failed: number }
  | { result: 'DONE' }
  | { result: 'UNDATED' }
  | { result: 'CANCELLED' };

/** A task step (analyse documentaire, rédaction…) waits for the coordinator to mark it done. */
export const completeTaskSignal = defineSignal('completeTask');
