// A fan-out of invitations under a fault: prepared through the API to fall due at one instant, then
// tracked at the SMTP sink (per invited address), in the step workflows' histories and in the messages table.
import { stepWorkflowId } from '../../domain/ids';
import { forEachConcurrently, sleep } from '../lib/concurrency';
import type { Arrival, SmtpSink } from '../lib/smtp-sink';
import { createTerritory, DAY, launch, meetingStep, type FaultContext } from './context';

export interface FanOut {
  label: string;
  stepKey: string;
  territoryIds: string[];
  processIds: string[];
  /** Every invited address, in order. */
  expected: string[];
  dueAt: number;
  setupSeconds: number;
}

/**
 * `territories` × `partners` invitations, each territory's first meeting invited 21 days ahead, every
 * invitation falling due at one instant shortly after the last launch (real days, as the API launches).
 */
export async function prepareFanOut(ctx: FaultContext, label: string, territories: number, partners: number): Promise<FanOut> {
  const started = Date.now();
  const stepKey = 'lancement-partenaires';
  const created: { id: string; emails: string[] }[] = new Array(territories);
  await forEachConcurrently([...Array(territories).keys()], 4, async (t) => {
    created[t] = await createTerritory(ctx, `${label}-t${t}`, { partners });
  });
  // A launch costs a process row, its steps and a workflow start: well under half a second each here.
  const dueAt = Math.ceil((Date.now() + 8_000 + territories * 500) / 1000) * 1000;
  const processIds: string[] = new Array(territories);
  await forEachConcurrently(created, 4, async (territory, t) => {
    processIds[t] = await launch(ctx, territory.id, [
      meetingStep(stepKey, 'Lancement partenaires', dueAt + 21 * DAY, { kind: 'LANCEMENT_PARTENAIRES', invitationLeadDays: 21 }),
    ]);
  });
  const slack = (dueAt - Date.now()) / 1000;
  ctx.log(`${label}: ${territories} × ${partners} invitations due in ${slack.toFixed(1)} s${slack < 0 ? ' (late: sent at once)' : ''}`);
  return { label, stepKey, territoryIds: created.map((t) => t.id), processIds, expected: created.flatMap((t) => t.emails), dueAt, setupSeconds: (Date.now() - started) / 1000 };
}

/** Incremental count of a fan-out's invitations at the sink (scans only new arrivals). */
export class ArrivalCounter {
  private scanned = 0;
  readonly byRecipient = new Map<string, Arrival[]>();
  private readonly expected: Set<string>;
  constructor(
    private readonly sink: SmtpSink,
    expected: string[],
    private readonly subjectPrefix = 'Invitation',
  ) {
    this.expected = new Set(expected);
  }
  /** Unique expected recipients who received at least one. */
  get delivered(): number {
    this.scan();
    return this.byRecipient.size;
  }
  get arrivals(): number {
    this.scan();
    let n = 0;
    for (const list of this.byRecipient.values()) n += list.length;
    return n;
  }
  /** The same message (same Message-ID) accepted more than once for a recipient, or several messages of the kind. */
  duplicates(): { sameMessageId: number; extraMessages: number } {
    this.scan();
    let sameMessageId = 0;
    let extraMessages = 0;
    for (const list of this.byRecipient.values()) {
      const ids = new Set(list.map((a) => a.messageId));
      sameMessageId += list.length - ids.size;
      extraMessages += ids.size - 1;
    }
    return { sameMessageId, extraMessages };
  }
  lastAt(): number {
    this.scan();
    let last = 0;
    for (const list of this.byRecipient.values()) for (const a of list) last = Math.max(last, a.at);
    return last;
  }
  missing(): string[] {
    this.scan();
    return [...this.expected].filter((e) => !this.byRecipient.has(e));
  }
  private scan() {
    const arrivals = this.sink.arrivals;
    for (; this.scanned < arrivals.length; this.scanned += 1) {
      const a = arrivals[this.scanned]!;
      if (!this.expected.has(a.to) || !a.subject.startsWith(this.subjectPrefix)) continue;
      const list = this.byRecipient.get(a.to) ?? [];
      list.push(a);
      this.byRecipient.set(a.to, list);
    }
  }
}

