// Every role against another tenant's resources. Two territories of two Cafs; callers scoped to the first
// (its coordinator, its Caf adviser, a coordinator of nothing, an adviser of another Caf; a partner's
// personal link, a member of the public's registration link, nobody) ask every operation of the JSON API
// (api/openapi.ts `operations`) and the pages about the second territory's territory, process, steps,
// registrations, users and tokens, with valid bodies. A leak: an answer 2xx, an answer whose body carries
// the other territory's data, or a change found afterwards in the other territory.
// Also counted: a read-only Caf adviser changing their own territory (must be refused).
import { issueToken, resolveToken } from '../../infra/auth/tokens';
import { operations } from '../../api/api-operations';
import { forEachConcurrently, sleep, waitUntil } from '../lib/concurrency';
import type { HttpAnswer, HttpOptions } from '../lib/http';
import { createUser } from '../lib/real-stack';
import { MAIL_DOMAIN, type FaultContext } from './context';
import { createTenant, snapshot } from './tenants';
import { validBodies } from './valid-bodies';

export interface TenancyResult {
  roles: string[];
  requests: number;
  /** Requests about the other territory answered 2xx, or answers carrying its data. */
  leaks: number;
  /** Changes found afterwards in the other territory. */
  tampering: number;
  /** A read-only adviser's change to their own territory accepted. */
  escalations: number;
  statuses: Record<string, number>;
  serverErrors: number;
  /** Each request's answer: what → caller → status. */
  matrix: Record<string, Record<string, number>>;
  details: string[];
  publicByDesign: string[];
}

interface Caller {
  role: string;
  /** API token. */
  token: string | null;
  /** Session cookie for the pages. */
  session: string | null;
}

