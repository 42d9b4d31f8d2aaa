// The adviser's portfolio over PostgreSQL: each Caf's adviser sees exactly their territories; filters
// (phase, late, renewal due within N months), sorts, the CSV and the JSON agree; a bad filter is named.
// The rows come from the projection the workflows keep, written here directly (no workflow is needed
// to read it).
import { createPortfolio } from '../support/portfolio';
import { startTestStack, type TestStack } from '../support/stack';

describe('the adviser’s portfolio', () => {
  let stack: TestStack;
  let adviser = '';
  let otherAdviser = '';

  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
    await createPortfolio(stack.db.prisma);
    adviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf de l’Aveyron' })).token;
    otherAdviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf du Lot' })).token;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (query: string, token = adviser) => stack.request('GET', `/api/portfolio${query}`, undefined, { token });
  const page = (path: string, token = adviser) => fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('shows each adviser their Caf’s territories, with what each row needs', async () => {
    const mine = await api('');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { name: string }) => r.name)).toEqual(['Aubrac Carladez', 'Larzac et Vallées', 'Lévézou Pareloup', 'Réquistanais']);
    const levezou = mine.body.items.find((r: { name: string }) => r.name === 'Lévézou Pareloup');
    // The next meeting is the committee, not the survey that opens sooner.
    expect(levezou).toMatchObject({ phase: 'PLAN_ACTIONS', lateSteps: 2, nextMeeting: { title: 'Comité de pilotage' }, renewal: 'NOT_STARTED', progress: { done: 1, total: 6 } });
    expect(mine.body.items.find((r: { name: string }) => r.name === 'Aubrac Carladez').renewal).toBe('STARTED');
    expect(mine.body.items.find((r: { name: string }) => r.name === 'Réquistanais')).toMatchObject({ processId: null, renewal: null });
    // The dashboard's cards agree: a survey is no meeting to register to.
    const dashboard = await stack.request('GET', '/api/dashboard', undefined, { token: adviser });
    const card = dashboard.body.territories.find((t: { name: string }) => t.name === 'Lévézou Pareloup');
    expect(card.process.nextMeeting.title).toBe('Comité de pilotage');
    expect(card.process.upcomingMeetings.map((m: { title: string }) => m.title)).toEqual(['Comité de pilotage']);
    const theirs = await api('', otherAdviser);
    expect(theirs.body.items.map((r: { name: string }) => r.name)).toEqual(['Causse de Gramat']);
  });

  it('lets an adviser add a territory of their Caf not launched yet, whose renewal then shows as due', async () => {
    const year = new Date().getUTCFullYear();
    const input = { name: 'Communauté de communes du Saint-Affricain', cafName: 'Caf de l’Aveyron', coordinatorName: 'Coordination', coordinatorEmail: 'ctg@saint-affricain.example.org', previousConventionEnd: year };
    const elsewhere = await stack.request('POST', '/api/territories', { ...input, cafName: 'Caf du Lot' }, { token: adviser });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.errors).toEqual([{ field: 'cafName', reason: 'une autre Caf' }]);
    const created = await stack.request('POST', '/api/territories', input, { token: adviser });
    expect(created.status).toBe(201);
    const row = (await api('?renouvellement=12')).body.items.find((r: { name: string }) => r.name === input.name);
    expect(row).toMatchObject({ processId: null, renewal: 'DUE' });
    expect(new Date(row.endsAt).getUTCFullYear()).toBe(year);
    await stack.db.prisma.territory.delete({ where: { id: created.body.id } });
  });

  it('filters the renewals due and the late, sorts, exports what it shows, and names a bad filter', async () => {
    expect((await api('?renouvellement=12')).body.items.map((r: { name: string }) => r.name)).toEqual(['Larzac et Vallées']);
    expect((await api('?retard=oui')).body.items.map((r: { name: string }) => r.name)).toEqual(['Lévézou Pareloup']);
    expect((await api('?tri=fin&ordre=desc')).body.items[0].name).toBe('Lévézou Pareloup');
    const refused = await api('?renouvellement=douze');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'renouvellement', reason: 'un nombre de mois' }]);

    const html = await (await page('/portefeuille?renouvellement=12')).text();
    expect(html).toContain('1 territoire(s) sur 4');
    expect(html).toContain('Larzac et Vallées');
    expect(html).not.toContain('Lévézou Pareloup</a>');
    expect(html).not.toContain('Causse de Gramat');
    expect(html).toContain('href="/portefeuille.csv?renouvellement=12"');
    const bytes = Buffer.from(await (await page('/portefeuille.csv?renouvellement=12')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM: Excel reads the accents
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('Territoire;Caf;Phase;Période;Étapes faites;Étapes;Prochaine rencontre;Date;Étapes en retard;Fin de la CTG;Renouvellement');
    expect(csv).toMatch(/\r\nLarzac et Vallées;Caf de l’Aveyron;[^\r\n]*;à lancer\r\n$/);
    const bad = await page('/portefeuille?renouvellement=douze');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('un nombre de mois');
  });
});
