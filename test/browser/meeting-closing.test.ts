// After a meeting, in Chromium, on the real stack: the coordinator follows the « compte rendu à déposer »
// email's link, ticks who came (present, excused, absent), adds someone who came unannounced, uploads the
// minutes and closes the meeting. The SMTP server receives the right follow-ups: thanks with the
// documents to those present, the documents to the excused, nothing to the absent. A partner opens the
// minutes from their own link, without a session; another territory's partner cannot.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchProcess } from '../../api/usecases/processes';
import { planSchema } from '../../domain/plan';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { dayOf, fastTimeline, larzacContacts, larzacTerritory, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';
import { ARTIFACTS, checkPage, DESKTOP, launchBrowser, linkIn, shows, signInAs } from './browser';

const COORDINATOR = larzacTerritory.coordinatorEmail;
const [anne, bruno, chantal] = ['rpe@larzac.example.org', 'alsh@larzac.example.org', 'centre-social@larzac.example.org'];
const WALK_IN = 'denise.roques@epicerie-nant.example.org';
const MINUTES = Buffer.from('%PDF-1.7\n% Compte rendu de la rencontre thématique\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('closing a meeting in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let processId = '';
  let otherTerritoryContact = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    const territory = await stack.request('POST', '/api/territories', larzacTerritory);
    expect((await stack.request('POST', `/api/territories/${territory.body.id}/contacts`, larzacContacts)).status).toBe(200);
    // Another territory of the same Caf, with its own partner.
    const other = await stack.request('POST', '/api/territories', { ...larzacTerritory, name: 'Communauté de communes Lévézou Pareloup', coordinatorEmail: 'coordination@levezou.example.org' });
    await stack.request('POST', `/api/territories/${other.body.id}/contacts`, [{ email: 'zoe@levezou.example.org', fullName: 'Zoé Marty', roles: ['PARTENAIRE'] }]);
    otherTerritoryContact = (await stack.db.prisma.contact.findFirstOrThrow({ where: { email: 'zoe@levezou.example.org' } })).id;
    // A meeting a few (compressed) days ahead: invited at once, held soon after.
    const timeline = fastTimeline(1_000, 2031, 2032);
    const plan = planSchema.parse({
      periodStart: 2031,
      periodEnd: 2032,
      steps: [{ key: 'rencontre-droits', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre thématique Accès aux droits', audience: { roles: ['PARTENAIRE'] }, startsAt: dayOf(timeline, 6), location: 'Salle des fêtes de Nant', reminderDays: [] }],
    });
    processId = (await launchProcess(stack.apiDeps, territory.body.id, { plan }, { timeline })).process.id;
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('records who came, files the minutes, and sends each person what their attendance calls for', async () => {
    const { prisma } = stack.db;
    // Anne registered before; the meeting is held, and its coordinator asked for the minutes.
    const step = await prisma.step.findUniqueOrThrow({ where: { processId_key: { processId, key: 'rencontre-droits' } } });
    const anneId = (await prisma.contact.findFirstOrThrow({ where: { email: anne, territory: { name: larzacTerritory.name } } })).id;
    await waitFor('the invitations', async () => (await prisma.message.count({ where: { stepId: step.id, kind: 'INVITATION' } })) >= 3 || null);
    const anneToken = await issuePartnerToken(prisma, anneId, stack.config.LINK_SECRET);
    const registered = await fetch(`${stack.baseUrl}/p/${anneToken}/inscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['action', 'inscrire'], ['rencontre', step.id]]).toString(),
      redirect: 'manual',
    });
    expect(registered.status).toBe(303);
    const request = await waitFor('the minutes request', async () => stack.smtp!.received.find((m) => m.envelope.to[0] === COORDINATOR && /^Compte rendu à déposer/.test(m.parsed.subject ?? '')), 60_000);
    const closingLink = linkIn(request.parsed.text ?? '', '/processus/');
    expect(closingLink).toContain('/etapes/rencontre-droits/cloture');

    // The coordinator signs in from the link and lands on the closing page, pre-filled.
    const territoryId = (await prisma.process.findUniqueOrThrow({ where: { id: processId } })).territoryId;
    const coordinator = await stack.createUser('COORDINATOR', { email: COORDINATOR, territoryIds: [territoryId] });
    await signInAs(page, stack.baseUrl, prisma, coordinator.user.id, new URL(closingLink).pathname);
    await shows(page.getByRole('heading', { level: 1 }), 'Rencontre thématique Accès aux droits');
    expect(await page.getByLabel('présent(e) : Anne Carrière').isChecked()).toBe(true);
    await checkPage(page, 'cloture-rencontre', { phone: true });

    // Bruno had excused himself; Chantal did not come; Denise came unannounced. A disguised file first.
    await page.getByLabel('excusé(e) : Bruno Alibert').check();
    await page.getByLabel('absent(e) : Chantal Fabre').check();
    await page.locator('#venu-nom-0').fill('Denise Roques');
    await page.locator('#venu-courriel-0').fill(WALK_IN);
    await page.locator('#venu-structure-0').fill('Épicerie sociale de Nant');
    const disguised = path.join(ARTIFACTS, 'compte-rendu-deguise.pdf');
    writeFileSync(disguised, 'MZ\x90\x00 not a PDF');
    await page.getByLabel('Ajouter le compte rendu, les supports ou des photos').setInputFiles(disguised);
    await page.getByRole('button', { name: 'Enregistrer et clore la rencontre' }).click();
    await shows(page.getByRole('alert'), '« compte-rendu-deguise.pdf » n’est pas un document accepté');
    expect(await prisma.attendance.count({ where: { stepId: step.id } })).toBe(0);
    await checkPage(page, 'cloture-refus');

    // What was ticked and typed comes back as it was; only the file is chosen again.
    expect(await page.getByLabel('excusé(e) : Bruno Alibert').isChecked()).toBe(true);
    expect(await page.getByLabel('absent(e) : Chantal Fabre').isChecked()).toBe(true);
    expect(await page.locator('#venu-courriel-0').inputValue()).toBe(WALK_IN);
    await page.getByLabel('Ajouter le compte rendu, les supports ou des photos').setInputFiles({ name: 'Compte rendu Accès aux droits.pdf', mimeType: 'application/pdf', buffer: MINUTES });
    await page.getByRole('button', { name: 'Enregistrer et clore la rencontre' }).click();
    await shows(page.getByRole('status'), 'rencontre close : les remerciements partent aux présents');
    await shows(page.locator('main'), '2 présent(s), 1 excusé(s), 1 absent(s)');
    await shows(page.locator('main'), 'les remerciements sont partis');
    expect(await page.getByRole('button', { name: 'Enregistrer et clore la rencontre' }).count()).toBe(0);
    await checkPage(page, 'cloture-faite');

    // The follow-ups: thanks with the document to Anne and Denise, the document to Bruno, nothing to Chantal.
    const followUps = await waitFor('three follow-ups', async () => {
      const mails = stack.smtp!.received.filter((m) => /Rencontre thématique Accès aux droits$/.test(m.parsed.subject ?? '') && /^(Merci de votre participation|Suite à la rencontre)/.test(m.parsed.subject ?? ''));
      return mails.length >= 3 ? mails : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const byRecipient = new Map(followUps.map((m) => [m.envelope.to[0], m.parsed.subject]));
    expect(byRecipient.get(anne)).toMatch(/^Merci de votre participation/);
    expect(byRecipient.get(WALK_IN)).toMatch(/^Merci de votre participation/);
    expect(byRecipient.get(bruno)).toMatch(/^Suite à la rencontre/);
    expect(byRecipient.has(chantal)).toBe(false);
    expect(followUps).toHaveLength(3);

    // Anne opens the minutes from her email, in a browser without a session: the PDF itself.
    const anneMail = followUps.find((m) => m.envelope.to[0] === anne)!;
    const documentUrl = /(https?:\/\/[^\s()]+\/p\/[A-Za-z0-9_-]{43}\/documents\/[0-9a-f-]{36})/.exec(anneMail.parsed.text ?? '')![1]!;
    const guest = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    const opened = await guest.request.get(documentUrl);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await opened.body()).equals(MINUTES)).toBe(true);
    // Her page lists it.
    await guest.goto(documentUrl.replace(/\/documents\/.*$/, ''));
    await shows(guest.locator('#documents').locator('..'), 'Compte rendu Accès aux droits.pdf');
    // Another territory's partner, with a valid link of their own, cannot.
    const zoeToken = await issuePartnerToken(prisma, otherTerritoryContact, stack.config.LINK_SECRET);
    const refused = await guest.request.get(documentUrl.replace(/\/p\/[A-Za-z0-9_-]{43}\//, `/p/${zoeToken}/`));
    expect(refused.status()).toBe(404);
    await guest.close();

    // The process page counts who came; the export lists them.
    await page.goto(`${stack.baseUrl}/processus/${processId}`);
    await shows(page.locator('#etape-rencontre-droits'), '2 présent(s), 1 excusé(s), 1 absent(s), 1 document(s)');
    await shows(page.locator('#participation').locator('..'), 'Épicerie sociale de Nant');
    await checkPage(page, 'processus-participation');
    // The dashboard counts them too.
    await page.goto(`${stack.baseUrl}/tableau-de-bord`);
    await shows(page.locator('main'), '2 présence(s), 1 excusée(s) sur 1 rencontre(s) close(s)');
  }, 300_000);
});
