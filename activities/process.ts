// Reads a process's steps for its workflow, and writes the status projection the dashboards read.
import type { Phase } from '../domain/plan';
import type { ActivityDeps } from './deps';

export interface StepSchedule {
  stepId: string;
  key: string;
  kind: string;
  phase: Phase;
  /** ISO instants (UTC); null while the date is « à fixer ». */
  startsAt: string | null;
  endsAt: string | null;
  invitationLeadMinutes: number;
  dependsOn: string[];
  status: 'PLANNED' | 'INVITED' | 'HELD' | 'DONE' | 'CANCELLED';
}

export interface ProcessSchedule {
  processId: string;
  territoryId: string;
  cafName: string;
  steps: StepSchedule[];
}

export function processActivities({ prisma }: ActivityDeps) {
  async function loadProcessSchedule(input: { processId: string }): Promise<ProcessSchedule> {
    const process = await prisma.process.findUniqueOrThrow({
      where: { id: input.processId },
      include: { territory: true, steps: { orderBy: { position: 'asc' } } },
    });
    return {
      processId: process.id,
      territoryId: process.territoryId,
      cafName: process.territory.cafName,
      steps: process.steps.map((step) => ({
        stepId: step.id,
        key: step.key,
        kind: step.kind,
        phase: step.phase,
        startsAt: step.startsAt?.toISOString() ?? null,
        endsAt: step.endsAt?.toISOString() ?? null,
        invitationLeadMinutes: step.invitationLeadMinutes,
        dependsOn: step.dependsOn,
        status: step.status,
      })),
    };
  }

  async function recordStepStatus(input: { stepId: string; status: StepSchedule['status'] }): Promise<void> {
    await prisma.step.update({ where: { id: input.stepId }, data: { status: input.status } });
  }

  async function recordProcessProgress(input: {
    processId: string;
    phase: Phase;
    status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED';
  }): Promise<void> {
    await prisma.process.update({
      where: { id: input.processId },
      data: { currentPhase: input.phase, status: input.status },
    });
  }

  return { loadProcessSchedule, recordStepStatus, recordProcessProgress };
}
