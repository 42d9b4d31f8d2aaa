// Names, inputs and messages of the workflows: the only workflow module the API imports, so the API
// never loads workflow code. Keep it free of logic.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PlanStep } from '../domain/plan';
import type { Phase, StepBehaviour, StepKind } from '../domain/vocabulary';
import type { Timeline } from '../domain/timeline';

export const processWorkflowType = 'ctgProcessWorkflow';
export const stepWorkflowType = 'ctgStepWorkflow';

/** Search attributes registered on the Temporal namespace; the dashboard and the Temporal UI filter on them. */
export const territoryIdAttribute = defineSearchAttributeKey('CtgTerritoryId', SearchAttributeType.KEYWORD);
export const cafNameAttribute = defineSearchAttributeKey('CtgCafName', SearchAttributeType.KEYWORD);
export const phaseAttribute = defineSearchAttributeKey('CtgPhase', SearchAttributeType.KEYWORD);
export const searchAttributeKeys = [territoryIdAttribute, cafNameAttribute, phaseAttribute];

export type StepRunStatus = 'WAITING' | 'RUNNING' | 'HELD' | 'DONE' | 'CANCELLED';

/** What the process workflow knows of each step (and carries across continue-as-new). */
export interface StepState {
  stepId: string;
  key: string;
  /** Absent from states recorded before behaviours: `behaviourOf` derives it from the kind. */
  behaviour?: StepBehaviour;
  kind?: StepKind | null;
  phase: Phase;
  title: string;
  dependsOn: string[];
  /** What the invitations wait for. Absent from states recorded before it: those wait for `dependsOn`. */
  inviteAfter?: string[];
  /** ISO instants; null while « date à fixer ». */
  startsAt: string | null;
  endsAt: string | null;
  location: string | null;
  onlineUrl: string | null;
  invitationLeadDays: number;
  reminderDays: number[];
  nudgeFrom: string | null;
  sequence: number;
  status: StepRunStatus;
  invited: boolean;
  late: boolean;
  /** An interview campaign's interview length (minutes): its last interview ends this long after its start. */
  interviewMinutes?: number;
}

export interface ProcessState {
  processId: string;
  territoryId: string;
  cafName: string;
  timeline: Timeline;
  renewalLeadMonths: number;
  nudgeEveryDays: number;
  phase: Phase;
  closedPhases: Phase[];
  paused: boolean;
  steps: StepState[];
  implementationCreated: boolean;
  renewalProcessId: string | null;
  completed: boolean;
}

export interface ProcessWorkflowInput {
  processId: string;
  timeline: Timeline;
  /** Set when continuing as new: everything the previous run knew. */
  carried?: ProcessState;
  /** History length that triggers continue-as-new (tests lower it). */
  maxHistoryEvents?: number;
}

export interface ProcessStatusView {
  processId: string;
  phase: Phase;
  paused: boolean;
  completed: boolean;
  closedPhases: Phase[];
  steps: Pick<StepState, 'key' | 'title' | 'behaviour' | 'kind' | 'phase' | 'status' | 'startsAt' | 'endsAt' | 'location' | 'onlineUrl' | 'late' | 'sequence'>[];
  nextStep: { key: string; title: string; startsAt: string } | null;
  lateSteps: string[];
  undatedSteps: string[];
  renewalProcessId: string | null;
  periodEndsAt: string;
  historyLength: number;
}

export const processStatusQuery = defineQuery<ProcessStatusView>('processStatus');

