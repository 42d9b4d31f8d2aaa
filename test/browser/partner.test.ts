// A partner, in Chromium, without an account: follows the link of a received invitation and registers to
// two working-group sessions at once; one is full, so that one puts them on the waiting list. The
// coordinator's process page then shows the seats taken.
import type { Browser, Page } from 'playwright-core';
import { fromLocalInput, toLocalInput } from '../../domain/local-time-input';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { larzacContacts, larzacTerritory, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';
import { checkPage, DESKTOP, launchBrowser, linkIn, shows, signInAs } from './browser';

const DAY = 86_400_000;
/** 9h30 in Rodez, `days` days from now. */
const inDays = (days: number) => fromLocalInput(`${toLocalInput(new Date(Date.now() + days * DAY), 'Europe/Paris').slice(0, 10)}T09:30`, 'Europe/Paris')!.toISOString();
const ANNE = 'rpe@larzac.example.org';

// Two sessions inside their invitation window (21 days), so the invitations leave at once.
const session = (n: 1 | 2, extra: object) => ({
  key: `gt-petite-enfance-${n}`,
  kind: 'GROUPE_DE_TRAVAIL',
  phase: 'PLAN_ACTIONS',
  title: `Groupe de travail Petite enfance (${n === 1 ? '1re' : '2e'} séance)`,
  audience: { roles: ['PARTENAIRE'], domains: ['petite-enfance', 'enfance-jeunesse'] },
  session: n,
  location: 'Salle des fêtes de Nant',
  ...extra,
});

describe('partner registration in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let processId = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    const territory = await stack.request('POST', '/api/territories', larzacTerritory);
    expect((await stack.request('POST', `/api/territories/${territory.body.id}/contacts`, larzacContacts)).status).toBe(200);
    const launched = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, {
      periodStart: 2027,
      periodEnd: 2031,
      steps: [session(1, { startsAt: inDays(10), capacity: 12 }), session(2, { startsAt: inDays(17), capacity: 1 })],
    });
    expect(launched.status).toBe(201);
    processId = launched.body.id;
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('registers from the invitation’s link to two sessions, one of them full', async () => {
    const { prisma } = stack.db;
    const invitations = await waitFor(
      'two invitations to Anne',
      async () => {
        const mine = stack.smtp!.received.filter((m) => m.envelope.to[0] === ANNE && /^Invitation/.test(m.parsed.subject ?? ''));
        return mine.length >= 2 ? mine : null;
      },
      60_000,
    );
    // Bruno, also invited, takes the second session's only seat first.
    const bruno = await prisma.contact.findFirstOrThrow({ where: { email: 'alsh@larzac.example.org' } });
    const second = await prisma.step.findUniqueOrThrow({ where: { processId_key: { processId, key: 'gt-petite-enfance-2' } } });
    await waitFor('Bruno invited', async () => (await prisma.message.count({ where: { contactId: bruno.id, stepId: second.id, kind: 'INVITATION' } })) > 0 || null);
    const brunoLink = await issuePartnerToken(prisma, bruno.id, stack.config.LINK_SECRET);
    const taken = await fetch(`${stack.baseUrl}/p/${brunoLink}/inscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['action', 'inscrire'], ['rencontre', second.id]]).toString(),
      redirect: 'manual',
    });
    expect(taken.status).toBe(303);

    const link = linkIn(invitations[0]!.parsed.text ?? '', '/p/');
    await page.goto(link);
    await shows(page.getByRole('heading', { level: 1 }), 'Vos rencontres');
    await shows(page.locator('main'), 'Complet : inscription possible en liste d’attente');
    await checkPage(page, 'partenaire', { phone: true });

    const form = page.locator('form', { has: page.getByRole('button', { name: 'M’inscrire aux rencontres cochées' }) });
    await form.getByLabel(/1re séance/).check();
    await form.getByLabel(/2e séance/).check();
    await form.getByRole('button', { name: 'M’inscrire aux rencontres cochées' }).click();
    await shows(page.locator('#resultat'), 'C’est enregistré');
    await shows(page.locator('#resultat'), '(1re séance)');
    await shows(page.locator('#resultat li').nth(0), 'est confirmée');
    await shows(page.locator('#resultat li').nth(1), 'liste d’attente (1re position)');
    await checkPage(page, 'partenaire-inscrit', { phone: true });

    const anne = await prisma.contact.findFirstOrThrow({ where: { email: ANNE } });
    const registrations = await prisma.registration.findMany({ where: { contactId: anne.id }, include: { step: true }, orderBy: { step: { key: 'asc' } } });
    expect(registrations.map((r) => [r.step.key, r.status])).toEqual([
      ['gt-petite-enfance-1', 'CONFIRMED'],
      ['gt-petite-enfance-2', 'WAITLISTED'],
    ]);

    // The coordinator's page counts the seats against capacity.
    const admin = await prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
    await signInAs(page, stack.baseUrl, prisma, admin.id, `/processus/${processId}`);
    await shows(page.locator('#etape-gt-petite-enfance-1'), '1 inscrit(s) sur 12 places');
    await shows(page.locator('#etape-gt-petite-enfance-2'), '1 inscrit(s) sur 1 places, 1 en liste d’attente');
    await checkPage(page, 'processus-inscriptions');
  }, 300_000);
});
