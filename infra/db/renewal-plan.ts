// The plan a renewal starts from: the territory's own last plan, not the standard one. Its diagnostic and
// plan steps come back as plan input with their words, behaviours, audiences, places and order; every
// date (day or month) is to be set again, and what the coordinator cancelled stays out.
import type { PlanInput } from '../../domain/plan';
import { audienceSchema } from '../../domain/plan';
import { automaticCancellationReasons } from '../../domain/vocabulary';
import type { Step } from './prisma';

/** Cancellations made by the service itself, not a coordinator's decision to drop the step. */
const automaticCancellations = new Set<string>(Object.values(automaticCancellationReasons));

/** A step row, with its interview slots when it is a campaign (their length is the interviews'). */
type PreviousStep = Step & { interviewSlots?: { startsAt: Date; endsAt: Date }[] };

export function renewalSteps(steps: PreviousStep[]): PlanInput['steps'] {
  const kept = steps.filter(
    (s) => (s.phase === 'DIAGNOSTIC' || s.phase === 'PLAN_ACTIONS') && (s.status !== 'CANCELLED' || automaticCancellations.has(s.cancelReason ?? '')),
  );
  const keys = new Set(kept.map((s) => s.key));
  const within = (list: string[]) => list.filter((key) => keys.has(key));
  return kept.map((s) => {
    const audience = audienceSchema.parse(s.audience);
    // A campaign's own span is weeks of interviews: its duration is one interview's; its slots are to propose again.
    const timed = s.behaviour === 'INTERVIEWS' ? (s.interviewSlots?.[0] ?? null) : s;
    const minutes = timed?.startsAt && timed.endsAt ? Math.round((timed.endsAt.getTime() - timed.startsAt.getTime()) / 60_000) : undefined;
    return {
      key: s.key,
      behaviour: s.behaviour,
      ...(s.kind ? { kind: s.kind as NonNullable<PlanInput['steps'][number]['kind']> } : {}),
      phase: s.phase,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      ...(s.body ? { body: s.body } : {}),
      audience: { ...audience, inviteesOf: audience.inviteesOf && keys.has(audience.inviteesOf) ? audience.inviteesOf : undefined },
      ...(minutes && minutes >= 15 && minutes <= 60 * 24 * 90 ? { durationMinutes: minutes } : {}),
      ...(s.location ? { location: s.location } : {}),
      ...(s.onlineUrl ? { onlineUrl: s.onlineUrl } : {}),
      ...(s.capacity ? { capacity: s.capacity } : {}),
      invitationLeadDays: s.invitationLeadDays,
      reminderDays: s.reminderDays,
      dependsOn: within(s.dependsOn),
      inviteAfter: within(s.inviteAfter.filter((key) => key !== audience.inviteesOf)),
      ...(s.session === 1 || s.session === 2 ? { session: s.session } : {}),
    };
  });
}
