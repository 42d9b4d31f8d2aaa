// A coordinator, in Chromium, writes the territory's newsletter: drafts an issue from the process page,
// gives it the territory's own name, an édito, a key figure and a consultancy among the contacts, reads
// the preview, sends it. A partner then follows the links of the email they received, without a session:
// their page (where they register) and their calendar work.
import type { Browser, Page } from 'playwright-core';
import { larzacContacts, larzacTerritory, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';
import { checkPage, DESKTOP, launchBrowser, shows, signInAs } from './browser';

const DAY = 86_400_000;
const ANNE = 'rpe@larzac.example.org';

describe('the newsletter in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let processId = '';
  let territoryId = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    const territory = await stack.request('POST', '/api/territories', larzacTerritory);
    territoryId = territory.body.id;
    await stack.request('POST', `/api/territories/${territoryId}/contacts`, larzacContacts);
    const launched = await stack.request('POST', `/api/territories/${territoryId}/processes`, {
      periodStart: 2027,
      periodEnd: 2031,
      steps: [{ key: 'table-ronde', behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: 'Table ronde Familles et mobilité', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(Date.now() + 12 * DAY).toISOString(), location: 'Salle des fêtes de Nant', invitationLeadDays: 21 }],
    });
    processId = launched.body.id;
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('edits, previews and sends an issue whose links work without a session', async () => {
    const { prisma } = stack.db;
    const coordinator = await stack.createUser('COORDINATOR', { email: larzacTerritory.coordinatorEmail, territoryIds: [territoryId] });
    await signInAs(page, stack.baseUrl, prisma, coordinator.user.id, `/processus/${processId}`);
    await page.getByRole('link', { name: 'Lettre d’information : préparer, relire, envoyer' }).click();
    await page.getByRole('button', { name: 'Préparer un nouveau numéro' }).click();
    await shows(page.getByRole('status'), 'brouillon prêt');

    await page.getByLabel('Nom de la lettre').fill('Journal de la CTG');
    await page.getByLabel('Édito').fill('Chers partenaires,\n\nLe diagnostic avance grâce à vous.');
    await page.locator('#rubrique-0-titre').fill('Zoom sur l’enquête familles');
    await page.locator('#rubrique-0-chiffre').fill('312');
    await page.locator('#rubrique-0-legende').fill('réponses à l’enquête');
    await page.locator('#rubrique-0-texte').fill('Les familles demandent d’abord des modes de garde souples.');
    const consultancy = await page.locator('fieldset.contact').count();
    await page.locator(`#contact-${consultancy - 1}-nom`).fill('Julien Cabrol');
    await page.locator(`#contact-${consultancy - 1}-fonction`).fill('Consultant');
    await page.locator(`#contact-${consultancy - 1}-structure`).fill('Cabinet Territoires et Familles');
    await page.locator(`#contact-${consultancy - 1}-courriel`).fill('j.cabrol@cabinet-tf.example.org');
    await page.locator(`#contact-${consultancy - 1}-telephone`).fill('05 65 12 34 56');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await shows(page.getByRole('status'), 'Journal de la CTG n°1 enregistré');
    await checkPage(page, 'lettre-edition');

    // The preview, as email: the coordinator's words, the process's meetings.
    await page.getByRole('link', { name: 'comme courriel' }).click();
    await shows(page.locator('body'), 'Zoom sur l’enquête familles');
    await shows(page.locator('body'), 'Table ronde Familles et mobilité');
    await page.goBack();

    await page.getByRole('button', { name: 'Enregistrer et envoyer maintenant' }).click();
    await shows(page.getByRole('status'), 'en cours d’envoi');
    const mail = await waitFor('Anne’s issue', async () => stack.smtp!.received.find((m) => m.envelope.to[0] === ANNE && /^Journal de la CTG n°1/.test(m.parsed.subject ?? '')));
    expect(mail.parsed.text).toContain('Julien Cabrol : Consultant, Cabinet Territoires et Familles');

    // Anne, in a browser of her own without a session, follows her links.
    const anne = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
    const own = /votre page personnelle \((https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43})\)/.exec(mail.parsed.text ?? '')![1]!;
    await anne.goto(own);
    await shows(anne.getByRole('heading', { level: 1 }), 'Vos rencontres');
    await shows(anne.locator('main'), 'Table ronde Familles et mobilité');
    const feed = /abonnez-vous au calendrier de la CTG \((https?:\/\/\S+\/calendar\.ics)\)/.exec(mail.parsed.text ?? '')![1]!;
    const calendar = await anne.request.get(feed);
    expect(calendar.status()).toBe(200);
    expect(calendar.headers()['content-type']).toContain('text/calendar');
    await anne.close();

    // Sent: frozen, in the public archive.
    await page.reload();
    await shows(page.locator('main'), 'ne change plus');
    await page.getByRole('link', { name: 'Page publique de ce numéro' }).click();
    await shows(page.locator('main'), 'Le diagnostic avance grâce à vous.');
    await checkPage(page, 'lettre-archive', { phone: true });
  }, 240_000);
});
