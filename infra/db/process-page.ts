// Read model of a process page: the process, its steps with their state and seats taken, and one page
// of the messages log (newest first). The shape is the page's (templates/pages/process-view.ts), checked
// where the two meet: infra/ does not import templates/.
import { phaseLabelsOf } from '../../domain/vocabulary';
import { isTask, stepDisplayState } from '../../domain/step-display';
import type { PrismaClient } from './prisma';
import { registrationCounts } from './registration-counts';
import type { NewsletterContact } from '../../domain/newsletter';
import { attendanceByOrganisation, countAttendance } from '../../domain/attendance';

export const MESSAGES_PER_PAGE = 20;

export async function loadProcessPage(prisma: PrismaClient, processId: string, messagesPage: number) {
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
      status: process.status as string,
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
