// Timely messages never wait behind a burst: bulk sends (invitations) and timely ones (registration
// notices, reminders, changes) go on queues of their own. With no delivery worker polling the bulk queue
// at all, as if a burst held every one of its slots, a registration is still confirmed at once; the
// invitations go out as soon as a delivery worker comes.
import { deliveryQueueOf } from '../../domain/task-queues';
import { createCtgWorkers } from '../../worker/ctg-workers';
import { createTerritoryWithPartners, larzacContacts, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;

describe('delivery queues', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ workerRole: 'workflows' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends a registration notice while the bulk queue is not served, then the invitations once it is', async () => {
    const territory = await createTerritoryWithPartners(stack);
    const partners = larzacContacts.filter((c) => c.roles.includes('PARTENAIRE'));
    const launched = await stack.request('POST', `/api/territories/${territory.id}/processes`, {
      periodStart: 2027,
      periodEnd: 2031,
      // Its invitation is due at once (the lead time is already past).
      steps: [{ key: 'rencontre', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre petite enfance', audience: { roles: ['PARTENAIRE'] }, startsAt: new Date(Date.now() + 10 * DAY).toISOString(), location: 'Mairie de Nant', capacity: 20 }],
    });
    expect(launched.status).toBe(201);
    const processId = launched.body.id as string;
    const received = (subject: RegExp) => stack.smtp!.received.filter((m) => subject.test(m.parsed.subject ?? ''));

    // The invitation waits on the delivery queue, which nobody polls.
    await waitFor('the invitation scheduled on the delivery queue', async () => {
      const description = await stack.temporal.workflow.getHandle(`ctg-process/${processId}/step/rencontre`).describe().catch(() => null); // not started yet
      return description?.raw.pendingActivities?.some((a) => a.activityType?.name === 'sendStepMessages');
    });
    const [pending] = (await stack.temporal.workflow.getHandle(`ctg-process/${processId}/step/rencontre`).describe()).raw.pendingActivities ?? [];
    expect(pending?.attempt ?? 1).toBeLessThanOrEqual(1);

    // A registration meanwhile: its notice takes the timely queue and arrives.
    const registered = await stack.request('POST', `/api/processes/${processId}/steps/rencontre/registrations`, { email: partners[0]!.email, fullName: partners[0]!.fullName });
    expect(registered.status).toBe(201);
    await waitFor('the registration confirmed', async () => received(/^Inscription confirmée : Rencontre petite enfance/).length === 1);
    expect(received(/^Invitation : Rencontre petite enfance/)).toHaveLength(0);

    // A delivery worker arrives: the invitations go out, once each.
    const { workers, connection } = await createCtgWorkers({
      role: 'delivery',
      config: stack.config,
      deps: { prisma: stack.db.prisma, mailer: stack.mailer, config: stack.config, logger: stack.apiDeps.logger },
    });
    expect(workers.workers.map((w) => w.options.taskQueue)).toEqual([deliveryQueueOf(stack.config.TEMPORAL_TASK_QUEUE)]);
    const running = workers.run();
    try {
      await waitFor('the invitations', async () => received(/^Invitation : Rencontre petite enfance/).length === partners.length);
      expect(new Set(received(/^Invitation : /).map((m) => m.envelope.to[0])).size).toBe(partners.length);
    } finally {
      workers.shutdown();
      await running;
      await connection.close();
    }
  });
});
