// The adviser's portfolio over PostgreSQL: each Caf's adviser sees exactly their territories; filters
// (phase, late, renewal due within N months), sorts, the CSV and the JSON agree; a bad filter is named.
// The rows come from the projection the workflows keep, written here directly (no workflow is needed
// to read it).
import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/stack';

describe('the adviser’s portfolio', () => {
  let stack: TestStack;
  let adviser = '';
  let otherAdviser = '';

  /** A territory of `caf` whose current CTG covers `start`–`end`, in `phase`, with `late` late steps. */
  const territory = async (name: string, caf: string, process: { start: number; end: number; phase: 'DIAGNOSTIC' | 'PLAN_ACTIONS' | 'MISE_EN_OEUVRE'; late?: number; renewed?: boolean } | null) => {
    const { prisma } = stack.db;
    const t = await prisma.territory.create({ data: { name, cafName: caf, coordinatorName: 'Coordination', coordinatorEmail: `coordination@${name.toLowerCase().replace(/\W+/g, '-')}.example.org` } });
    if (!process) return t;
    const id = randomUUID();
    await prisma.process.create({ data: { id, territoryId: t.id, kind: 'ELABORATION', periodStart: process.start, periodEnd: process.end, currentPhase: process.phase, workflowId: `ctg-process/${id}`, plan: {} } });
    const step = (key: string, extra: object) => ({ processId: id, key, position: 0, phase: process.phase, title: key, audience: {}, invitationLeadDays: 21, reminderDays: [], dependsOn: [], icalUid: `${randomUUID()}@test`, ...extra });
    await prisma.step.createMany({
      data: [
        step('fait', { status: 'DONE' }),
        step('comite', { title: 'Comité de pilotage', startsAt: new Date(Date.now() + 20 * 86_400_000), status: 'INVITED' }),
        step('enquete', { title: 'Enquête familles', behaviour: 'SURVEY', startsAt: new Date(Date.now() + 2 * 86_400_000) }),
        ...Array.from({ length: process.late ?? 0 }, (_, i) => step(`retard-${i}`, { behaviour: 'TASK', late: true, startsAt: new Date(Date.now() - 86_400_000) })),
      ],
    });
    if (process.renewed) {
      const next = randomUUID();
      await prisma.process.create({ data: { id: next, territoryId: t.id, kind: 'RENOUVELLEMENT', periodStart: process.end + 1, periodEnd: process.end + 5, workflowId: `ctg-process/${next}`, plan: {}, previousProcessId: id, status: 'COMPLETED' } });
    }
    return t;
  };

  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
    const year = new Date().getUTCFullYear();
    await territory('Larzac et Vallées', 'Caf de l’Aveyron', { start: year - 3, end: year, phase: 'MISE_EN_OEUVRE' }); // ends this year: due
    await territory('Lévézou Pareloup', 'Caf de l’Aveyron', { start: year - 1, end: year + 3, phase: 'PLAN_ACTIONS', late: 2 });
    await territory('Aubrac Carladez', 'Caf de l’Aveyron', { start: year - 3, end: year, phase: 'MISE_EN_OEUVRE', renewed: true });
    await territory('Réquistanais', 'Caf de l’Aveyron', null);
    await territory('Causse de Gramat', 'Caf du Lot', { start: year - 2, end: year, phase: 'MISE_EN_OEUVRE' });
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
    expect(levezou).toMatchObject({ phase: 'PLAN_ACTIONS', lateSteps: 2, nextMeeting: { title: 'Comité de pilotage' }, renewal: 'NOT_STARTED', progress: { done: 1, total: 5 } });
    expect(mine.body.items.find((r: { name: string }) => r.name === 'Aubrac Carladez').renewal).toBe('STARTED');
    expect(mine.body.items.find((r: { name: string }) => r.name === 'Réquistanais')).toMatchObject({ processId: null, renewal: null });
    const theirs = await api('', otherAdviser);
    expect(theirs.body.items.map((r: { name: string }) => r.name)).toEqual(['Causse de Gramat']);
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
