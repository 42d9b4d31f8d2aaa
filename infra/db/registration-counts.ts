// Seats taken at each meeting: confirmed and waitlisted registrations, counted by step.
import type { PrismaClient } from './prisma';

export interface SeatCount {
  confirmed: number;
  waitlisted: number;
}

export async function registrationCounts(prisma: PrismaClient, stepIds: string[]): Promise<Map<string, SeatCount>> {
  const counts = new Map<string, SeatCount>();
  if (stepIds.length === 0) return counts;
  const rows = await prisma.registration.groupBy({
    by: ['stepId', 'status'],
    where: { stepId: { in: stepIds }, status: { in: ['CONFIRMED', 'WAITLISTED'] } },
    _count: { _all: true },
  });
  for (const row of rows) {
    const count = counts.get(row.stepId) ?? { confirmed: 0, waitlisted: 0 };
    if (row.status === 'CONFIRMED') count.confirmed = row._count._all;
    else count.waitlisted = row._count._all;
    counts.set(row.stepId, count);
  }
  return counts;
}
