// What every fault scenario shares: the stack (a Temporal dev server we can kill, a PostgreSQL database
// reached through a proxy we can cut, an SMTP sink we can take down, the worker and the API as processes),
// an administrator's token, and helpers to build a fan-out of invitations and to probe the API.
import type { Client } from '@temporalio/client';
import type { PlanStep } from '../../domain/plan';
import { stepWorkflowId } from '../../domain/ids';
import type { Arrival, SmtpSink } from '../lib/smtp-sink';
import type { HttpAnswer, HttpOptions, Services, StackDatabase } from '../lib/real-stack';
import type { TcpProxy } from '../lib/tcp-proxy';
import type { TemporalServer } from '../lib/temporal-server';

export const DAY = 86_400_000;
export const MAIL_DOMAIN = 'faults.example.org';

export interface FaultContext {
  log(message: string): void;
  temporal: TemporalServer;
  /** A client of our own (histories, descriptions); reconnects by itself after a server restart. */
  client: Client;
  db: StackDatabase;
  pgProxy: TcpProxy;
  sink: SmtpSink;
  services: Services;
  adminToken: string;
  /** As the admin unless another token is given. */
  call<T = any>(method: string, url: string, options?: HttpOptions): Promise<HttpAnswer<T>>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const round = (value: number, digits = 0): number | null => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function forEachConcurrently<T>(items: T[], concurrency: number, action: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await action(items[index]!, index);
      }
    }),
  );
}

export async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export function expectStatus(answer: HttpAnswer, expected: number[], what: string): void {
  if (!expected.includes(answer.status)) throw new Error(`${what}: ${answer.status} ${answer.error ?? answer.text.slice(0, 500)}`);
}

// -------------------------------------------------------------------------------------------- territories

export async function createTerritory(ctx: FaultContext, label: string, options: { cafName?: string; partners?: number; token?: string } = {}) {
  const territory = await ctx.call('POST', '/api/territories', {
    token: options.token,
    body: {
      name: `Communauté de communes ${label}`,
      cafName: options.cafName ?? `Caf ${label}`,
      coordinatorName: `Coordination ${label}`,
      coordinatorEmail: `coordination.${label}@${MAIL_DOMAIN}`,
      cafAdviserName: `Conseil ${label}`,
      cafAdviserEmail: `conseil.${label}@${MAIL_DOMAIN}`,
    },
  });
  expectStatus(territory, [201], `POST /api/territories (${label})`);
  const partners = options.partners ?? 0;
  const emails = Array.from({ length: partners }, (_, p) => `p${p}.${label}@${MAIL_DOMAIN}`);
  for (let start = 0; start < partners; start += 5000) {
    const contacts = await ctx.call('POST', `/api/territories/${territory.body.id}/contacts`, {
      token: options.token,
      body: emails.slice(start, start + 5000).map((email, i) => ({ email, fullName: `Partenaire ${start + i + 1} ${label}`, roles: ['PARTENAIRE'] })),
    });
    expectStatus(contacts, [200], `POST contacts (${label})`);
  }
  return { id: territory.body.id as string, name: territory.body.name as string, emails };
}

export function meetingStep(key: string, title: string, startsAt: number, extra: Partial<PlanStep> = {}): Partial<PlanStep> {
  return {
    key,
    kind: 'RENCONTRE_THEMATIQUE',
    phase: 'DIAGNOSTIC',
    title,
    audience: { roles: ['PARTENAIRE'], groups: [], domains: [], emails: [], public: false },
    startsAt: new Date(startsAt).toISOString(),
    invitationLeadDays: 21,
    reminderDays: [],
    location: 'Salle des fêtes',
    ...extra,
  };
}

export async function launch(ctx: FaultContext, territoryId: string, steps: Partial<PlanStep>[], token?: string): Promise<string> {
  const launched = await ctx.call('POST', `/api/territories/${territoryId}/processes`, { token, body: { periodStart: 2027, periodEnd: 2031, steps } });
  expectStatus(launched, [201], 'POST processes');
  return launched.body.id;
}

// -------------------------------------------------------------------------------------------- fan-outs

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

// ----------------------------------------------------------------------------------------------- probes

export interface ProbeSample {
  /** Epoch ms when the request was sent. */
  t: number;
  status: number;
  ms: number;
  problemJson: boolean;
  error?: string;
}

/** Asks one thing of the API again and again (one request at a time), recording every answer. */
export class Prober {
  readonly samples: ProbeSample[] = [];
  private running = false;
  private done: Promise<void> = Promise.resolve();
  constructor(
    readonly name: string,
    private readonly request: (i: number) => Promise<HttpAnswer>,
    private readonly everyMs: number,
  ) {}
  start() {
    this.running = true;
    this.done = (async () => {
      for (let i = 0; this.running; i += 1) {
        const t = Date.now();
        const answer = await this.request(i);
        this.samples.push({ t, status: answer.status, ms: answer.ms, problemJson: answer.contentType.startsWith('application/problem+json'), ...(answer.error ? { error: answer.error } : {}) });
        await sleep(Math.max(0, this.everyMs - (Date.now() - t)));
      }
    })();
  }
  async stop() {
    this.running = false;
    await this.done;
  }
}

const HANG_MS = 15_000;

/** What a prober saw in [from, to): answers by status, how fast, hangs and answers without a problem body. */
export function summarizeSamples(samples: ProbeSample[], from: number, to: number) {
  const window = samples.filter((s) => s.t >= from && s.t < to);
  const statuses: Record<string, number> = {};
  for (const s of window) {
    const key = s.status === 0 ? `no answer (${s.error ?? '?'})` : String(s.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const errors = window.filter((s) => s.status >= 400);
  return {
    requests: window.length,
    statuses,
    hangs: window.filter((s) => s.ms > HANG_MS).length,
    noAnswer: window.filter((s) => s.status === 0).length,
    errorsWithoutProblemJson: errors.filter((s) => !s.problemJson).length,
    maxMs: round(Math.max(0, ...window.map((s) => s.ms))),
    p50Ms: round(percentile(window.map((s) => s.ms), 50)),
  };
}

/** First instant from `after` on at which the prober answered 2xx `streak` times in a row. */
export function recoveredAt(samples: ProbeSample[], after: number, streak = 3): number | null {
  let run = 0;
  for (const s of samples) {
    if (s.t < after) continue;
    if (s.status >= 200 && s.status < 300) {
      run += 1;
      if (run >= streak) return samples[samples.indexOf(s) - streak + 1]!.t;
    } else run = 0;
  }
  return null;
}