// Changes from people: Updates with validators, answering with the new state or a reason for refusal.
export interface StepChanges {
  startsAt?: string | null;
  durationMinutes?: number;
  location?: string | null;
  onlineUrl?: string | null;
  /** Named contacts to invite (an entretien's partner). */
  audienceEmails?: string[];
  /** The month (« 2027-04 ») or span of months a step is planned for while its day is unknown. */
  month?: string | null;
  untilMonth?: string | null;
  /** Its own words: a new title is announced to those invited (the calendar event is renamed). */
  title?: string;
  description?: string | null;
  /** Who is invited from now on (people already invited stay so). */
  audience?: { roles?: string[]; groups?: string[]; domains?: string[]; emails?: string[]; public?: boolean };
  /** Order: the steps it follows, and those whose end its invitations wait for. */
  dependsOn?: string[];
  inviteAfter?: string[];
  /** An interview campaign's slots (ISO instants): added (each lasting `durationMinutes`) and removed while free. */
  slots?: { add?: string[]; remove?: string[]; durationMinutes?: number };
}
export const changeStepUpdate = defineUpdate<ProcessStatusView, [{ key: string; changes: StepChanges }]>('changeStep');
export const addStepUpdate = defineUpdate<ProcessStatusView, [{ step: PlanStep }]>('addStep');
export const cancelStepUpdate = defineUpdate<ProcessStatusView, [{ key: string; reason?: string }]>('cancelStep');
export const completeStepUpdate = defineUpdate<ProcessStatusView, [{ key: string }]>('completeStep');
export const closePhaseUpdate = defineUpdate<ProcessStatusView, [{ phase: Phase }]>('closePhase');
export const pauseUpdate = defineUpdate<ProcessStatusView, []>('pause');
export const resumeUpdate = defineUpdate<ProcessStatusView, []>('resume');

// Between the process workflow and its step workflows.
export interface StepWorkflowInput {
  processId: string;
  processWorkflowId: string;
  step: StepState;
  dayMs: number;
  nudgeEveryDays: number;
  paused: boolean;
}
export interface StepReport {
  key: string;
  status: 'HELD' | 'DONE' | 'CANCELLED';
}
export const stepFinishedSignal = defineSignal<[StepReport]>('stepFinished');
export const stepInvitedSignal = defineSignal<[{ key: string; sequence: number }]>('stepInvited');
export const stepLateSignal = defineSignal<[{ key: string }]>('stepLate');

/** `audienceChanged`: who is invited changed; those the audience gained since the announcement are invited. */
export const stepChangedSignal = defineSignal<
  [Pick<StepState, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl' | 'sequence'> & Partial<Pick<StepState, 'nudgeFrom'>> & { audienceChanged?: boolean }]
>('stepChanged');
export const stepCancelSignal = defineSignal<[{ sequence: number }]>('stepCancel');
export const stepCompleteSignal = defineSignal('stepComplete');
export const stepPausedSignal = defineSignal<[{ paused: boolean }]>('stepPaused');
/** From the coordinator's closing of a held meeting (who came, its documents are recorded): the follow-up goes. */
export const meetingClosedSignal = defineSignal('meetingClosed');

export const infoFlashWorkflowType = 'ctgInfoFlashWorkflow';
export interface InfoFlashWorkflowInput {
  processId: string;
  slot: string;
  /** The issue to freeze and send (absent: workflows started before issues existed). */
  issueId?: string;
}

export const registrationNoticeWorkflowType = 'ctgRegistrationNoticeWorkflow';
/** Ids only: the links a notice carries are issued by its activity, never written into the history. */
export interface RegistrationNoticeWorkflowInput {
  registrationId: string;
  version: number;
}
/** One notice per version of a registration: starting it twice finds the same run. */
export const registrationNoticeWorkflowId = (registrationId: string, version: number): string => `ctg-registration/${registrationId}/${version}`;

export const interviewNoticeWorkflowType = 'ctgInterviewNoticeWorkflow';
/** Ids only, as for registrations: the personal link is issued by the activity. */
export interface InterviewNoticeWorkflowInput {
  bookingId: string;
  version: number;
}
/** One notice per version of a booking (booked, moved, given back): starting it twice finds the same run. */
export const interviewNoticeWorkflowId = (bookingId: string, version: number): string => `ctg-interview/${bookingId}/${version}`;

export const retentionWorkflowType = 'ctgRetentionWorkflow';
export const retentionScheduleId = 'ctg-retention';
/** The policy in days and months (from the configuration, written into the Schedule's action). */
export interface RetentionWorkflowInput {
  messageDays: number;
  publicRegistrantMonths: number;
}

export const adviserDigestWorkflowType = 'ctgAdviserDigestWorkflow';
export const adviserDigestScheduleId = 'ctg-adviser-digest';
/** `userId`: one adviser's digest, asked for now (else every adviser who takes it, for the week). */
export interface AdviserDigestWorkflowInput {
  userId?: string;
}
