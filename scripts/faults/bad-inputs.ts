// Generated bad inputs on every surface: each operation of the JSON API (api/api-operations.ts `operations`, whose
// zod body schemas give the required fields and the enums to break), the partner pages (/p/<token>), the
// public registration form (/inscription), the sign-in (/connexion) and the coordinator's pages. From a
// valid request per operation: wrong types, missing, unknown and huge fields, bad enum values, malformed
// JSON, wrong content types, bad ids, bad cursors and query parameters, bad tokens and headers.
// Counted: 5xx answers, requests left unanswered (a hang or a crash), API process exits; also 4xx answers
// of the JSON API that are not problem+json, and mutated requests that were accepted (2xx).
// The cases: bad-inputs/api-cases.ts and bad-inputs/page-cases.ts.
import { issueToken } from '../../infra/auth/tokens';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { forEachConcurrently, sleep } from '../lib/concurrency';
import type { HttpAnswer } from '../lib/http';
import { apiCases } from './bad-inputs/api-cases';
import { rng, type Case, type Fixtures } from './bad-inputs/cases';
import { pageCases } from './bad-inputs/page-cases';
import { createTerritory, DAY, launch, meetingStep, MAIL_DOMAIN, type FaultContext } from './context';

export interface BadInputsResult {
  cases: number;
  bySurface: Record<string, number>;
  statuses: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
  apiCrashes: number;
  rateLimited: number;
  /** 4xx from /api without an application/problem+json body. */
  apiErrorsNotProblemJson: number;
  /** 400 from /api without the `errors` list naming the field, when a body field was broken. */
  fieldErrorsWithoutField: number;
  /** Mutated requests answered 2xx (not necessarily wrong: an optional field left out is still valid). */
  accepted: number;
  acceptedSample: string[];
  failures: { surface: string; mutation: string; status: number; detail: string }[];
  operationsCovered: number;
  operationsWithoutSample: string[];
  seconds: number;
}

async function prepare(ctx: FaultContext): Promise<Fixtures> {
  const territory = await createTerritory(ctx, 'mauvaises-entrees', { partners: 3 });
  const soon = Date.now() + 60 * DAY;
  const processId = await launch(ctx, territory.id, [
    meetingStep('rencontre', 'Rencontre des mauvaises entrées', soon, { capacity: 5 }),
    meetingStep('forum', 'Forum habitants', soon, { kind: 'FORUM_HABITANTS', audience: { roles: [], groups: [], domains: [], emails: [], public: true }, capacity: 50 }),
    { key: 'analyse', kind: 'ANALYSE_DOCUMENTAIRE', phase: 'DIAGNOSTIC', title: 'Analyse documentaire', startsAt: new Date(soon).toISOString() },
  ]);
  const registration = await ctx.call('POST', `/api/processes/${processId}/steps/rencontre/registrations`, { body: { email: `inscrit.mauvaises@${MAIL_DOMAIN}`, fullName: 'Inscrit Témoin' } });
  const { prisma } = ctx.db;
  const steps = Object.fromEntries((await prisma.step.findMany({ where: { processId } })).map((s) => [s.key, s.id]));
  const victim = await prisma.user.create({ data: { email: `cible.mauvaises@${MAIL_DOMAIN}`, fullName: 'Compte cible', role: 'COORDINATOR' } });
  const admin = await prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
  const spare = await issueToken(prisma, 'API', { userId: victim.id }, { label: 'à révoquer' });
  const contact = await prisma.contact.findFirstOrThrow({ where: { territoryId: territory.id } });
  const publicRegistration = await prisma.registration.create({ data: { stepId: steps.forum!, email: `public.mauvaises@${MAIL_DOMAIN}`, fullName: 'Public Témoin', status: 'CONFIRMED', confirmedAt: new Date() } });
  return {
    territoryId: territory.id,
    processId,
    stepKey: 'rencontre',
    registrationId: registration.body.id,
    userId: victim.id,
    tokenId: spare.id,
    forumStepId: steps.forum!,
    taskStepId: steps.analyse!,
    meetingStepId: steps.rencontre!,
    partnerToken: await issuePartnerToken(prisma, contact.id, ctx.services.env.LINK_SECRET!),
    registrationToken: (await issueToken(prisma, 'REGISTRATION', { registrationId: publicRegistration.id })).token,
    sessionToken: (await issueToken(prisma, 'SESSION', { userId: admin.id })).token,
  };
}

/**
 * Keeps requests under a per-address limit: a burst up to `burst`, then `perMinute` (a token bucket), so
 * small sets go at once and larger ones are spread.
 */
class Pacer {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  async wait() {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(((1 - this.tokens) / this.perMinute) * 60_000);
    }
  }
}

