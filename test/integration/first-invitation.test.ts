// The first vertical slice on the real stack: a coordinator creates a territory with its partners and
// launches the process; at the first step's invitation time, each invited partner receives exactly one
// email with its .ics, through a real SMTP server, recorded in the messages table.
import { processWorkflowId } from '../../domain/ids';
import { waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;

describe('launching a territory process', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('starts one workflow and invites each partner exactly once at the invitation time', async () => {
    const territory = await stack.request('POST', '/api/territories', {
      name: 'Communauté de Communes Larzac et Vallées',
      cafName: 'Caf de l’Aveyron',
      coordinatorName: 'Edwige Delcros',
      coordinatorEmail: 'delcros.e@cclarzac.example.org',
    });
    expect(territory.status).toBe(201);

    const contacts = await stack.request('POST', `/api/territories/${territory.body.id}/contacts`, [
      { email: 'Relais@Larzac.example.org', fullName: 'Anne Carrière', organisation: 'Relais Petite Enfance', domains: ['petite-enfance'] },
      { email: 'centre-social@larzac.example.org', fullName: 'Benoît Jalabert', organisation: 'Centre social du Larzac' },
      { email: 'college@nant.example.org', fullName: 'Chantal Fabre, « CPE »', organisation: 'Collège de Nant' },
      { email: 'maire@nant.example.org', fullName: 'Didier Roques', roles: ['ELU'] },
      // the same partner twice: deduplicated by email
      { email: 'relais@larzac.example.org', fullName: 'Anne Carrière', organisation: 'Relais Petite Enfance du Larzac', domains: ['petite-enfance'] },
    ]);
    expect(contacts.status).toBe(200);
    expect(contacts.body.created).toBe(4);

    // Invitation due 4 s after launch: the meeting is 21 days + 4 s away with a 21-day lead time.
    const launchedAt = Date.now();
    const startsAt = new Date(launchedAt + 21 * DAY + 4_000);
    const plan = {
      periodStart: 2026,
      periodEnd: 2030,
      steps: [
        {
          key: 'lancement-partenaires',
          kind: 'LANCEMENT_PARTENAIRES',
          phase: 'DIAGNOSTIC',
          title: 'Lancement partenaires',
          audience: { roles: ['PARTENAIRE'] },
          startsAt: startsAt.toISOString(),
          durationMinutes: 180,
          location: 'Salle des fêtes de Nant',
          invitationLeadDays: 21,
        },
        {
          key: 'seminaire-elus',
          kind: 'SEMINAIRE_ELUS',
          phase: 'DIAGNOSTIC',
          title: 'Séminaire avec les élus',
          audience: { roles: ['ELU'] },
          startsAt: new Date(launchedAt + 60 * DAY).toISOString(),
          invitationLeadDays: 21,
          dependsOn: ['lancement-partenaires'],
        },
      ],
    };
    const first = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, plan);
    expect(first.status).toBe(201);
    const again = await stack.request('POST', `/api/territories/${territory.body.id}/processes`, plan);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const workflowId = processWorkflowId(first.body.id);
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status.name).toBe('RUNNING');

    // Nothing is sent before the invitation time.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stack.smtp!.received).toHaveLength(0);

    const received = await stack.smtp!.waitFor(3, 30_000);
    // Give a duplicate (retry, replay) the time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(received).toHaveLength(3);
    const invitationDueAt = startsAt.getTime() - 21 * DAY;
    for (const mail of received) expect(mail.receivedAt.getTime()).toBeGreaterThanOrEqual(invitationDueAt - 50);

    const recipients = received.map((m) => m.envelope.to.join(',')).sort();
    expect(recipients).toEqual(['centre-social@larzac.example.org', 'college@nant.example.org', 'relais@larzac.example.org']);

    const chantal = received.find((m) => m.envelope.to[0] === 'college@nant.example.org')!;
    expect(chantal.parsed.subject).toMatch(/^Invitation : Lancement partenaires — \S+ \d{1,2}(er)? \S+ \d{4}/);
    expect(chantal.parsed.text).toContain('Bonjour Chantal Fabre, « CPE »,');
    expect(chantal.parsed.text).toContain('Lieu : Salle des fêtes de Nant');
    expect(chantal.parsed.html).toContain('Chantal Fabre, « CPE »');
    expect(chantal.parsed.from?.value[0]).toMatchObject({ name: 'Coordination CTG', address: 'ctg@ctg.example.org' });
    expect(chantal.parsed.replyTo?.value[0]).toMatchObject({ name: 'Edwige Delcros', address: 'delcros.e@cclarzac.example.org' });
    const ics = chantal.parsed.attachments.find((a) => a.filename === 'invitation.ics');
    expect(ics).toBeDefined();
    const icsText = ics!.content.toString('utf8');
    expect(icsText).toContain('METHOD:REQUEST');
    expect(icsText).toMatch(/ATTENDEE;[^\r\n]*PARTSTAT=NEEDS-ACTION/);
    expect(chantal.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

    const rows = await stack.db.prisma.message.findMany({ where: { processId: first.body.id }, orderBy: { recipient: 'asc' } });
    expect(rows.map((r) => [r.recipient, r.kind, r.status])).toEqual([
      ['centre-social@larzac.example.org', 'INVITATION', 'SENT'],
      ['college@nant.example.org', 'INVITATION', 'SENT'],
      ['relais@larzac.example.org', 'INVITATION', 'SENT'],
    ]);
    for (const row of rows) {
      const mail = received.find((m) => m.envelope.to[0] === row.recipient)!;
      expect(mail.parsed.messageId).toBe(row.messageId);
      expect(row.smtpResponse).toMatch(/^250/);
    }

    const status = await stack.request('GET', `/api/processes/${first.body.id}?live=true`);
    expect(status.status).toBe(200);
    expect(status.body.steps[0]).toMatchObject({ key: 'lancement-partenaires', status: 'INVITED' });
    expect(status.body.live).toMatchObject({ phase: 'DIAGNOSTIC', completed: false });
    // Order is not delay: the séminaire, dated and following the launch, already waits for its own lead time.
    expect(status.body.live.steps.map((s: { status: string }) => s.status)).toEqual(['RUNNING', 'RUNNING']);

    // The territory's meetings as a subscription feed, with the same UID as the invitation.
    const feed = await fetch(`${stack.baseUrl}/api/territories/${territory.body.id}/calendar.ics`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const feedText = await feed.text();
    expect(feedText).toContain('METHOD:PUBLISH');
    expect(feedText).toMatch(/X-WR-CALNAME:CTG — Communauté de Communes Larzac et Vallées/);
    const uid = /UID:(\S+)/.exec(icsText)![1]!;
    expect(feedText).toContain(`UID:${uid}`);

    // Each invitation carries a personal link (no account) to the partner's own calendar feed and page.
    const personal = /(http:\/\/\S+\/p\/([A-Za-z0-9_-]{43}))\/calendar\.ics/.exec(chantal.parsed.text ?? '');
    expect(personal).not.toBeNull();
    const [, link, token] = personal!;
    const partnerFeed = await fetch(`${stack.baseUrl}/p/${token}/calendar.ics`);
    expect(partnerFeed.status).toBe(200);
    const partnerFeedText = (await partnerFeed.text()).replace(/\r\n[ \t]/g, ''); // unfolded
    expect(partnerFeedText).toContain(`UID:${uid}`);
    expect(partnerFeedText).toContain('X-WR-CALNAME:CTG — Communauté de Communes Larzac et Vallées — Chantal Fabre\\, « CPE »');
    const partnerPage = await (await fetch(`${stack.baseUrl}/p/${token}`)).text();
    expect(partnerPage).toContain('Bonjour Chantal Fabre, « CPE »');
    expect(partnerPage).toContain('Lancement partenaires');
    expect(link).toContain(`/p/${token}`);
    const stored = await stack.db.prisma.accessToken.findMany({ where: { purpose: 'PARTNER' } });
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain(token); // only hashes are kept
    const forged = await stack.request('GET', `/p/${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}/calendar.ics`);
    expect(forged.status).toBe(404);
    // The demonstration (which mails its sample partners) is an administrator's: others are sent to sign in.
    const demo = await stack.request('POST', '/demo', undefined, { token: null });
    expect([demo.status, demo.headers.get('location')]).toEqual([303, '/connexion']);
    // A person who opens a forged, expired or revoked link reads a page in French, not JSON.
    expect(String(forged.body)).toContain('Ce lien personnel n’est plus valable');
    const forgedPage = await fetch(`${stack.baseUrl}/p/${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}`);
    expect([forgedPage.status, forgedPage.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(await forgedPage.text()).toContain('Ce lien personnel n’est plus valable : demandez-en un nouveau à votre contact.');
    await stack.db.prisma.accessToken.updateMany({ where: { purpose: 'PARTNER' }, data: { revokedAt: new Date() } });
    expect((await fetch(`${stack.baseUrl}/p/${token}/calendar.ics`)).status).toBe(404);

    // The Info flash, as a page and sent on demand — once, however many times it is asked for.
    const page = await fetch(`${stack.baseUrl}/info-flash/${first.body.id}`);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain('Info flash n°1');
    expect(pageText).toContain('Lancement partenaires');
    const ask = () =>
      fetch(`${stack.baseUrl}/api/processes/${first.body.id}/info-flash`, { method: 'POST', headers: { 'idempotency-key': 'copil-2026-11', authorization: `Bearer ${stack.adminToken}` } });
    expect((await ask()).status).toBe(202);
    expect((await ask()).status).toBe(202);
    const flashes = await waitFor('the Info flash', async () => {
      const rows = await stack.db.prisma.message.findMany({ where: { processId: first.body.id, kind: 'INFO_FLASH' } });
      return rows.length >= 4 ? rows : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await stack.db.prisma.message.count({ where: { processId: first.body.id, kind: 'INFO_FLASH' } }))).toBe(4);
    expect(flashes.map((m) => m.recipient).sort()).toEqual([
      'centre-social@larzac.example.org', 'college@nant.example.org', 'maire@nant.example.org', 'relais@larzac.example.org',
    ]);
    expect(flashes[0]!.subject).toMatch(/Info flash n°1/);
    // Numbered, frozen and archived like an issue written on the page.
    const issue = await stack.db.prisma.newsletterIssue.findFirstOrThrow({ where: { processId: first.body.id } });
    expect(issue).toMatchObject({ number: 1, status: 'SENT', requestSlot: `${first.body.id}/demande-copil-2026-11` });
    expect((await fetch(`${stack.baseUrl}/lettres/${issue.id}`)).status).toBe(200);
  });
});