export async function tenancyScenario(ctx: FaultContext): Promise<TenancyResult> {
  const a = await createTenant(ctx, 'a');
  const b = await createTenant(ctx, 'b');
  const { prisma } = ctx.db;
  const user = async (role: 'COORDINATOR' | 'CAF_ADVISER', name: string, options: { cafName?: string; territoryIds?: string[] }) => {
    const { user: row, token } = await createUser(prisma, role, { email: `${name}@${MAIL_DOMAIN}`, fullName: name, ...options });
    return { row, token, session: (await issueToken(prisma, 'SESSION', { userId: row.id })).token };
  };
  const coordA = await user('COORDINATOR', 'coordination-a', { territoryIds: [a.territoryId] });
  const adviserA = await user('CAF_ADVISER', 'conseil-a', { cafName: a.cafName });
  const coordNone = await user('COORDINATOR', 'coordination-sans-territoire', {});
  const adviserOther = await user('CAF_ADVISER', 'conseil-autre-caf', { cafName: 'Caf sans territoire' });
  const coordB = await user('COORDINATOR', 'coordination-b', { territoryIds: [b.territoryId] });
  const coordBToken = await prisma.accessToken.findFirstOrThrow({ where: { userId: coordB.row.id, purpose: 'API' } });
  const callers: Caller[] = [
    { role: 'COORDINATOR (territory A)', token: coordA.token, session: coordA.session },
    { role: 'CAF_ADVISER (Caf A)', token: adviserA.token, session: adviserA.session },
    { role: 'COORDINATOR (no territory)', token: coordNone.token, session: coordNone.session },
    { role: 'CAF_ADVISER (another Caf)', token: adviserOther.token, session: adviserOther.session },
  ];
  // The 'invitee' step's messages, so that B's message log is not empty.
  await waitUntil(async () => (await prisma.message.count({ where: { processId: b.processId } })) >= b.partnerEmails.length, 60_000, 500);
  const bBefore = await snapshot(ctx, b);

  const statuses: Record<string, number> = {};
  const details: string[] = [];
  let requests = 0;
  let leaks = 0;
  let escalations = 0;
  let serverErrors = 0;
  const matrix: Record<string, Record<string, number>> = {};
  const check = (who: string, what: string, answer: HttpAnswer, options: { expectRefusal: boolean; markers: string[] }) => {
    requests += 1;
    (matrix[what] ??= {})[who] = answer.status;
    const key = answer.status === 0 ? 'no answer' : String(answer.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (answer.status >= 500 || answer.status === 0) {
      serverErrors += 1;
      details.push(`server error: ${who} ${what} → ${answer.status} ${answer.error ?? answer.text.slice(0, 120)}`);
    }
    // The problem's `instance` repeats the URL the caller sent: not the other tenant's data.
    const body = typeof answer.body === 'object' && answer.body ? JSON.stringify({ ...answer.body, instance: undefined }) : answer.text;
    const found = options.markers.filter((m) => body.includes(m));
    const accepted = answer.status >= 200 && answer.status < 300;
    if ((options.expectRefusal && accepted) || found.length) {
      leaks += 1;
      details.push(`LEAK: ${who} ${what} → ${answer.status}${found.length ? ` carrying ${found.slice(0, 3).join(', ')}` : ''}`);
    }
  };
  // Pages and links are rate-limited per address: wait out a 429 and ask again.
  const call = async (method: string, url: string, options: HttpOptions): Promise<HttpAnswer> => {
    for (;;) {
      const answer = await ctx.call(method, url, options);
      if (answer.status !== 429) return answer;
      await sleep((Number(answer.headers.get('retry-after') ?? 30) + 1) * 1000);
    }
  };

  // 1. Every API operation, pointed at B.
  const bodies = validBodies({ territoryId: b.territoryId });
  const bIds = (path: string): Record<string, string> => ({
    id: path.startsWith('/api/users') ? coordB.row.id : path.startsWith('/api/tokens') ? coordBToken.id : path.startsWith('/api/territories') ? b.territoryId : b.processId,
    key: 'rencontre',
    phase: 'DIAGNOSTIC',
    registrationId: b.registrationId,
    // One of B's partners: their link, their contact row, their personal data.
    contactId: b.contactId,
    email: encodeURIComponent(b.contactEmail),
  });
  const apiCases: { what: string; method: string; url: string; body?: unknown; expectRefusal: boolean }[] = [];
  for (const op of operations) {
    if (op.public) continue;
    const method = op.method.toUpperCase();
    const hasParams = op.path.includes('{');
    const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => bIds(op.path)[name] ?? 'x');
    const body = op.body ? bodies[`${op.method} ${op.path}`] : undefined;
    // Lists and own-account reads are allowed: only their content is checked.
    apiCases.push({ what: `${method} ${op.path}`, method, url, body, expectRefusal: hasParams || op.path === '/api/users' });
    if (op.paged && !hasParams) apiCases.push({ what: `${method} ${op.path}?limit=200`, method, url: `${url}?limit=200`, expectRefusal: op.path === '/api/users' });
  }
  apiCases.push(
    { what: 'GET registrations as CSV', method: 'GET', url: `/api/processes/${b.processId}/steps/rencontre/registrations?format=csv`, expectRefusal: true },
    { what: 'cancel B’s registration through A’s process', method: 'POST', url: `/api/processes/${a.processId}/steps/rencontre/registrations/${b.registrationId}/cancel`, expectRefusal: true },
    { what: 'a token for B’s coordinator', method: 'POST', url: '/api/tokens', body: { label: 'vol', userId: coordB.row.id }, expectRefusal: true },
    { what: 'add B to my own account', method: 'PATCH', url: `/api/users/${coordA.row.id}`, body: { territoryIds: [a.territoryId, b.territoryId] }, expectRefusal: true },
    { what: 'an account for B', method: 'POST', url: '/api/users', body: { email: `intrus@${MAIL_DOMAIN}`, fullName: 'Intrus', role: 'COORDINATOR', territoryIds: [b.territoryId] }, expectRefusal: true },
    { what: 'B’s calendar feed', method: 'GET', url: `/api/territories/${b.territoryId}/calendar.ics`, expectRefusal: true },
  );
  await forEachConcurrently(
    callers.flatMap((caller) => apiCases.map((c) => ({ caller, c }))),
    4,
    async ({ caller, c }) => {
      const answer = await call(c.method, c.url, { token: caller.token, ...(c.body !== undefined ? { body: c.body } : {}) });
      check(caller.role, c.what, answer, { expectRefusal: c.expectRefusal, markers: b.markers });
    },
  );

  // 2. A read-only adviser changing their own territory: every change operation on A.
  const aBodies = validBodies({ territoryId: a.territoryId });
  for (const op of operations) {
    if (op.public || op.method === 'get' || !op.path.includes('{')) continue;
    if (op.path.startsWith('/api/users') || op.path.startsWith('/api/tokens')) continue;
    const ids: Record<string, string> = { id: op.path.startsWith('/api/territories') ? a.territoryId : a.processId, key: 'rencontre', phase: 'DIAGNOSTIC', registrationId: a.registrationId, contactId: a.contactId, email: encodeURIComponent(a.contactEmail) };
    const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? 'x');
    const body = op.body ? aBodies[`${op.method} ${op.path}`] : undefined;
    const answer = await call(op.method.toUpperCase(), url, { token: adviserA.token, ...(body !== undefined ? { body } : {}) });
    requests += 1;
    (matrix[`own territory: ${op.method.toUpperCase()} ${op.path}`] ??= {})['CAF_ADVISER (Caf A)'] = answer.status;
    statuses[String(answer.status)] = (statuses[String(answer.status)] ?? 0) + 1;
    if (answer.status >= 200 && answer.status < 300) {
      escalations += 1;
      details.push(`ESCALATION: read-only adviser ${op.method.toUpperCase()} ${op.path} on their own territory → ${answer.status}`);
    }
  }

  // 3. Pages, signed in, about B (forms posted from our own origin).
  const origin = ctx.services.base;
  const form = (fields: Record<string, string>) => ({ raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });
  const pageCases: { what: string; method: string; url: string; options?: HttpOptions; expectRefusal: boolean }[] = [
    { what: 'GET /territoires', method: 'GET', url: '/territoires', expectRefusal: false },
    { what: 'GET /tableau-de-bord', method: 'GET', url: '/tableau-de-bord', expectRefusal: false },
    { what: 'GET /', method: 'GET', url: '/', expectRefusal: false },
    { what: 'GET /territoires/{B}', method: 'GET', url: `/territoires/${b.territoryId}`, expectRefusal: true },
    { what: 'GET /processus/{B}', method: 'GET', url: `/processus/${b.processId}`, expectRefusal: true },
    { what: 'POST /processus/{B}/etapes/rencontre', method: 'POST', url: `/processus/${b.processId}/etapes/rencontre`, options: form({ location: 'Lieu changé par un intrus' }), expectRefusal: true },
    { what: 'POST /processus/{B}/etapes/rencontre/annulation', method: 'POST', url: `/processus/${b.processId}/etapes/rencontre/annulation`, options: form({ reason: 'Annulée par un intrus' }), expectRefusal: true },
    { what: 'POST /processus/{B}/etapes/analyse/fin', method: 'POST', url: `/processus/${b.processId}/etapes/analyse/fin`, options: form({}), expectRefusal: true },
    { what: 'POST /processus/{B}/pause', method: 'POST', url: `/processus/${b.processId}/pause`, options: form({}), expectRefusal: true },
    { what: 'POST /processus/{B}/info-flash', method: 'POST', url: `/processus/${b.processId}/info-flash`, options: form({}), expectRefusal: true },
    { what: 'POST /territoires/{B}/processus', method: 'POST', url: `/territoires/${b.territoryId}/processus`, options: form({ periodStart: '2040', periodEnd: '2044' }), expectRefusal: true },
  ];
  for (const caller of callers) {
    for (const c of pageCases) {
      const answer = await call(c.method, c.url, { token: null, ...c.options, headers: { ...c.options?.headers, cookie: `ctg_session=${caller.session}` } });
      // A page POST answers 303 whether it worked or not (the flash says which): the side effects on B are checked at the end.
      check(`${caller.role} (page)`, c.what, answer, { expectRefusal: c.expectRefusal, markers: b.markers });
    }
  }

  // 4. Links: A's partner, A's member of the public, nobody — about B.
  const linkCases: { who: string; what: string; method: string; url: string; options?: HttpOptions; expectRefusal: boolean }[] = [
    { who: 'partner of A', what: 'own page', method: 'GET', url: `/p/${a.partnerToken}`, expectRefusal: false },
    { who: 'partner of A', what: 'own calendar feed', method: 'GET', url: `/p/${a.partnerToken}/calendar.ics`, expectRefusal: false },
    { who: 'partner of A', what: 'B’s meeting as .ics', method: 'GET', url: `/p/${a.partnerToken}/rencontres/${b.stepIds.rencontre}.ics`, expectRefusal: true },
    { who: 'partner of A', what: 'B’s already announced meeting as .ics', method: 'GET', url: `/p/${a.partnerToken}/rencontres/${b.stepIds.invitee}.ics`, expectRefusal: true },
    { who: 'partner of A', what: 'register to B’s meeting', method: 'POST', url: `/p/${a.partnerToken}/inscriptions`, options: { raw: `action=inscrire&rencontre=${b.stepIds.rencontre}&rencontre=${b.stepIds.invitee}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, expectRefusal: false },
    { who: 'public of A', what: 'own registration page', method: 'GET', url: `/inscription/gerer/${a.registrationToken}`, expectRefusal: false },
    { who: 'nobody', what: 'B’s meeting (not public) registration form', method: 'GET', url: `/inscription/${b.stepIds.rencontre}`, expectRefusal: true },
    { who: 'nobody', what: 'register to B’s meeting (not public)', method: 'POST', url: `/inscription/${b.stepIds.rencontre}`, options: { raw: `nom=Intrus&courriel=intrus.public%40${MAIL_DOMAIN}&consentement=oui`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, expectRefusal: true },
    { who: 'nobody', what: 'B’s process through the API', method: 'GET', url: `/api/processes/${b.processId}`, expectRefusal: true },
    { who: 'nobody', what: 'B’s territory page', method: 'GET', url: `/territoires/${b.territoryId}`, expectRefusal: true },
    { who: 'nobody', what: 'B’s calendar feed', method: 'GET', url: `/api/territories/${b.territoryId}/calendar.ics`, expectRefusal: true },
    { who: 'partner of A', what: 'partner link as an API token', method: 'GET', url: `/api/processes/${b.processId}`, options: { token: a.partnerToken }, expectRefusal: true },
    { who: 'partner of A', what: 'partner link as a session cookie', method: 'GET', url: `/processus/${b.processId}`, options: { headers: { cookie: `ctg_session=${a.partnerToken}` } }, expectRefusal: true },
    { who: 'public of A', what: 'registration link as a partner link', method: 'GET', url: `/p/${a.registrationToken}`, expectRefusal: true },
  ];
  for (const c of linkCases) {
    const answer = await call(c.method, c.url, { token: null, ...c.options });
    check(c.who, c.what, answer, { expectRefusal: c.expectRefusal, markers: b.markers });
  }

  // 5. Afterwards: nothing changed in B.
  await sleep(2_000);
  const bAfter = await snapshot(ctx, b);
  const tampered = Object.keys(bBefore).filter((k) => JSON.stringify(bBefore[k]) !== JSON.stringify(bAfter[k]));
  for (const k of tampered) details.push(`TAMPERED: B’s ${k} changed: ${JSON.stringify(bBefore[k]).slice(0, 120)} → ${JSON.stringify(bAfter[k]).slice(0, 120)}`);
  const coordBStillWorks = await resolveToken(prisma, coordB.token, 'API');
  if (!coordBStillWorks) {
    tampered.push('coordB token');
    details.push('TAMPERED: B’s coordinator’s API token no longer works');
  }

  return {
    roles: [...callers.map((c) => c.role), 'partner link', 'registration link', 'anonymous'],
    requests,
    leaks,
    tampering: tampered.length,
    escalations,
    statuses,
    serverErrors,
    matrix,
    details: details.slice(0, 60),
    publicByDesign: [
      'GET /info-flash/{processId}: the Info flash page of any process, for whoever holds its id (it is the newsletter sent to every partner; it names the coordinator and the Caf adviser with their emails)',
      'GET /inscription/{stepId} of a public forum: its public registration form',
    ],
  };
}
