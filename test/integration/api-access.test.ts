// Who may see and change what: every endpoint against every role, including a coordinator of one
// territory reaching for another's, a Caf adviser of another Caf, and callers without a valid token.
import { operations } from '../../api/api-operations';
import { issueToken } from '../../infra/auth/tokens';
import { larzacContacts, larzacTerritory, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const levezou = {
  name: 'Communauté de Communes Lévézou Pareloup',
  cafName: 'Caf de l’Aveyron',
  coordinatorName: 'Mathilde Costes',
  coordinatorEmail: 'm.costes@levezou-pareloup.example.org',
};
const cazals = {
  name: 'Communauté de Communes Cazals-Salviac',
  cafName: 'Caf du Lot',
  coordinatorName: 'Delphine Bedou',
  coordinatorEmail: 'delphine.bedou@cc-cazalssalviac.example.org',
};
const template = { periodStart: 2027, periodEnd: 2030, themes: [{ key: 'petite-enfance', title: 'Petite enfance' }], dates: { seminaireElus: '2027-03-04T09:30:00+01:00' } };

describe('API access by role', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  let larzacId: string;
  let cazalsId: string;
  let processId: string;

  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
    // Two coordinators, each running one territory; two advisers, one per Caf.
    const larzac = await stack.request('POST', '/api/territories', larzacTerritory);
    const lot = await stack.request('POST', '/api/territories', cazals);
    larzacId = larzac.body.id;
    cazalsId = lot.body.id;
    await stack.request('POST', `/api/territories/${larzacId}/contacts`, larzacContacts);
    tokens.admin = stack.adminToken;
    tokens.larzacCoordinator = (await stack.createUser('COORDINATOR', { territoryIds: [larzacId] })).token;
    tokens.lotCoordinator = (await stack.createUser('COORDINATOR', { territoryIds: [cazalsId] })).token;
    tokens.aveyronAdviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf de l’Aveyron' })).token;
    tokens.lotAdviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf du Lot' })).token;
    const launched = await stack.request('POST', `/api/territories/${larzacId}/processes`, { template }, { token: tokens.larzacCoordinator });
    expect(launched.status).toBe(201);
    processId = launched.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  // Every endpoint that touches the Larzac territory, with a body that would be valid.
  const reads = (): [string, string, undefined][] => [
    ['GET', `/api/territories/${larzacId}`, undefined],
    ['GET', `/api/territories/${larzacId}/contacts`, undefined],
    ['GET', `/api/territories/${larzacId}/calendar.ics`, undefined],
    ['GET', `/api/processes/${processId}`, undefined],
    ['GET', `/api/processes/${processId}/messages`, undefined],
  ];
  const changes = (): [string, string, object][] =>
    [
      ['POST', `/api/territories/${larzacId}/contacts`, { email: 'nouveau@larzac.example.org', fullName: 'Nouveau Partenaire' }],
      ['POST', `/api/territories/${larzacId}/processes`, { template }],
      ['POST', `/api/processes/${processId}/steps`, { key: 'forum-nant', kind: 'FORUM_HABITANTS', phase: 'DIAGNOSTIC', title: 'Forum à Nant' }],
      ['PATCH', `/api/processes/${processId}/steps/seminaire-elus`, { location: 'Mairie de Nant' }],
      ['POST', `/api/processes/${processId}/steps/seminaire-elus/cancel`, {}],
      ['POST', `/api/processes/${processId}/steps/analyse-documentaire/complete`, {}],
      ['POST', `/api/processes/${processId}/phases/DIAGNOSTIC/close`, {}],
      ['POST', `/api/processes/${processId}/pause`, {}],
      ['POST', `/api/processes/${processId}/resume`, {}],
      ['POST', `/api/processes/${processId}/info-flash`, {}],
    ];

  it('refuses callers without a valid token with 401, whatever the endpoint', async () => {
    const expired = await stack.createUser('COORDINATOR', { territoryIds: [] });
    const { token: expiredToken } = await issueToken(stack.db.prisma, 'API', { userId: expired.user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const all: [string, string, object | undefined][] = [...reads(), ...changes(), ['GET', '/api/territories', undefined], ['POST', '/api/territories', levezou], ['GET', '/api/me', undefined]];
    for (const [method, path, body] of all) {
      for (const token of [null, 'not-a-token', expiredToken, 'A'.repeat(43)]) {
        const response = await stack.request(method, path, body, { token });
        expect({ method, path, token, status: response.status }).toEqual({ method, path, token, status: 401 });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
    const malformed = await stack.request('GET', '/api/territories', undefined, { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(malformed.status).toBe(401);
  });

  it('hides another coordinator’s and another Caf’s territory as if it did not exist (404), for reads and changes', async () => {
    for (const who of ['lotCoordinator', 'lotAdviser']) {
      for (const [method, path, body] of [...reads(), ...changes()]) {
        const response = await stack.request(method, path, body, { token: tokens[who] });
        expect({ who, method, path, status: response.status }).toEqual({ who, method, path, status: 404 });
      }
    }
    // Nothing was changed by those attempts.
    expect(await stack.db.prisma.contact.count({ where: { email: 'nouveau@larzac.example.org' } })).toBe(0);
    expect(await stack.db.prisma.process.count()).toBe(1);
  });

  it('lets a Caf adviser read the territories of their Caf, and refuses their changes with 403', async () => {
    // (They may add a territory of their own Caf not launched yet: see portfolio.test.ts.)
    for (const [method, path] of reads()) {
      const response = await stack.request(method, path, undefined, { token: tokens.aveyronAdviser });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    for (const [method, path, body] of changes()) {
      const response = await stack.request(method, path, body, { token: tokens.aveyronAdviser });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
      expect(response.body.detail).toMatch(/lecture seule/);
    }
    const create = await stack.request('POST', '/api/territories', { ...levezou, cafName: 'Caf du Lot' }, { token: tokens.aveyronAdviser });
    expect(create.status).toBe(403);
  });

  it('scopes every list to what the caller may see', async () => {
    const names = async (who: string) => (await stack.request('GET', '/api/territories', undefined, { token: tokens[who] })).body.items.map((t: { name: string }) => t.name);
    expect(await names('admin')).toEqual([larzacTerritory.name, cazals.name].sort());
    expect(await names('larzacCoordinator')).toEqual([larzacTerritory.name]);
    expect(await names('lotCoordinator')).toEqual([cazals.name]);
    expect(await names('aveyronAdviser')).toEqual([larzacTerritory.name]);
    expect(await names('lotAdviser')).toEqual([cazals.name]);
  });

  it('lets a coordinator create a territory they then run, and no one else’s', async () => {
    const created = await stack.request('POST', '/api/territories', levezou, { token: tokens.lotCoordinator });
    expect(created.status).toBe(201);
    expect((await stack.request('GET', `/api/territories/${created.body.id}`, undefined, { token: tokens.lotCoordinator })).status).toBe(200);
    expect((await stack.request('GET', `/api/territories/${created.body.id}`, undefined, { token: tokens.larzacCoordinator })).status).toBe(404);
    // The Aveyron adviser sees it: it belongs to their Caf.
    expect((await stack.request('GET', `/api/territories/${created.body.id}`, undefined, { token: tokens.aveyronAdviser })).status).toBe(200);
  });

  it('runs the coordinator’s own changes (a step moved through the workflow Update)', async () => {
    const moved = await stack.request('PATCH', `/api/processes/${processId}/steps/seminaire-elus`, { location: 'Mairie de Nant' }, { token: tokens.larzacCoordinator });
    expect(moved.status).toBe(200);
    expect(moved.body.steps.find((s: { key: string }) => s.key === 'seminaire-elus').location).toBe('Mairie de Nant');
  });

  it('applies a change sent the very moment a process starts (its handlers not yet registered)', async () => {
    const launched = await stack.request('POST', `/api/territories/${cazalsId}/processes`, { template }, { token: tokens.lotCoordinator });
    expect(launched.status).toBe(201);
    const paused = await stack.request('POST', `/api/processes/${launched.body.id}/pause`, {}, { token: tokens.lotCoordinator });
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
  });

  it('manages users and tokens: admin only for accounts, each user their own tokens, revocation at once', async () => {
    const forbidden = await stack.request('POST', '/api/users', { email: 'x@example.org', fullName: 'X Y', role: 'ADMIN' }, { token: tokens.larzacCoordinator });
    expect(forbidden.status).toBe(403);
    expect((await stack.request('GET', '/api/users', undefined, { token: tokens.aveyronAdviser })).status).toBe(403);

    const invalid = await stack.request('POST', '/api/users', { email: 'pas-une-adresse', fullName: 'A', role: 'CAF_ADVISER', territoryIds: ['x'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cafName', 'email', 'fullName', 'territoryIds.0']);

    const user = await stack.request('POST', '/api/users', { email: 'Helene.Ricard@caf12.example.org', fullName: 'Hélène Ricard', role: 'COORDINATOR', territoryIds: [larzacId] });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ email: 'helene.ricard@caf12.example.org', role: 'COORDINATOR', territoryIds: [larzacId] });
    expect((await stack.request('POST', '/api/users', { email: 'helene.ricard@caf12.example.org', fullName: 'Hélène Ricard', role: 'COORDINATOR' })).status).toBe(409);
    const unknownTerritory = await stack.request('PATCH', `/api/users/${user.body.id}`, { territoryIds: ['6f1d2c1e-0000-4000-8000-000000000000'] });
    expect(unknownTerritory.status).toBe(400);
    const moved = await stack.request('PATCH', `/api/users/${user.body.id}`, { territoryIds: [cazalsId] });
    expect(moved.body.territoryIds).toEqual([cazalsId]);

    // A token for that user, issued by the admin, shown once, stored hashed.
    const issued = await stack.request('POST', '/api/tokens', { label: 'Export tableur', userId: user.body.id, expiresInDays: 30 });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await stack.db.prisma.accessToken.findUniqueOrThrow({ where: { id: issued.body.id } });
    expect(stored.tokenHash).not.toContain(issued.body.token);
    expect((await stack.request('GET', '/api/me', undefined, { token: issued.body.token })).body).toMatchObject({ email: 'helene.ricard@caf12.example.org', territoryIds: [cazalsId] });
    expect((await stack.request('GET', `/api/territories/${cazalsId}`, undefined, { token: issued.body.token })).status).toBe(200);

    // A coordinator can't issue tokens for someone else, nor revoke them.
    expect((await stack.request('POST', '/api/tokens', { label: 'x', userId: user.body.id }, { token: tokens.larzacCoordinator })).status).toBe(403);
    expect((await stack.request('DELETE', `/api/tokens/${issued.body.id}`, undefined, { token: tokens.larzacCoordinator })).status).toBe(404);
    const own = await stack.request('GET', '/api/tokens', undefined, { token: issued.body.token });
    expect(own.body.items).toEqual([expect.objectContaining({ id: issued.body.id, label: 'Export tableur', revokedAt: null })]);
    expect(JSON.stringify(own.body)).not.toContain(issued.body.token);

    expect((await stack.request('DELETE', `/api/tokens/${issued.body.id}`, undefined, { token: issued.body.token })).status).toBe(204);
    expect((await stack.request('GET', '/api/me', undefined, { token: issued.body.token })).status).toBe(401);
  });

  it('pages through lists with a cursor, and refuses a forged cursor', async () => {
    const emails: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: { items: { email: string }[]; nextCursor: string | null } } = await stack.request(
        'GET',
        `/api/territories/${larzacId}/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      emails.push(...response.body.items.map((c) => c.email));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(emails).toEqual(larzacContacts.map((c) => c.email).sort());

    const forged = await stack.request('GET', `/api/territories/${larzacId}/contacts?cursor=bm90LWpzb24`);
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', reason: 'curseur invalide : reprenez celui de la page précédente' }]);
    const tooMany = await stack.request('GET', `/api/processes/${processId}/messages?limit=500`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('limit');
  });

  it('imports contacts from a CSV file, all or nothing, with every bad line named', async () => {
    const headers = { 'content-type': 'text/csv; charset=utf-8' };
    const bad = await stack.request('POST', `/api/territories/${cazalsId}/contacts`, undefined, {
      headers,
      raw: 'Courriel;Nom;Rôles\nrpe@cazals.example.org;Relais Petite Enfance;partenaire\npas-une-adresse;Mairie;élu\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'ligne 3 : Courriel', reason: 'adresse électronique invalide' }]);
    expect(await stack.db.prisma.contact.count({ where: { territoryId: cazalsId } })).toBe(0);

    const good = await stack.request('POST', `/api/territories/${cazalsId}/contacts`, undefined, {
      headers,
      token: tokens.lotCoordinator,
      raw: '\uFEFFCourriel;Nom;Prénom;Rôles;Thématiques\nrpe@cazals.example.org;Vidal;Anne;partenaire;Petite enfance\nmaire@salviac.example.org;Lacoste;Jean;élu, COPIL;\nRPE@cazals.example.org;Vidal;Anne-Marie;partenaire;Petite enfance\n',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ created: 2, updated: 0, duplicates: 1 });
    const again = await stack.request('POST', `/api/territories/${cazalsId}/contacts`, undefined, { headers, raw: 'email,nom complet\nrpe@cazals.example.org,Anne Vidal\n' });
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
  });
});

describe('OpenAPI document', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is served without a token and describes every operation, each of which exists', async () => {
    const territory = await stack.request('POST', '/api/territories', larzacTerritory);
    const launched = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, {
      template: { periodStart: 2027, periodEnd: 2030, themes: [{ key: 'petite-enfance', title: 'Petite enfance' }] },
    });
    const document = await stack.request('GET', '/api/openapi.json', undefined, { token: null });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    const values: Record<string, string> = {
      id: launched.body.id,
      key: 'seminaire-elus',
      phase: 'DIAGNOSTIC',
      registrationId: '6f1d2c1e-0000-4000-8000-000000000000',
      contactId: '6f1d2c1e-0000-4000-8000-000000000001',
      email: 'personne@example.org',
    };
    const operations = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => [method, path] as const));
    expect(operations.length).toBeGreaterThan(25);
    for (const [method, template] of operations) {
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => (template.startsWith('/api/territories/') && name === 'id' ? territory.body.id : values[name]!));
      const response = await stack.request(method.toUpperCase(), path, method === 'get' || method === 'delete' ? undefined : {});
      // Any answer but « no such route »: validation errors and 404s of unknown resources are fine here.
      expect({ method, path, missing: response.status === 404 && /Aucune ressource à l’adresse/.test(response.body?.detail ?? '') }).toEqual({ method, path, missing: false });
    }
  });

  it('answers what its OpenAPI document describes, checked on real answers', async () => {
    const territory = await stack.request('POST', '/api/territories', { ...larzacTerritory, name: 'Communauté de Communes Causses à l’Aubrac' });
    await stack.request('POST', `/api/territories/${territory.body.id}/contacts`, larzacContacts);
    const launched = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, {
      periodStart: 2027,
      periodEnd: 2030,
      steps: [{ key: 'atelier', behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: 'Atelier des partenaires', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(Date.now() + 60 * 86_400_000).toISOString(), invitationLeadDays: 30 }],
    });
    expect(launched.status).toBe(201);
    expect((await stack.request('POST', `/api/processes/${launched.body.id}/steps/atelier/registrations`, { email: 'lea@example.org', fullName: 'Léa Roques' })).status).toBe(201);
    // Léa's confirmation leaves from its own workflow: the log has it once it was written.
    await waitFor('a message in the log', async () => (await stack.request('GET', `/api/processes/${launched.body.id}/messages`)).body.items?.length > 0 || null);
    const me = await stack.request('GET', '/api/me');
    const values: Record<string, string> = { key: 'atelier', email: encodeURIComponent(larzacContacts[2]!.email) };
    const checked: string[] = [];
    for (const op of operations.filter((o) => o.method === 'get' && o.response)) {
      const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'id' ? (op.path.startsWith('/api/territories') ? territory.body.id : op.path.startsWith('/api/users') ? me.body.id : launched.body.id) : values[name]!,
      );
      const answer = await stack.request('GET', path);
      expect([path, answer.status]).toEqual([path, 200]);
      const bodies = op.paged || op.list ? (answer.body.items as unknown[]) : [answer.body];
      if (op.paged || op.list) expect([path, bodies.length > 0]).toEqual([path, true]);
      for (const body of bodies) {
        const parsed = op.response!.safeParse(body);
        expect([path, parsed.success ? 'ok' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)]).toEqual([path, 'ok']);
      }
      checked.push(op.path);
    }
    expect(checked.length).toBeGreaterThanOrEqual(9);
  });
});

