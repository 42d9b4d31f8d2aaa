// Bad input gets a clear 4xx in one format (RFC 9457 problem+json) naming the field and the reason,
// and leaves nothing half-written.
import { startTestStack, type TestStack } from '../support/stack';

describe('API errors', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists every invalid field of a territory', async () => {
    const response = await stack.request('POST', '/api/territories', { name: 'X', timezone: 'Europe/Lutece', cafName: 'C', coordinatorEmail: 'nope' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Requête invalide', status: 400, instance: '/api/territories' });
    const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['cafName', 'coordinatorEmail', 'coordinatorName', 'name', 'timezone']);
    expect(response.body.errors.find((e: { field: string }) => e.field === 'timezone').reason).toMatch(/fuseau horaire IANA inconnu/);
    expect(await stack.db.prisma.territory.count()).toBe(0);
  });

  it('answers malformed JSON, unknown ids and unknown routes with problem+json', async () => {
    const malformed = await fetch(`${stack.baseUrl}/api/territories`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ detail: 'Le corps de la requête n’est pas du JSON valide.' });

    const badId = await stack.request('GET', '/api/territories/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ field: 'id', reason: 'identifiant invalide (UUID attendu)' }]);

    const missing = await stack.request('GET', '/api/processes/6f1d2c1e-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Processus introuvable.');

    const route = await stack.request('GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses an invalid plan without creating a process or starting a workflow', async () => {
    const territory = await stack.request('POST', '/api/territories', {
      name: 'Communauté de Communes Cazals-Salviac',
      cafName: 'Caf du Lot',
      coordinatorName: 'Delphine Bedou',
      coordinatorEmail: 'delphine.bedou@cc-cazalssalviac.example.org',
    });
    const response = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, {
      periodStart: 2022,
      periodEnd: 2026,
      steps: [{ key: 'copil', kind: 'COPIL_ANNUEL', phase: 'MISE_EN_OEUVRE', title: 'COPIL 2023', dependsOn: ['signature'] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'steps.0.dependsOn.0', reason: 'étape « signature » inconnue dans ce plan' }]);
    expect(await stack.db.prisma.process.count()).toBe(0);
  });

  it('dedupes contacts by email and reports per-field errors with their row', async () => {
    const territory = (await stack.request('GET', '/api/territories')).body.items[0];
    const bad = await stack.request('POST', `/api/territories/${territory.id}/contacts`, [
      { email: 'ok@example.org', fullName: 'Camille Ok' },
      { email: 'pas-une-adresse', fullName: 'Dominique', roles: ['MAIRE'] },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['1.email', '1.roles.0']));
    expect(await stack.db.prisma.contact.count()).toBe(0);
  });
});
