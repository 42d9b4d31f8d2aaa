// Read model of a process page: the process, its steps with their state and seats taken, and one page
// of the messages log (newest first).
import type { Phase, StepBehaviour } from '../../domain/plan';
import { phaseLabelsOf } from '../../domain/vocabulary';
import { isTask, stepDisplayState, type StepDisplayState } from '../../domain/step-display';
import type { PrismaClient } from './prisma';
import { registrationCounts, type SeatCount } from './registration-counts';
import type { NewsletterContact } from '../../domain/newsletter';
import { attendanceByOrganisation, countAttendance, type AttendanceCounts } from '../../domain/attendance';

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
  seats: SeatCount;
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

export const MESSAGES_PER_PAGE = 20;

export async function loadProcessPage(prisma: PrismaClient, processId: string, messagesPage: number): Promise<ProcessPageData | null> {
  const process = await prisma.process.findUnique({
    where: { id: processId },
    omit: { plan: true, answers: true },
    include: { territory: true, steps: { orderBy: { position: 'asc' } } },
  });
  if (!process) return null;
  const [seats, total, attendance, documents] = await Promise.all([
    registrationCounts(prisma, process.steps.filter((s) => !isTask(s)).map((s) => s.id)),
    prisma.message.count({ where: { processId } }),
    prisma.attendance.findMany({ where: { step: { processId } }, select: { stepId: true, status: true, organisation: true } }),
    prisma.meetingDocument.groupBy({ by: ['stepId'], where: { step: { processId } }, _count: { _all: true } }),
  ]);
  const attendanceOf = (stepId: string) => countAttendance(attendance.filter((a) => a.stepId === stepId));
  const pageCount = Math.max(1, Math.ceil(total / MESSAGES_PER_PAGE));
  const page = Math.min(Math.max(1, messagesPage), pageCount);
  const rows = await prisma.message.findMany({
    where: { processId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * MESSAGES_PER_PAGE,
    take: MESSAGES_PER_PAGE,
    select: { id: true, recipient: true, kind: true, subject: true, status: true, error: true, createdAt: true, sentAt: true },
  });
  const { territory } = process;
  return {
    process: {
      id: process.id,
      kind: process.kind,
      periodStart: process.periodStart,
      periodEnd: process.periodEnd,
      status: process.status,
      currentPhase: process.currentPhase,
      phaseLabels: phaseLabelsOf(process.phaseLabels),
      workflowId: process.workflowId,
      contacts: Array.isArray(process.contacts) ? (process.contacts as unknown as NewsletterContact[]) : [],
    },
    territory: { id: territory.id, name: territory.name, cafName: territory.cafName, timezone: territory.timezone },
    steps: process.steps.map((s) => ({
      key: s.key,
      title: s.title,
      behaviour: s.behaviour,
      description: s.description,
      phase: s.phase,
      status: s.status,
      state: stepDisplayState(s),
      isTask: isTask(s),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      month: s.month,
      untilMonth: s.untilMonth,
      location: s.location,
      onlineUrl: s.onlineUrl,
      capacity: s.capacity,
      cancelReason: s.cancelReason,
      seats: seats.get(s.id) ?? { confirmed: 0, waitlisted: 0 },
      attendance: attendanceOf(s.id),
      documents: documents.find((d) => d.stepId === s.id)?._count._all ?? 0,
      closedAt: s.closedAt,
    })),
    messages: { rows, page, pageCount, total },
    participation: attendanceByOrganisation(attendance),
  };
}
