// A Caf adviser, in Chromium: the dashboard shows each territory of their Caf at its real phase (one
// moved to phase 2 by closing its diagnostic in the workflow), with next meeting, registrations, late
// steps and timeline — and nothing of another Caf's territory, on the page, in the JSON or by URL.
import type { Browser, Page } from 'playwright-core';
import { planSchema, type PlanStep } from '../../domain/plan';
import { territoryInputSchema } from '../../domain/territory-input';
import { standardPlan } from '../../domain/standard-plan';
import { fromLocalInput, toLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { closePhase } from '../../api/usecases/process-changes';
import { launchProcess } from '../../api/usecases/processes';
import { createTerritory, upsertContacts } from '../../api/usecases/territories';
import { larzacContacts, larzacTerritory, waitFor, waitForStatus } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';
import { checkPage, countIs, DESKTOP, launchBrowser, shows, signInAs } from './browser';

const DAY = 86_400_000;
const AVEYRON = 'Caf de l’Aveyron';

describe('Caf adviser dashboard in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const ids = { larzac: '', levezou: '', figeac: '', larzacProcess: '', levezouProcess: '' };

  /** A territory launched on the standard plan (real calendar), with `tweak` applied to its steps. */
  async function launchTerritory(input: Record<string, string>, tweak: (step: PlanStep) => Partial<PlanStep> = () => ({})) {
    const deps = stack.apiDeps;
    const territory = await createTerritory(deps, territoryInputSchema.parse(input));
    await upsertContacts(deps, territory.id, larzacContacts.map((c) => ({ organisation: undefined, domains: [], groups: [], ...c, roles: c.roles as ('ELU' | 'PARTENAIRE' | 'COPIL' | 'COTECH')[] })));
    const answers = { periodStart: 2027, periodEnd: 2031, themes: [{ key: 'petite-enfance', title: 'Petite enfance' }], interviews: 1, thematicMeetings: 1, forums: 0, survey: false };
    const plan = planSchema.parse(standardPlan(answers));
    const { process } = await launchProcess(deps, territory.id, { plan: { ...plan, steps: plan.steps.map((s) => ({ ...s, ...tweak(s) })) } });
    return { territory, process };
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    stack.apiDeps.config.TEMPORAL_UI_URL = 'http://temporal.example:8233';
    const inAMonth = toOffsetIso(fromLocalInput(`${toLocalInput(new Date(Date.now() + 30 * DAY), 'Europe/Paris').slice(0, 10)}T14:00`, 'Europe/Paris')!, 'Europe/Paris');

    // Larzac: every diagnostic step still undated, so closing the phase moves it to phase 2.
    const larzac = await launchTerritory(larzacTerritory);
    await waitForStatus(stack, larzac.process.workflowId, () => true, 'the Larzac workflow answering');
    await closePhase(stack.apiDeps, larzac.process.id, 'DIAGNOSTIC');
    // Lévezou: a dated launch meeting with 40 seats, two registrations, and a late task.
    const levezou = await launchTerritory(
      { ...larzacTerritory, name: 'Communautés de Communes Lévezou Pareloup et Pays de Salars', coordinatorEmail: 'laura.pradeilles@levezou-pareloup.example.org' },
      (s) => (s.key === 'lancement-partenaires' ? { startsAt: inAMonth, capacity: 40, location: 'Salle des fêtes de Salles-Curan' } : {}),
    );
    // Another Caf's territory, which the adviser must never see.
    const figeac = await launchTerritory({ ...larzacTerritory, name: 'Grand-Figeac', cafName: 'Caf du Lot', coordinatorEmail: 'ctg@grand-figeac.example.org' });
    Object.assign(ids, { larzac: larzac.territory.id, levezou: levezou.territory.id, figeac: figeac.territory.id, larzacProcess: larzac.process.id, levezouProcess: levezou.process.id });

    const { prisma } = stack.db;
    const launch = await prisma.step.findUniqueOrThrow({ where: { processId_key: { processId: levezou.process.id, key: 'lancement-partenaires' } } });
    for (const [email, fullName] of [['rpe@larzac.example.org', 'Anne Carrière'], ['alsh@larzac.example.org', 'Bruno Alibert']]) {
      await prisma.registration.create({ data: { stepId: launch.id, email: email!, fullName: fullName!, status: 'CONFIRMED', confirmedAt: new Date() } });
    }
    await prisma.step.update({ where: { processId_key: { processId: levezou.process.id, key: 'analyse-documentaire' } }, data: { late: true } });
    await waitFor('Larzac in phase 2', async () => (await prisma.process.findUniqueOrThrow({ where: { id: larzac.process.id } })).currentPhase === 'PLAN_ACTIONS', 60_000);

    const { user } = await stack.createUser('CAF_ADVISER', { cafName: 'CAF DE L’AVEYRON', email: 'helene.ricard@caf12.example.org' });
    await prisma.user.update({ where: { id: user.id }, data: { fullName: 'Hélène Ricard' } });
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
    await signInAs(page, stack.baseUrl, prisma, user.id);
    await page.waitForURL(`${stack.baseUrl}/tableau-de-bord`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the phases of the Caf’s territories, and nothing of another Caf’s', async () => {
    const base = stack.baseUrl;
    expect(new URL(page.url()).pathname).toBe('/tableau-de-bord');
    const cards = page.locator('section.territory');
    await countIs(cards, 2);
    expect(await cards.locator('h2').allTextContents()).toEqual(['Communauté de Communes Larzac et Vallées', 'Communautés de Communes Lévezou Pareloup et Pays de Salars']);
    await shows(page.locator('main > p').first(), `${AVEYRON} : 2 territoire(s)`);
    expect(await page.content()).not.toContain('Figeac');

    const larzac = cards.nth(0);
    await shows(larzac.locator('dd').nth(0), 'Phase 2 – Stratégie et plan d’actions');
    const levezou = cards.nth(1);
    await shows(levezou.locator('dd').nth(0), 'Phase 1 – Diagnostic partagé — CTG 2027–2031');
    await shows(levezou.locator('dd').nth(2), 'Lancement partenaires —');
    await shows(levezou.locator('dd').nth(2), 'Salle des fêtes de Salles-Curan');
    await shows(levezou.locator('dd').nth(3), 'Analyse documentaire et statistique');
    await shows(levezou.locator('dd').nth(4), 'Lancement partenaires : 2 inscrit(s) sur 40 places');
    await shows(levezou.locator('svg.timeline title').first(), 'Frise des Communautés de Communes Lévezou Pareloup et Pays de Salars');
    await shows(levezou.locator('svg.timeline title').first(), '1 en retard');
    expect(await levezou.getByRole('link', { name: /Workflow dans Temporal/ }).getAttribute('href')).toBe(
      `http://temporal.example:8233/namespaces/default/workflows/${encodeURIComponent(`ctg-process/${ids.levezouProcess}`)}`,
    );
    await checkPage(page, 'tableau-de-bord', { phone: true });

    // The same data as JSON, with the session.
    const json = await (await page.request.get(`${base}/api/dashboard`)).json();
    expect(json.territories.map((t: { name: string; process: { phase: string } }) => [t.name, t.process.phase])).toEqual([
      ['Communauté de Communes Larzac et Vallées', 'PLAN_ACTIONS'],
      ['Communautés de Communes Lévezou Pareloup et Pays de Salars', 'DIAGNOSTIC'],
    ]);
    const admin = (await (await fetch(`${base}/api/dashboard`, { headers: { authorization: `Bearer ${stack.adminToken}` } })).json()) as { territories: unknown[] };
    expect(admin.territories).toHaveLength(3);
    expect((await fetch(`${base}/api/dashboard`)).status).toBe(401);

    // Details, read-only; another Caf's territory does not exist for this adviser.
    await levezou.getByRole('link', { name: /Détail de la démarche/ }).click();
    expect(new URL(page.url()).pathname).toBe(`/processus/${ids.levezouProcess}`);
    await shows(page.locator('#etape-lancement-partenaires'), '2 inscrit(s) sur 40 places');
    await shows(page.locator('#etape-analyse-documentaire .state'), 'en retard', { exact: true });
    await countIs(page.locator('form[action^="/processus/"]'), 0);
    await checkPage(page, 'processus-lecture-seule', { phone: true });
    await page.goto(`${base}/territoires/${ids.levezou}`);
    await countIs(page.locator('form#import, form#lancement'), 0);
    await checkPage(page, 'territoire-lecture-seule');
    const hidden = await page.goto(`${base}/territoires/${ids.figeac}`);
    expect(hidden!.status()).toBe(404);
    await shows(page.getByRole('heading', { level: 1 }), 'Page introuvable');
    await checkPage(page, 'territoire-introuvable');
    const change = await page.request.post(`${base}/processus/${ids.levezouProcess}/pause`, { headers: { origin: base }, maxRedirects: 0 });
    expect(change.status()).toBe(403);
  }, 300_000);
});