/** Pending activities of the fan-out's step workflows (attempt numbers included); null for an unreachable server. */
export async function pendingActivities(ctx: FaultContext, fanOut: FanOut): Promise<{ count: number; maxAttempt: number } | null> {
  let count = 0;
  let maxAttempt = 0;
  try {
    for (const processId of fanOut.processIds) {
      const description = await ctx.client.workflow.getHandle(stepWorkflowId(processId, fanOut.stepKey)).describe();
      for (const activity of description.raw.pendingActivities ?? []) {
        count += 1;
        maxAttempt = Math.max(maxAttempt, activity.attempt ?? 1);
      }
    }
  } catch {
    return null;
  }
  return { count, maxAttempt };
}

/**
 * Waits until every invitation arrived, or until nothing can come any more: no activity pending in the
 * fan-out's step workflows and no new arrival for `quietMs`; gives up after `timeoutMs`.
 */
export async function waitForFanOut(ctx: FaultContext, fanOut: FanOut, counter: ArrivalCounter, timeoutMs: number, quietMs = 15_000): Promise<'complete' | 'settled' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  let lastChange = Date.now();
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    const delivered = counter.delivered;
    if (delivered >= fanOut.expected.length) {
      await sleep(2_000); // a late duplicate would land now
      return 'complete';
    }
    if (delivered !== lastCount) {
      lastCount = delivered;
      lastChange = Date.now();
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      ctx.log(`  ${fanOut.label}: ${delivered} / ${fanOut.expected.length} delivered`);
    }
    if (Date.now() - lastChange > quietMs) {
      const pending = await pendingActivities(ctx, fanOut);
      if (pending && pending.count === 0) return 'settled';
    }
    await sleep(500);
  }
  return 'timeout';
}

/** Attempts of the fan-out's message activities, from the step workflows' histories. */
export async function activityAttempts(ctx: FaultContext, fanOut: FanOut, activityType = 'sendStepMessages') {
  let activities = 0;
  let retries = 0;
  let maxAttempt = 0;
  for (const processId of fanOut.processIds) {
    const history = await ctx.client.workflow
      .getHandle(stepWorkflowId(processId, fanOut.stepKey))
      .fetchHistory()
      .catch(() => null);
    const scheduled = new Map<string, string>();
    for (const event of history?.events ?? []) {
      const attrs = event.activityTaskScheduledEventAttributes;
      if (attrs) scheduled.set(String(event.eventId), attrs.activityType?.name ?? '');
      const started = event.activityTaskStartedEventAttributes;
      if (started && scheduled.get(String(started.scheduledEventId)) === activityType) {
        activities += 1;
        const attempt = started.attempt ?? 1;
        retries += attempt - 1;
        maxAttempt = Math.max(maxAttempt, attempt);
      }
    }
  }
  return { activities, retries, maxAttempt };
}

/** The messages table's view of a fan-out: rows by status, attempts, rows still claimed. */
export async function messageRows(ctx: FaultContext, fanOut: FanOut) {
  const steps = await ctx.db.prisma.step.findMany({ where: { processId: { in: fanOut.processIds }, key: fanOut.stepKey }, select: { id: true } });
  const where = { stepId: { in: steps.map((s) => s.id) }, kind: 'INVITATION' };
  const byStatus = await ctx.db.prisma.message.groupBy({ by: ['status'], where, _count: true, _sum: { attempts: true } });
  const retried = await ctx.db.prisma.message.count({ where: { ...where, attempts: { gt: 1 } } });
  const stillClaimed = await ctx.db.prisma.message.count({ where: { ...where, status: 'PENDING', claimedAt: { not: null } } });
  const status = Object.fromEntries(byStatus.map((g) => [g.status, g._count]));
  const attempts = byStatus.reduce((sum, g) => sum + (g._sum.attempts ?? 0), 0);
  const rows = byStatus.reduce((sum, g) => sum + g._count, 0);
  return { rows, status, attempts, messagesRetried: retried, pendingStillClaimed: stillClaimed };
}