export async function badInputsScenario(ctx: FaultContext, options: { seed: number }): Promise<BadInputsResult> {
  const started = Date.now();
  const fixtures = await prepare(ctx);
  const random = rng(options.seed);
  const { cases: api, withoutSample } = apiCases(fixtures, random);
  const pages = pageCases(fixtures);
  const origin = ctx.services.base;
  for (const c of pages) if (c.options.headers?.origin === 'ORIGIN') c.options.headers.origin = origin;
  const cases = [...api, ...pages];
  ctx.log(`bad inputs: ${cases.length} cases (${api.length} on the JSON API, ${pages.length} on pages and links)`);

  const statuses: Record<string, number> = {};
  const bySurface: Record<string, number> = {};
  const failures: BadInputsResult['failures'] = [];
  const acceptedSample: string[] = [];
  let accepted = 0;
  let rateLimited = 0;
  let notProblem = 0;
  let withoutField = 0;
  const apiCrashesBefore = ctx.services.api.crashes.length;
  // One pacer per limited window, under its limit (api/app.ts, the routes): /p and /inscription 120 a
  // minute, the public form's POSTs 10, sign-in links asked 5 and used 30. Each scenario's cases fit in
  // one window; the tenancy scenario that follows has one request left in each.
  const pacers = new Map<string, Pacer>();
  const limits: Record<string, [perMinute: number, burst: number]> = {
    p: [100, 100],
    inscription: [100, 100],
    'POST inscription': [8, 9],
    'POST connexion': [4, 4],
    'GET connexion': [25, 25],
  };
  const pacerOf = (key: string) => {
    if (!pacers.has(key)) {
      const [perMinute, burst] = limits[key] ?? [1000, 1000];
      pacers.set(key, new Pacer(perMinute, burst));
    }
    return pacers.get(key)!;
  };
  const pace = async (c: Case) => {
    const prefix = c.url.split('/')[1]!;
    await pacerOf(prefix).wait();
    if (limits[`${c.method} ${prefix}`]) await pacerOf(`${c.method} ${prefix}`).wait();
  };

  const send = async (c: Case): Promise<HttpAnswer> => {
    if (c.limited) await pace(c);
    let answer = await ctx.call(c.method, c.url, { timeoutMs: 20_000, ...c.options });
    // A 429 is the limiter doing its job, not an answer to the case: wait for the window, ask again once.
    if (answer.status === 429) {
      rateLimited += 1;
      const wait = Number(answer.headers.get('retry-after') ?? 60);
      await sleep(Math.min(65, wait + 1) * 1000);
      answer = await ctx.call(c.method, c.url, { timeoutMs: 20_000, ...c.options });
    }
    return answer;
  };

  const record = (c: Case, answer: HttpAnswer) => {
    const key = answer.status === 0 ? `no answer (${answer.error})` : String(answer.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    bySurface[c.surface] = (bySurface[c.surface] ?? 0) + 1;
    if (answer.status >= 500 || answer.status === 0) {
      failures.push({ surface: c.surface, mutation: c.mutation, status: answer.status, detail: (answer.error ?? answer.body?.detail ?? answer.text).toString().slice(0, 200) });
    }
    if (answer.status >= 200 && answer.status < 300) {
      accepted += 1;
      if (acceptedSample.length < 25) acceptedSample.push(`${c.surface} — ${c.mutation} → ${answer.status}`);
    }
    const isApi = c.url.startsWith('/api/');
    if (isApi && answer.status >= 400 && answer.status < 500 && !answer.contentType.startsWith('application/problem+json')) notProblem += 1;
    const fieldMutation = /^(missing |[\w.[\]]+: )/.test(c.mutation) && !/^(id|key|phase|registrationId|status|format|Idempotency-Key): /.test(c.mutation);
    if (isApi && answer.status === 400 && fieldMutation && !(answer.body?.errors?.length > 0)) withoutField += 1;
  };

  const limited = cases.filter((c) => c.limited);
  const free = cases.filter((c) => !c.limited);
  await Promise.all([
    forEachConcurrently(free, 4, async (c) => record(c, await send(c))),
    forEachConcurrently(limited, 8, async (c) => record(c, await send(c))),
  ]);
  const health = await ctx.call('GET', '/healthz');
  if (health.status !== 200) failures.push({ surface: 'GET /healthz', mutation: 'after the run', status: health.status, detail: health.text.slice(0, 200) });

  return {
    cases: cases.length,
    bySurface,
    statuses,
    serverErrors: failures.filter((f) => f.status >= 500).length,
    noAnswer: failures.filter((f) => f.status === 0).length,
    apiCrashes: ctx.services.api.crashes.length - apiCrashesBefore,
    rateLimited,
    apiErrorsNotProblemJson: notProblem,
    fieldErrorsWithoutField: withoutField,
    accepted,
    acceptedSample,
    failures: failures.slice(0, 50),
    operationsCovered: new Set(api.map((c) => c.surface)).size - 1,
    operationsWithoutSample: withoutSample,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
