// `npm start` as a newcomer runs it: no DATABASE_URL, no SMTP_URL, no TEMPORAL_ADDRESS. The stack comes
// up (dev server, embedded PostgreSQL, worker, API), the demo territory's invitations are captured and
// viewable, Ctrl-C stops everything, and a restart on the same data directory keeps the data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();
let session = '';
/** The API answers signed-in callers only: the admin's session, from the banner's sign-in link. */
const api = (url: string) => fetch(url, { headers: { cookie: `ctg_session=${session}` } });
/** A form posted from the service's own page, with the admin's session. */
const adminPost = (url: string) => fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: `ctg_session=${session}`, origin: new URL(url).origin } });

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port that is free, and whose +1000 (the Temporal UI) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await isFree(port)) && (await isFree(port + 1000))) return port;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('npm start on embedded defaults', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctg-start-'));
  let stack: ChildProcess | null = null;
  let output = '';
  let base = '';
  let temporalPort = 0;

  const start = async () => {
    const port = await freePortPair();
    temporalPort = await freePortPair();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), PUBLIC_BASE_URL: base };
    for (const name of ['DATABASE_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_UI_URL']) delete env[name];
    // As `npm start` runs it (node --import tsx), in a process group of its own, as a terminal gives it:
    // Ctrl-C is sent to the whole group.
    stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    stack.stdout!.on('data', (chunk) => (output += chunk));
    stack.stderr!.on('data', (chunk) => (output += chunk));
    await waitFor('the API', async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 120_000);
    // the worker logs once it polls
    await waitFor('the worker', async () => (/"service":"worker","msg":"worker started"/.test(output) ? true : undefined), 60_000);
  };

  const stop = async () => {
    const child = stack!;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const from = output.length;
    process.kill(-child.pid!, 'SIGINT'); // what Ctrl-C sends: to every process of the terminal's group
    expect(await exited).toBe(0);
    stack = null;
    // The worker stopped on its own terms, before the Temporal server it reports to: no error on the way.
    const after = output.slice(from);
    expect(after).toMatch(/"service":"worker","msg":"worker stopped"/);
    expect(after).not.toMatch(/"level":"error"/);
  };

  afterAll(async () => {
    if (stack) process.kill(-stack.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes up, captures the demo invitations, stops cleanly, and keeps its data across a restart', async () => {
    await start();
    expect(output).toContain('Service CTG démarré. Où regarder :');
    expect(output).toContain(`Pages du service       ${base}/`);
    expect(output).toContain(`Interface Temporal     http://localhost:${temporalPort + 1000}`);

    // The banner's one-time link signs the local admin in (a session cookie), and works once.
    const link = new RegExp(`Connexion +(${base}/connexion/[A-Za-z0-9_-]{43})`).exec(output)?.[1];
    expect(link).toBeDefined();
    // Opening the link shows a button and spends nothing; the form's POST signs in.
    expect((await fetch(link!, { method: 'HEAD' })).status).toBe(200);
    const confirm = await fetch(link!);
    expect(await confirm.text()).toContain('Me connecter');
    const signIn = await fetch(link!, { method: 'POST', redirect: 'manual', headers: { origin: base } });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/territoires');
    session = /ctg_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')![1]!;
    expect((await fetch(link!, { method: 'POST', redirect: 'manual', headers: { origin: base } })).status).toBe(400);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(400);

    // The demonstration and the captured mail are the administrator's: anonymous visitors are sent to sign in.
    expect((await fetch(`${base}/demo`, { method: 'POST', redirect: 'manual' })).headers.get('location')).toBe('/connexion');
    expect((await fetch(`${base}/courriels`, { redirect: 'manual' })).status).toBe(303);
    const home = await api(`${base}/`);
    expect(await home.text()).toContain('Créer et lancer le territoire de démonstration');
    const demo = await adminPost(`${base}/demo`);
    expect(demo.status).toBe(303);
    const territoryId = new URL(demo.headers.get('location')!, base).searchParams.get('territoire');
    const territory = await json(api(`${base}/api/territories/${territoryId}`));
    const processId = territory.processes[0].id;

    const messages = await waitFor(
      'eight captured invitations',
      async () => {
        const { items } = await json(api(`${base}/api/processes/${processId}/messages`));
        return items.length === 8 && items.every((m: { status: string }) => m.status === 'CAPTURED') ? items : undefined;
      },
      60_000,
    );
    expect(new Set(messages.map((m: { recipient: string }) => m.recipient)).size).toBe(8);

    const mailbox = await (await api(`${base}/courriels`)).text();
    expect(mailbox).toContain('les messages sont capturés ici');
    expect(mailbox).toContain('Invitation : Lancement partenaires de la CTG');
    const eml = await (await api(`${base}/courriels/${messages[0].id}/source.eml`)).text();
    expect(eml).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    const page = await (await api(`${base}/courriels/${messages[0].id}`)).text();
    expect(page).toContain('invitation.ics');
    // Every part has a name, the status and the server's answer are in French, and the list is a click away.
    expect(page).not.toContain('sans nom');
    expect(page).toContain('capturé : aucun serveur SMTP configuré (SMTP_URL)');
    expect(page).toContain('href="/courriels">← Tous les messages');

    await stop();
    // The dev server is stopped before npm start exits; on a loaded machine the port may take a moment more.
    await waitFor('the Temporal port freed', async () => ((await isFree(temporalPort)) ? true : undefined), 10_000);

    await start();
    const again = await json(api(`${base}/api/territories`));
    expect(again.items.map((t: { id: string }) => t.id)).toEqual([territoryId]);
    const relaunch = await adminPost(`${base}/demo`);
    expect(relaunch.status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { items } = await json(api(`${base}/api/processes/${processId}/messages`));
    expect(items).toHaveLength(8);
    await stop();
  });
});
