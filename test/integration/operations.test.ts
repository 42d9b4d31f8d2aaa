// What an operator polls, on the real stack: readiness says which dependency is missing (a Temporal that
// does not answer: 503 within seconds), the Prometheus metrics count requests by route pattern (never a
// token) and messages by kind, and are closed to other machines unless a token is set; every answer
// carries a request id; the worker's health server follows the worker.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { startHealthServer } from '../../worker/health-server';
import { startTestStack, type TestStack } from '../support/stack';

describe('operations', () => {
  let stack: TestStack;
  const servers: Server[] = [];
  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await stack?.stop();
  });

  const serve = async (app: ReturnType<typeof createApp>) => {
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('is ready when PostgreSQL and Temporal answer, and says which one does not', async () => {
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });

    // A Temporal nobody listens for: not ready, quickly, the database still fine.
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
    const base = await serve(createApp({ ...stack.apiDeps, temporal: nowhere }));
    const started = Date.now();
    const unready = await fetch(`${base}/readyz`);
    expect(unready.status).toBe(503);
    const body = (await unready.json()) as { checks: Record<string, string> };
    expect(body.checks.database).toBe('ok');
    expect(body.checks.temporal).toMatch(/^indisponible : /);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive all the same
  });

  it('counts requests by route pattern, never a token, and echoes a request id', async () => {
    const token = 'A'.repeat(43);
    const partner = await fetch(`${stack.baseUrl}/p/${token}`, { headers: { 'x-request-id': 'essai-operations-1' } });
    expect(partner.status).toBe(404);
    expect(partner.headers.get('x-request-id')).toBe('essai-operations-1');
    const generated = (await fetch(`${stack.baseUrl}/api/openapi.json`, { headers: { 'x-request-id': 'no spaces allowed' } })).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await stack.request('GET', '/api/territories');

    const scrape = await fetch(`${stack.baseUrl}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toMatch(/ctg_http_requests_total\{method="GET",route="\/api\/territories\/",status="200"\} \d+/);
    expect(text).toMatch(/ctg_http_requests_total\{method="GET",route="\/p\/:token",status="404"\} \d+/);
    expect(text).toContain('ctg_http_request_duration_seconds_bucket');
    expect(text).toContain('ctg_process_resident_memory_bytes');
    expect(text).not.toContain(token);
  });

  it('closes the metrics to other machines, or asks for METRICS_TOKEN when set', async () => {
    const base = await serve(createApp({ ...stack.apiDeps, config: { ...stack.apiDeps.config, METRICS_TOKEN: 'jeton-de-metriques-assez-long' } }));
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer mauvais-jeton-de-metriques' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer jeton-de-metriques-assez-long' } })).status).toBe(200);
  });

  it('gives the worker a health check that follows it', async () => {
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', state: () => stack.worker.getState() });
    servers.push(server);
    const health = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${health}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${health}/metrics`)).text()).toContain('ctg_messages_total');
    expect((await fetch(`${health}/ailleurs`)).status).toBe(404);
    await stack.stopWorker();
    const stopped = await fetch(`${health}/healthz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ status: 'indisponible' });
    await stack.startWorker();
  });
});
