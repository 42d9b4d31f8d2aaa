// Read model of the Caf adviser's dashboard: for each territory in scope, where its current process
// stands. Built from the projection the activities keep (process phase, step states), so it answers
// without asking Temporal and the same data feeds the page and /api/dashboard. The shape is the page's
// (templates/pages/dashboard.ts), checked where the two meet: infra/ does not import templates/.
import { currentProcessOf, isRegistrableMeeting, isStepFinished, stepDisplayState } from '../../domain/step-display';
import type { Prisma, PrismaClient } from './prisma';
import { registrationCounts } from './registration-counts';
import { countAttendance } from '../../domain/attendance';
import { isMeeting } from '../../domain/vocabulary';

export async function loadDashboard(prisma: PrismaClient, scope: Prisma.TerritoryWhereInput, now = new Date()) {
  const territories = await prisma.territory.findMany({
    where: scope,
    orderBy: [{ cafName: 'asc' }, { name: 'asc' }],
    include: { processes: { orderBy: { periodStart: 'desc' }, include: { steps: { orderBy: { position: 'asc' } } } } },
  });
  const current = territories.map((t) => currentProcessOf(t.processes));
  const upcomingIds = current.flatMap((p) =>
    (p?.steps ?? []).filter((s) => s.startsAt && s.startsAt > now && s.status !== 'CANCELLED' && isRegistrableMeeting(s)).map((s) => s.id),
  );
  const seats = await registrationCounts(prisma, upcomingIds);
  const attendance = await prisma.attendance.findMany({ where: { step: { processId: { in: current.flatMap((p) => (p ? [p.id] : [])) } } }, select: { stepId: true, status: true } });

  return territories.map((territory, index) => {
    const process = current[index];
    const base = { id: territory.id, name: territory.name, cafName: territory.cafName, timezone: territory.timezone };
    if (!process) return { ...base, process: null };
    const live = process.steps.filter((s) => s.status !== 'CANCELLED');
    const upcomingMeetings = live
      .filter((s) => s.startsAt && s.startsAt > now && isRegistrableMeeting(s) && !isStepFinished(s))
      .sort((a, b) => a.startsAt!.getTime() - b.startsAt!.getTime())
      .map((s) => ({ key: s.key, title: s.title, startsAt: s.startsAt!, location: s.location, capacity: s.capacity, ...(seats.get(s.id) ?? { confirmed: 0, waitlisted: 0 }) }));
    const steps = process.steps.map((s) => ({ key: s.key, title: s.title, phase: s.phase, behaviour: s.behaviour, startsAt: s.startsAt, endsAt: s.endsAt, state: stepDisplayState(s) }));
    return {
      ...base,
      process: {
        id: process.id,
        workflowId: process.workflowId,
        kind: process.kind,
        periodStart: process.periodStart,
        periodEnd: process.periodEnd,
        status: process.status,
        phase: process.currentPhase,
        progress: { done: live.filter(isStepFinished).length, total: live.length },
        nextMeeting: upcomingMeetings[0] ?? null,
        upcomingMeetings,
        lateSteps: steps.filter((s) => s.state === 'EN_RETARD').map(({ key, title, startsAt }) => ({ key, title, startsAt })),
        undatedSteps: steps.filter((s) => s.state === 'A_FIXER').length,
        steps,
        attendance: {
          ...countAttendance(attendance.filter((a) => process.steps.some((s) => s.id === a.stepId))),
          meetingsClosed: process.steps.filter((s) => s.closedAt).length,
          meetingsToClose: process.steps.filter((s) => s.status === 'HELD' && !s.closedAt && isMeeting(s.behaviour)).length,
        },
      },
    };
  });
}
