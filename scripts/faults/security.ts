// The security review's findings, replayed as attacks against the running services: each attack is made
// several times and counted (attempts, refusals, leaks: an attempt that got what it wanted). All leaks
// must be 0. Then a retention and erasure check: a person erased in one territory is gone from it and
// still known to the other.
import { issueToken } from '../../infra/auth/tokens';
import { createUser } from '../lib/real-stack';
import { waitUntil } from '../lib/concurrency';
import { createTerritory, launch, MAIL_DOMAIN, meetingStep, DAY, type FaultContext } from './context';

export interface AttackResult {
  attack: string;
  attempts: number;
  refusals: number;
  leaks: number;
}

export interface SecurityResult {
  attacks: AttackResult[];
  attempts: number;
  refusals: number;
  leaks: number;
  erasure: { erasedHere: boolean; keptElsewhere: boolean };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export async function securityScenario(ctx: FaultContext): Promise<SecurityResult> {
  const { prisma } = ctx.db;
  const base = ctx.services.base;
  const attacks: AttackResult[] = [];
  const attack = async (name: string, times: number, attempt: (i: number) => Promise<'refused' | 'leaked'>) => {
    const result: AttackResult = { attack: name, attempts: 0, refusals: 0, leaks: 0 };
    for (let i = 0; i < times; i += 1) {
      result.attempts += 1;
      if ((await attempt(i)) === 'refused') result.refusals += 1;
      else result.leaks += 1;
    }
    attacks.push(result);
    ctx.log(`security: ${name}: ${result.attempts} attempts, ${result.refusals} refused, ${result.leaks} leaks`);
  };
  const raw = (method: string, path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { method, redirect: 'manual', ...init });

  const territory = await createTerritory(ctx, 'securite', { partners: 3 });
  const other = await createTerritory(ctx, 'securite-voisin', { partners: 3 });
  const processId = await launch(ctx, territory.id, [meetingStep('forum', 'Forum ouvert', Date.now() + 40 * DAY, { audience: { roles: ['PARTENAIRE'], public: true } as never, behaviour: 'PUBLIC_MEETING' } as never)]);
  const forum = await prisma.step.findFirstOrThrow({ where: { processId, key: 'forum' } });

  // 1. The captured mailbox and the demo: never without an administrator.
  await attack('read captured mail without an administrator session', 4, async (i) => {
    const answer = await raw('GET', ['/courriels', '/courriels/x', '/courriels/x/source.eml', '/courriels/x/pieces-jointes/0'][i]!);
    return answer.status === 200 ? 'leaked' : 'refused';
  });
  await attack('run the demo without an administrator session', 3, async () => {
    const answer = await raw('POST', '/demo', { headers: { origin: base } });
    return answer.status === 303 && (answer.headers.get('location') ?? '').startsWith('/?territoire') ? 'leaked' : 'refused';
  });

  // 2. Links and accounts taken back.
  const partner = await prisma.contact.findFirstOrThrow({ where: { territoryId: territory.id } });
  const { token: partnerToken } = await issueToken(prisma, 'PARTNER', { contactId: partner.id });
  await ctx.call('POST', `/api/territories/${territory.id}/contacts/${partner.id}/revoke-link`);
  await attack('use a partner link after it was revoked', 3, async () => ((await raw('GET', `/p/${partnerToken}`)).status === 200 ? 'leaked' : 'refused'));
  const leaver = await createUser(prisma, 'COORDINATOR', { email: `depart.${Date.now()}@${MAIL_DOMAIN}`, territoryIds: [territory.id] });
  await ctx.call('PATCH', `/api/users/${leaver.user.id}`, { body: { disabled: true } });
  await attack('use a disabled account’s API token', 3, async () => ((await ctx.call('GET', '/api/me', { token: leaver.token })).status === 200 ? 'leaked' : 'refused'));

  // 3. The public form: no cross-site posts, no flooding a stranger, no escaping the limits with a forged header.
  const forumPath = `/inscription/${forum.id}`;
  await attack('post the public form from another site', 4, async (i) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(i % 2 ? { 'sec-fetch-site': 'cross-site' } : { origin: 'https://ailleurs.example.org' }) };
    const answer = await raw('POST', forumPath, { headers, body: form({ nom: 'Cible', courriel: `cible${i}@${MAIL_DOMAIN}`, consentement: 'oui' }) });
    return answer.status === 403 ? 'refused' : 'leaked';
  });
  const victim = `victime.${Date.now()}@${MAIL_DOMAIN}`;
  const before = ctx.sink.arrivals.length;
  await attack('mail a stranger again and again through the public form (3 an hour allowed)', 6, async (i) => {
    const answer = await raw('POST', forumPath, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: form({ nom: 'Quelqu’un', courriel: victim, consentement: 'oui' }),
    });
    return i < 3 ? (answer.status === 303 ? 'refused' : 'leaked') : answer.status === 429 ? 'refused' : 'leaked';
  });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const strangerMails = ctx.sink.arrivals.slice(before).filter((a) => a.to === victim).length;
  attacks.push({ attack: 'confirmation emails a stranger received (at most 3)', attempts: 6, refusals: 6 - strangerMails, leaks: Math.max(0, strangerMails - 3) });
  const seatsTaken = await prisma.registration.count({ where: { stepId: forum.id, status: 'CONFIRMED' } });
  attacks.push({ attack: 'seats taken by unconfirmed form posts', attempts: 6, refusals: 6 - seatsTaken, leaks: seatsTaken });
  await attack('escape the sign-in limit with forged X-Forwarded-For (5 a minute allowed)', 10, async (i) => {
    const answer = await raw('POST', '/connexion', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'x-forwarded-for': `203.0.113.${i + 1}` }, body: form({ email: `personne@${MAIL_DOMAIN}` }) });
    return i < 5 || answer.status === 429 ? 'refused' : 'leaked';
  });

  // 4. A mail scanner opening a sign-in link does not spend it.
  const admin = await prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
  await attack('spend a sign-in link by opening it (HEAD, GET) as a mail scanner does', 3, async () => {
    const { token } = await issueToken(prisma, 'LOGIN', { userId: admin.id });
    await raw('HEAD', `/connexion/${token}`);
    await raw('GET', `/connexion/${token}`);
    const signIn = await raw('POST', `/connexion/${token}`, { headers: { origin: base } });
    return signIn.status === 303 ? 'refused' : 'leaked';
  });

  // 5. Headers, and public pages without personal data.
  await attack('load a page without a Content-Security-Policy forbidding scripts', 3, async (i) => {
    const answer = await raw('GET', ['/connexion', forumPath, `/info-flash/${processId}`][i]!);
    return /script-src 'none'/.test(answer.headers.get('content-security-policy') ?? '') ? 'refused' : 'leaked';
  });
  await attack('read the coordinator’s address on the public Info flash page', 1, async () => {
    const text = await (await raw('GET', `/info-flash/${processId}`)).text();
    return /mailto:|coordination\.securite@/.test(text) ? 'leaked' : 'refused';
  });

  // 6. Erasure: gone from one territory, kept in the other.
  const shared = `partage.${Date.now()}@${MAIL_DOMAIN}`;
  for (const t of [territory, other]) await ctx.call('POST', `/api/territories/${t.id}/contacts`, { body: { email: shared, fullName: 'Personne Partagée', roles: ['PARTENAIRE'] } });
  await ctx.call('POST', `/api/processes/${processId}/steps/forum/registrations`, { body: { email: shared, fullName: 'Personne Partagée' } });
  await waitUntil(async () => (await prisma.message.count({ where: { recipient: shared } })) > 0, 60_000).catch(() => undefined);
  await ctx.call('DELETE', `/api/territories/${territory.id}/people/${encodeURIComponent(shared)}`);
  const here = (await ctx.call('GET', `/api/territories/${territory.id}/people/${encodeURIComponent(shared)}`)).body;
  const there = (await ctx.call('GET', `/api/territories/${other.id}/people/${encodeURIComponent(shared)}`)).body;
  const erasure = {
    erasedHere: here.contacts.length + here.registrations.length + here.messages.length === 0,
    keptElsewhere: there.contacts.length === 1,
  };
  attacks.push({ attack: 'find an erased person in their territory', attempts: 1, refusals: erasure.erasedHere ? 1 : 0, leaks: erasure.erasedHere ? 0 : 1 });

  const sum = (key: 'attempts' | 'refusals' | 'leaks') => attacks.reduce((total, a) => total + a[key], 0);
  return { attacks, attempts: sum('attempts'), refusals: sum('refusals'), leaks: sum('leaks'), erasure };
}
