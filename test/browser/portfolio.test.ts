// A Caf adviser, in Chromium, reads their portfolio: exactly their Caf's territories in the table and
// the timeline, filters the conventions ending within a year without a renewal, exports that as CSV.
// Another Caf's adviser sees none of them.
import type { Browser, Page } from 'playwright-core';
import { createPortfolio } from '../support/portfolio';
import { startTestStack, type TestStack } from '../support/stack';
import { checkPage, DESKTOP, launchBrowser, shows, signInAs } from './browser';

const AVEYRON = ['Aubrac Carladez', 'Larzac et Vallées', 'Lévézou Pareloup', 'Réquistanais'];

describe('the adviser’s portfolio in a browser', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack({ smtp: false }), launchBrowser()]);
    await createPortfolio(stack.db.prisma);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function signedIn(cafName: string): Promise<Page> {
    const { user } = await stack.createUser('CAF_ADVISER', { cafName });
    const page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
    await signInAs(page, stack.baseUrl, stack.db.prisma, user.id, '/portefeuille');
    await page.waitForURL(/\/portefeuille$/);
    return page;
  }

  const names = (page: Page) => page.locator('tbody tr td:first-child > a:first-child').allTextContents();
  const timelineNames = (page: Page) => page.locator('svg.portfolio-timeline a text').allTextContents();

  it('shows an adviser their Caf’s territories, filters the renewals due, exports them; another Caf’s adviser sees none', async () => {
    const page = await signedIn('Caf de l’Aveyron');
    expect(await names(page)).toEqual(AVEYRON);
    expect((await timelineNames(page)).sort()).toEqual([...AVEYRON].sort());
    await shows(page.locator('main'), '4 territoire(s) sur 4');
    await checkPage(page, 'portefeuille', { phone: true });

    await page.getByLabel('Fin dans les … mois, renouvellement non lancé').fill('12');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await shows(page.locator('main'), '1 territoire(s) sur 4');
    expect(await names(page)).toEqual(['Larzac et Vallées']);
    await shows(page.locator('tbody'), 'à lancer');
    const csv = await page.request.get(new URL((await page.getByRole('link', { name: 'Exporter ce tableau (CSV)' }).getAttribute('href'))!, stack.baseUrl).toString());
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Larzac et Vallées;Caf de l’Aveyron;/);

    // Sorted by the end of the CTG, latest first: the column says so.
    await page.goto(`${stack.baseUrl}/portefeuille`);
    await page.getByRole('link', { name: /Fin de la CTG/ }).click();
    await page.getByRole('link', { name: /Fin de la CTG/ }).click();
    expect((await names(page))[0]).toBe('Lévézou Pareloup');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Fin de la CTG');

    const other = await signedIn('Caf du Lot');
    expect(await names(other)).toEqual(['Causse de Gramat']);
    expect(await timelineNames(other)).toEqual(['Causse de Gramat']);
    for (const name of AVEYRON) expect(await other.content()).not.toContain(name);
  }, 180_000);
});
