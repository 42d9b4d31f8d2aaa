// Deterministic Temporal workflow ids: a repeated launch or a retried start finds the same workflow.
export const processWorkflowId = (processId: string): string => `ctg-process/${processId}`;

export const stepWorkflowId = (processId: string, stepKey: string): string =>
  `ctg-process/${processId}/step/${stepKey}`;
