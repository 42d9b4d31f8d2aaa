// Links and accounts that can be taken back, on the real stack (Temporal, PostgreSQL, a real SMTP server):
// one personal link per partner, the same in every email; a coordinator revokes it (a forwarded email)
// and the next email carries a new one; a contact removed loses their link, their registration stays; an
// administrator disables an account: its sessions and API tokens stop at once, no sign-in link is sent.
import { launchProcess } from '../../api/usecases/processes';
import { planSchema } from '../../domain/plan';
import { issueToken } from '../../infra/auth/tokens';
import { createTerritoryWithPartners, waitFor } from '../support/factories';
import type { ReceivedMail } from '../../scripts/lib/smtp-sink';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;
const anne = 'rpe@larzac.example.org';

describe('links and accounts that can be taken back', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const mailsTo = (to: string, subject: RegExp) => stack.smtp!.received.filter((m) => m.envelope.to[0] === to && subject.test(m.parsed.subject ?? ''));
  const linkIn = (mail: ReceivedMail) => /\/p\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1];
  const partnerPage = async (token: string) => (await fetch(`${stack.baseUrl}/p/${token}`)).status;

  it('gives each partner one link, revocable, and removes a contact without losing their registration', async () => {
    const territory = await createTerritoryWithPartners(stack);
    const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const meeting = (key: string, title: string, days: number) => ({ key, behaviour: 'MEETING', phase: 'DIAGNOSTIC', title, audience: { roles: ['PARTENAIRE'] }, startsAt: inDays(days), invitationLeadDays: 60, reminderDays: [] });
    const plan = planSchema.parse({ periodStart: 2027, periodEnd: 2031, steps: [meeting('atelier-a', 'Atelier petite enfance', 20), meeting('atelier-b', 'Atelier jeunesse', 25)] });
    const { process } = await launchProcess(stack.apiDeps, territory.id, { plan });

    // Two invitations: the same personal link in both, one token row.
    const invitations = await waitFor('both invitations to Anne', async () => (mailsTo(anne, /^Invitation : /).length >= 2 ? mailsTo(anne, /^Invitation : /) : null));
    const [first, second] = invitations.map(linkIn);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    const contact = await stack.db.prisma.contact.findFirstOrThrow({ where: { territoryId: territory.id, email: anne } });
    expect(await stack.db.prisma.accessToken.count({ where: { contactId: contact.id, purpose: 'PARTNER' } })).toBe(1);
    expect(await partnerPage(first!)).toBe(200);

    // A forwarded email: the coordinator revokes the link; it stops at once; the next email carries a new one.
    const revoked = await stack.request('POST', `/api/territories/${territory.id}/contacts/${contact.id}/revoke-link`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ contactId: contact.id, revoked: 1 });
    expect(await partnerPage(first!)).toBe(404);
    const registered = await stack.request('POST', `/api/processes/${process.id}/steps/atelier-a/registrations`, { email: anne, fullName: 'Anne Carrière' });
    expect(registered.status).toBe(201);
    const confirmation = await waitFor('the registration notice', async () => mailsTo(anne, /^Inscription confirmée : /)[0]);
    const renewed = linkIn(confirmation);
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(first);
    expect(await partnerPage(renewed!)).toBe(200);

    // Another territory's coordinator cannot touch this contact, through their own territory either.
    const other = await stack.request('POST', '/api/territories', { name: 'Pays Ruthénois', cafName: 'Caf de l’Aveyron', coordinatorName: 'Paul Cance', coordinatorEmail: 'paul.cance@rodez.example.org' });
    const { token: otherCoordinator } = await stack.createUser('COORDINATOR', { territoryIds: [other.body.id], email: 'paul.cance@rodez.example.org' });
    expect((await stack.request('POST', `/api/territories/${territory.id}/contacts/${contact.id}/revoke-link`, undefined, { token: otherCoordinator })).status).toBe(404); // out of their scope: not found, as any territory they do not run
    expect((await stack.request('DELETE', `/api/territories/${other.body.id}/contacts/${contact.id}`, undefined, { token: otherCoordinator })).status).toBe(404);

    // Removed from the partners: the link stops, the registration stays (without the contact).
    expect((await stack.request('DELETE', `/api/territories/${territory.id}/contacts/${contact.id}`)).status).toBe(204);
    expect(await partnerPage(renewed!)).toBe(404);
    const registration = await stack.db.prisma.registration.findUniqueOrThrow({ where: { id: registered.body.id } });
    expect(registration).toMatchObject({ status: 'CONFIRMED', contactId: null, email: anne });
    expect((await stack.request('GET', `/api/territories/${territory.id}/contacts`)).body.items.map((c: { email: string }) => c.email)).not.toContain(anne);
  });

  it('disables an account: its sessions and API tokens stop, no sign-in link is sent, and an admin cannot disable themself', async () => {
    const { user, token } = await stack.createUser('COORDINATOR', { email: 'depart@ctg.example.org' });
    const session = await issueToken(stack.db.prisma, 'SESSION', { userId: user.id });
    expect((await stack.request('GET', '/api/me', undefined, { token })).status).toBe(200);

    const disabled = await stack.request('PATCH', `/api/users/${user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await stack.request('GET', '/api/me', undefined, { token })).status).toBe(401);
    const page = await fetch(`${stack.baseUrl}/territoires`, { headers: { cookie: `ctg_session=${session.token}` }, redirect: 'manual' });
    expect(page.status).toBe(303);

    // Asking for a sign-in link: the same answer as for anyone, and nothing sent.
    const ask = await fetch(`${stack.baseUrl}/connexion`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=depart%40ctg.example.org', redirect: 'manual' });
    expect(ask.status).toBe(303);
    expect(await stack.db.prisma.accessToken.count({ where: { userId: user.id, purpose: 'LOGIN' } })).toBe(0);

    // Enabled again: the old tokens stay revoked, a new sign-in is needed.
    expect((await stack.request('PATCH', `/api/users/${user.id}`, { disabled: false })).body.disabledAt).toBeNull();
    expect((await stack.request('GET', '/api/me', undefined, { token })).status).toBe(401);

    // Signed out everywhere without being disabled: sessions end, API tokens (revoked above) aside.
    const { user: other, token: otherToken } = await stack.createUser('COORDINATOR', { email: 'telephone-perdu@ctg.example.org' });
    const otherSession = await issueToken(stack.db.prisma, 'SESSION', { userId: other.id });
    expect((await stack.request('POST', `/api/users/${other.id}/revoke-sessions`)).body).toEqual({ userId: other.id, revoked: 1 });
    expect((await fetch(`${stack.baseUrl}/territoires`, { headers: { cookie: `ctg_session=${otherSession.token}` }, redirect: 'manual' })).status).toBe(303);
    expect((await stack.request('GET', '/api/me', undefined, { token: otherToken })).status).toBe(200);
    expect((await stack.request('POST', `/api/users/${other.id}/revoke-sessions`, undefined, { token: otherToken })).status).toBe(403);

    const me = await stack.request('GET', '/api/me');
    const self = await stack.request('PATCH', `/api/users/${me.body.id}`, { disabled: true });
    expect(self.status).toBe(409);
    expect((await stack.request('PATCH', `/api/users/${user.id}`, { disabled: 'oui' })).body.errors).toEqual([{ field: 'disabled', reason: 'attendu true ou false' }]);
  });
});
