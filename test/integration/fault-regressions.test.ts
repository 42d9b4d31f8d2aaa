// What `npm run faults` found, kept fixed: messages claimed by an attempt that died with its worker were
// counted as done (lost for good); bad input that reached the database or the cookie parser answered 500;
// two concurrent changes of one account collided; an Update's deadline, or a connection closed under a
// query, answered 500 instead of 503.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { idempotencyKeyOf, MessagesInFlightError } from '../../infra/mail';
import { createTerritoryWithPartners, larzacContacts } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;

describe('fault regressions', () => {
  let stack: TestStack;
  let territoryId: string;
  let processId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    territoryId = (await createTerritoryWithPartners(stack)).id;
    const launched = await stack.request('POST', `/api/territories/${territoryId}/processes`, {
      periodStart: 2027,
      periodEnd: 2031,
      steps: [
        // Far ahead: the workflow invites nobody while the test drives the activity itself.
        { key: 'rencontre', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(Date.now() + 90 * DAY).toISOString(), location: 'Mairie' },
      ],
    });
    expect(launched.status).toBe(201);
    processId = launched.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('does not count a message claimed by a dead attempt as sent: the activity fails and its retry sends it once the claim expires', async () => {
    const { prisma } = stack.db;
    const step = await prisma.step.findFirstOrThrow({ where: { processId, key: 'rencontre' } });
    const partners = larzacContacts.filter((c) => c.roles.includes('PARTENAIRE')).map((c) => c.email);
    const [claimed] = partners;
    // What a worker killed between the claim and the mark leaves behind.
    await prisma.message.create({
      data: {
        idempotencyKey: idempotencyKeyOf({ kind: 'INVITATION', stepId: step.id, recipient: claimed!, sequence: 0 }),
        messageId: '<claimed@ctg.example.org>',
        processId,
        stepId: step.id,
        recipient: claimed!,
        kind: 'INVITATION',
        subject: 'Invitation : Rencontre',
        raw: `From: ctg@ctg.example.org\r\nTo: ${claimed}\r\nSubject: Invitation : Rencontre\r\nMessage-ID: <claimed@ctg.example.org>\r\n\r\nBonjour\r\n`,
        claimedAt: new Date(),
      },
    });
    const activities = createActivities({ prisma, mailer: stack.mailer, config: stack.config, logger: stack.apiDeps.logger });
    const send = () => new MockActivityEnvironment().run(activities.sendStepMessages, { stepId: step.id, kind: 'INVITATION' as const, sequence: 0 });

    await expect(send()).rejects.toBeInstanceOf(MessagesInFlightError);
    // Everyone else was invited meanwhile.
    const received = (to: string) => stack.smtp!.received.filter((m) => m.envelope.to[0] === to);
    for (const email of partners.slice(1)) expect(received(email)).toHaveLength(1);
    expect(received(claimed!)).toHaveLength(0);

    // The claim's lease over, the retry takes the message over and sends it.
    await prisma.message.updateMany({ where: { recipient: claimed, stepId: step.id }, data: { claimedAt: new Date(Date.now() - 3 * 60_000) } });
    await expect(send()).resolves.toMatchObject({ delivered: 1, alreadyDone: partners.length - 1 });
    expect(received(claimed!)).toHaveLength(1);
    for (const email of partners.slice(1)) expect(received(email)).toHaveLength(1);
  });

  it('answers 401, not 500, to a session cookie that is not valid percent-encoding', async () => {
    const answer = await stack.request('GET', '/api/me', undefined, { token: null, headers: { cookie: 'ctg_session=%E9%ZZ' } });
    expect(answer.status).toBe(401);
  });

  it('refuses a NUL character with a 400 naming the field, before it reaches the database or a workflow', async () => {
    const territory = await stack.request('POST', '/api/territories', { name: 'CC du\u0000Test', cafName: 'Caf du Test', coordinatorName: 'Coordination', coordinatorEmail: 'coord@ctg.example.org' });
    expect(territory.status).toBe(400);
    expect(territory.body.errors).toEqual([{ field: 'name', reason: 'caractère nul (U+0000) interdit' }]);
    const change = await stack.request('PATCH', `/api/processes/${processId}/steps/rencontre`, { location: 'Mairie\u0000annexe' });
    expect(change.status).toBe(400);
    expect(change.body.errors[0].field).toBe('location');
  });

  it('answers 400 to a pagination cursor altered to hold something else than an id', async () => {
    const cursor = Buffer.from(JSON.stringify(['Communauté', 'pas-un-uuid'])).toString('base64url');
    for (const url of [`/api/territories?cursor=${cursor}`, `/api/processes/${processId}/messages?cursor=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'pas-un-uuid'])).toString('base64url')}`]) {
      const answer = await stack.request('GET', url);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].field).toBe('cursor');
    }
  });

  it('answers 503, not 500, to a change no worker takes up before the Update’s deadline', async () => {
    await stack.stopWorker();
    try {
      const started = Date.now();
      const answer = await stack.request('PATCH', `/api/processes/${processId}/steps/rencontre`, { location: 'Salle du conseil' });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(Date.now() - started).toBeLessThan(25_000);
    } finally {
      await stack.startWorker();
    }
  }, 60_000);

  it('applies concurrent changes of one account’s territories without a 500', async () => {
    const { user } = await stack.createUser('COORDINATOR');
    const answers = await Promise.all(Array.from({ length: 6 }, () => stack.request('PATCH', `/api/users/${user.id}`, { territoryIds: [territoryId] })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(await stack.db.prisma.territoryCoordinator.count({ where: { userId: user.id } })).toBe(1);
  });
});
