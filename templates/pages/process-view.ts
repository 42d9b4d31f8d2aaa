// What a process page shows: the process, its steps with their state and seats taken, one page of the
// messages log. The page owns this shape; the read model (infra/db/process-page.ts) builds it.
import type { AttendanceCounts, attendanceByOrganisation } from '../../domain/attendance';
import type { NewsletterContact } from '../../domain/newsletter';
import type { Phase, StepBehaviour } from '../../domain/plan';
import type { StepDisplayState } from '../../domain/step-display';

export interface ProcessPageStep {
  key: string;
  title: string;
  behaviour: StepBehaviour;
  description: string | null;
  phase: Phase;
  status: 'PLANNED' | 'INVITED' | 'HELD' | 'DONE' | 'CANCELLED';
  state: StepDisplayState;
  isTask: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  month: string | null;
  untilMonth: string | null;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  cancelReason: string | null;
  seats: { confirmed: number; waitlisted: number };
  /** A held meeting: who came (as recorded), its documents, and when its coordinator closed it. */
  attendance: AttendanceCounts;
  documents: number;
  closedAt: Date | null;
  /** An interview campaign: its slots with who holds each, and those invited who hold none. */
  campaign?: CampaignProgress;
}

export interface CampaignProgress {
  slots: { startsAt: Date; endsAt: Date; heldBy: { fullName: string; organisation: string | null } | null }[];
  waiting: { fullName: string; organisation: string | null }[];
}

export interface MessageLogRow {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  status: string;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface ProcessPageData {
  process: { id: string; kind: string; periodStart: number; periodEnd: number; status: string; currentPhase: Phase; workflowId: string; phaseLabels: Record<Phase, string>; contacts: NewsletterContact[] };
  territory: { id: string; name: string; cafName: string; timezone: string };
  steps: ProcessPageStep[];
  messages: { rows: MessageLogRow[]; page: number; pageCount: number; total: number };
  /** Who came to the closed meetings, by organisation (the evaluation's figure). */
  participation: ReturnType<typeof attendanceByOrganisation>;
}
