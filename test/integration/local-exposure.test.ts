// What the local mode (mail captured, nothing configured) exposes to someone who reaches the port.
// Before: posting an admin's address to /connexion and reading the captured sign-in link at /courriels
// gave anyone an admin session; POST /demo was open and filled another coordinator's territory that
// bore the demo's name. Now the captured mail and the demo need an administrator, and the demo only
// ever reuses the territory it created itself.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { simpleParser } from 'mailparser';
import path from 'node:path';
import { demoTerritory } from '../../domain/demo';
import { issueToken } from '../../infra/auth/tokens';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const root = path.resolve(__dirname, '../..');

describe('the captured mailbox and the demonstration, on a capture-mode service', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
    expect(stack.mailer.mode).toBe('capture');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const sessionOf = async (userId: string) => `ctg_session=${(await issueToken(stack.db.prisma, 'SESSION', { userId })).token}`;

  it('keeps captured sign-in links from anyone but an administrator', async () => {
    // The attack: ask a sign-in link for the admin, then read it where the mail is captured.
    const ask = await fetch(`${stack.baseUrl}/connexion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=admin%40ctg.example.org',
      redirect: 'manual',
    });
    expect(ask.status).toBe(303);
    const captured = await waitFor('the captured sign-in link', () => stack.db.prisma.message.findFirst({ where: { kind: 'SIGN_IN' } }));
    const link = /\/connexion\/[A-Za-z0-9_-]{43}/.exec((await simpleParser(await stack.sourceOf(captured))).text ?? '')?.[0];
    expect(link).toBeDefined();

    const paths = ['/courriels', `/courriels/${captured.id}`, `/courriels/${captured.id}/source.eml`, `/courriels/${captured.id}/pieces-jointes/0`];
    for (const path of paths) {
      const anonymous = await stack.request('GET', path, undefined, { token: null });
      expect([path, anonymous.status]).toEqual([path, 303]);
      expect(anonymous.headers.get('location')).toMatch(/^\/connexion/);
      expect(String(anonymous.body)).not.toContain(link);
    }
    const { user: coordinator, token: coordinatorToken } = await stack.createUser('COORDINATOR');
    const { user: adviser } = await stack.createUser('CAF_ADVISER', { cafName: 'Caf de l’Aveyron' });
    for (const path of paths) {
      for (const headers of [{ cookie: await sessionOf(coordinator.id) }, { cookie: await sessionOf(adviser.id) }]) {
        const refused = await stack.request('GET', path, undefined, { token: null, headers });
        expect([path, refused.status]).toEqual([path, 403]);
        expect(JSON.stringify(refused.body)).not.toContain(link);
      }
      expect((await stack.request('GET', path, undefined, { token: coordinatorToken })).status).toBe(403);
    }
    // The sign-in link was never read by the attacker: it still works, once, for its owner.
    const admin = await stack.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@ctg.example.org' } });
    const source = await stack.request('GET', `/courriels/${captured.id}/source.eml`, undefined, { token: null, headers: { cookie: await sessionOf(admin.id) } });
    expect(source.status).toBe(200);
    expect((await simpleParser(String(source.body))).text).toContain(link);
    const list = await stack.request('GET', '/courriels', undefined, { token: null, headers: { cookie: await sessionOf(admin.id) } });
    expect(list.status).toBe(200);
    // The home page no longer points strangers at the mailbox, nor offers them the demo.
    const home = String((await stack.request('GET', '/', undefined, { token: null })).body);
    expect(home).not.toContain('href="/courriels"');
    expect(home).not.toContain('action="/demo"');
    const adminHome = String((await stack.request('GET', '/', undefined, { token: null, headers: { cookie: await sessionOf(admin.id) } })).body);
    expect(adminHome).toContain('href="/courriels"');
    expect(adminHome).toContain('action="/demo"');
  });

  it('sends the local administrator (admin@localhost) a new sign-in link when asked', async () => {
    await stack.db.prisma.user.create({ data: { email: 'admin@localhost', fullName: 'Administration locale', role: 'ADMIN' } });
    const ask = await fetch(`${stack.baseUrl}/connexion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=admin%40localhost',
      redirect: 'manual',
    });
    expect(ask.status).toBe(303);
    const mail = await waitFor('the link for admin@localhost', () => stack.db.prisma.message.findFirst({ where: { kind: 'SIGN_IN', recipient: 'admin@localhost' } }));
    const link = /http:\/\/\S+\/connexion\/[A-Za-z0-9_-]{43}/.exec((await simpleParser(await stack.sourceOf(mail))).text ?? '')![0];
    // Opening it (a mail scanner) spends nothing; the button's POST from another site is refused; ours signs in.
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect(await (await fetch(link)).text()).toContain('Me connecter');
    expect((await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: 'https://ailleurs.example' } })).status).toBe(403);
    const signIn = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: stack.baseUrl } });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toMatch(/ctg_session=/);
    expect((await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: stack.baseUrl } })).status).toBe(400);
  });

  it('counts the sign-in rate limit per real address, whatever X-Forwarded-For claims', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const answer = await fetch(`${stack.baseUrl}/connexion`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `203.0.113.${i + 1}` },
        body: 'email=personne%40example.org',
        redirect: 'manual',
      });
      statuses.push(answer.status);
    }
    // Five a minute from this machine (two were asked above), then refused: a forged header changes nothing.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
  });

  it('runs the demonstration for an administrator only, in a territory of its own', async () => {
    // A coordinator's real territory that happens to bear the demo's name.
    const { user: coordinator, token: coordinatorToken } = await stack.createUser('COORDINATOR');
    const theirs = await stack.request('POST', '/api/territories', { ...demoTerritory, coordinatorEmail: 'vraie.coordinatrice@example.org' }, { token: coordinatorToken });
    expect(theirs.status).toBe(201);
    const untouched = async () => {
      expect(await stack.db.prisma.contact.count({ where: { territoryId: theirs.body.id } })).toBe(0);
      expect(await stack.db.prisma.process.count({ where: { territoryId: theirs.body.id } })).toBe(0);
    };

    const anonymous = await stack.request('POST', '/demo', undefined, { token: null });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/connexion');
    expect((await stack.request('POST', '/demo', undefined, { token: coordinatorToken })).status).toBe(403);
    const cookie = await sessionOf(coordinator.id);
    expect((await stack.request('POST', '/demo', undefined, { token: null, headers: { cookie, origin: stack.baseUrl } })).status).toBe(403);
    expect(await stack.db.prisma.territory.count({ where: { name: demoTerritory.name } })).toBe(1);
    await untouched();

    const first = await stack.request('POST', '/demo');
    expect(first.status).toBe(303);
    const demoId = new URL(first.headers.get('location')!, stack.baseUrl).searchParams.get('territoire');
    expect(demoId).not.toBe(theirs.body.id);
    const demo = await stack.db.prisma.territory.findUniqueOrThrow({ where: { id: demoId! }, include: { _count: { select: { contacts: true, processes: true } } } });
    expect(demo).toMatchObject({ isDemo: true, _count: { contacts: 8, processes: 1 } });
    await untouched();

    // Again: the same demo territory and process, still nothing in theirs.
    const again = await stack.request('POST', '/demo');
    expect(new URL(again.headers.get('location')!, stack.baseUrl).searchParams.get('territoire')).toBe(demoId);
    expect(await stack.db.prisma.territory.count({ where: { isDemo: true } })).toBe(1);
    await untouched();
  });

  it('answers with security headers: no script, no framing, no referrer to other sites, no sniffing', async () => {
    for (const path of ['/connexion', '/api/openapi.json', '/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const answer = await fetch(`${stack.baseUrl}${path}`);
      const policy = answer.headers.get('content-security-policy') ?? '';
      expect([path, policy]).toEqual([path, expect.stringContaining("script-src 'none'")]);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("form-action 'self'");
      expect(answer.headers.get('referrer-policy')).toBe('same-origin');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('strict-transport-security')).toBeNull(); // http: no HSTS
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('the API process, as npm run api starts it', () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'api/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', TEMPORAL_ADDRESS: '127.0.0.1:1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  };
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });

  it('answers this machine only unless HOST says otherwise, and exits clearly when its port is taken', async () => {
    const db = await createTestDatabase();
    try {
      const port = await freePort();
      const api = run({ DATABASE_URL: db.url, PORT: String(port) });
      try {
        await waitFor('the API', async () => ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok ? true : null), 60_000);
        // Another address of this machine (the one other hosts reach) gets no answer.
        const external = Object.values(networkInterfaces())
          .flat()
          .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
        if (external) {
          const reached = await fetch(`http://${external}:${port}/healthz`).then(
            () => true,
            () => false,
          );
          expect(reached).toBe(false);
        }

        // A second API on the same port: a French reason and a non-zero exit, not « listening ».
        const second = run({ DATABASE_URL: db.url, PORT: String(port) });
        expect(await second.exited).toBe(1);
        expect(second.output()).toContain(`Le service ne peut pas écouter sur 127.0.0.1:${port} : le port ${port} est déjà utilisé`);
        expect(second.output()).not.toContain('api listening');
      } finally {
        api.child.kill('SIGTERM');
        await api.exited;
      }
    } finally {
      await db.drop();
    }
  });

});

