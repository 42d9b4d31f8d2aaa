// People's changes to a running process, through the API and the workflow Updates, on a timeline where a
// day lasts one second: reschedule before and after the invitation, change place, cancel, add, complete,
// pause and resume, a missing date nudged, refusals with a reason, a worker restarted in the middle.
import nodeIcal from 'node-ical';
import { launchProcess } from '../../api/usecases/processes';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { planSchema } from '../../domain/plan';
import { createTerritoryWithPartners, dayOf, fastTimeline, waitFor, waitForStatus } from '../support/factories';
import { saveHistories } from '../support/histories';
import { startTestStack, type TestStack } from '../support/stack';

// A compressed day: long enough that the Updates of the first part land before the first invitations
// fall due (day 5) even on a loaded machine.
const DAY = 2000; // whole seconds: calendar files carry no milliseconds
const partners = { roles: ['PARTENAIRE'] };

describe('changes to a running process', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const calendarOf = (raw: string) => {
    const ics = /BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR/.exec(raw.replace(/=\r?\n/g, ''))?.[0];
    return ics ? Object.values(nodeIcal.sync.parseICS(ics)).find((c) => c?.type === "VEVENT") as nodeIcal.VEvent & { sequence?: string } : undefined;
  };

  it('applies each change and tells the people concerned', async () => {
    const territory = await createTerritoryWithPartners(stack);
    const timeline = fastTimeline(DAY, 2026, 2030);
    const plan = planSchema.parse({
      periodStart: 2026,
      periodEnd: 2030,
      nudgeEveryDays: 1,
      steps: [
        { key: 'rencontre-a', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre thématique petite enfance', audience: partners, startsAt: dayOf(timeline, 20), invitationLeadDays: 6, reminderDays: [], location: 'Salle des fêtes de Nant' },
        { key: 'rencontre-b', kind: 'RENCONTRE_THEMATIQUE', phase: 'DIAGNOSTIC', title: 'Rencontre thématique jeunesse', audience: partners, startsAt: dayOf(timeline, 10), invitationLeadDays: 5, reminderDays: [2] },
        { key: 'entretien-caf', kind: 'ENTRETIEN_PARTENAIRE', phase: 'DIAGNOSTIC', title: 'Entretien avec la Caf', reminderDays: [] },
        { key: 'analyse', kind: 'ANALYSE_DOCUMENTAIRE', phase: 'DIAGNOSTIC', title: 'Analyse documentaire', startsAt: dayOf(timeline, 300), reminderDays: [] },
      ],
    });
    const { process: launched } = await launchProcess(stack.apiDeps, territory.id, { plan }, { timeline, maxHistoryEvents: 60 });
    const workflowId = processWorkflowId(launched.id);
    const api = (method: string, path: string, body?: unknown) => stack.request(method, `/api/processes/${launched.id}${path}`, body);
    const messages = async (kind: string, key: string) => {
      const step = await stack.db.prisma.step.findFirstOrThrow({ where: { processId: launched.id, key } });
      return stack.db.prisma.message.findMany({ where: { stepId: step.id, kind }, orderBy: { recipient: 'asc' } });
    };
    await waitForStatus(stack, workflowId, (s) => s.steps.every((x) => x.status === 'RUNNING'), 'steps running');

    // Refusals come back as 409 with the workflow's reason.
    const unknown = await api('POST', '/steps/nope/cancel', {});
    expect(unknown.status).toBe(409);
    expect(unknown.body.detail).toBe('Étape « nope » inconnue dans ce processus.');
    const early = await api('POST', '/steps/rencontre-a/complete');
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/n’a pas encore eu lieu/);
    const badBody = await api('PATCH', '/steps/rencontre-a', { startsAt: 'demain' });
    expect(badBody.status).toBe(400);
    // A reason is optional; one given is 3 to 500 characters (the page's cancel form says the same).
    const shortReason = await api('POST', '/steps/rencontre-a/cancel', { reason: ' ab ' });
    expect(shortReason.status).toBe(400);
    expect(shortReason.body.errors).toEqual([{ field: 'reason', reason: 'de 3 à 500 caractères' }]);

    // A missing date is nudged every (compressed) day until it is set.
    await waitFor('two nudges', async () => (await messages('DATE_TO_SET', 'entretien-caf')).length >= 2);
    expect((await messages('DATE_TO_SET', 'entretien-caf'))[0]!.recipient).toBe('delcros.e@cclarzac.example.org');
    await api('PATCH', '/steps/entretien-caf', { startsAt: dayOf(timeline, 30), audienceEmails: ['alsh@larzac.example.org'] });
    const nudges = (await messages('DATE_TO_SET', 'entretien-caf')).length;

    // Reschedule before the invitation went out (due at day 14, moved to day 11): nothing is sent, the timer moves.
    const moved = await api('PATCH', '/steps/rencontre-a', { startsAt: dayOf(timeline, 17) });
    expect(moved.body).toMatchObject({ phase: 'DIAGNOSTIC' });
    expect(moved.body.steps.find((s: { key: string }) => s.key === 'rencontre-a')).toMatchObject({ startsAt: dayOf(timeline, 17), sequence: 0 });

    // Pause: rencontre-b's invitation falls due (day 5) while paused and waits for the resume.
    const paused = await api('POST', '/pause');
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    expect((await api('POST', '/pause')).body.detail).toBe('Le processus est déjà en pause.');

    // Add a step while running.
    const added = await api('POST', '/steps', { key: 'forum-cornus', kind: 'FORUM_HABITANTS', phase: 'DIAGNOSTIC', title: 'Forum habitants à Cornus', startsAt: dayOf(timeline, 40), invitationLeadDays: 30, reminderDays: [], audience: { roles: ['ELU'], public: true } });
    expect(added.status).toBe(201);
    expect((await api('POST', '/steps', { key: 'forum-cornus', kind: 'FORUM_HABITANTS', phase: 'DIAGNOSTIC', title: 'Encore' })).status).toBe(409);

    // Still paused past day 5: nothing sent for rencontre-b (nor the forum). Resume: it goes out.
    await waitFor('day 6.5', async () => Date.now() > Date.parse(dayOf(timeline, 6.5)));
    expect(await messages('INVITATION', 'rencontre-b')).toHaveLength(0);
    expect(await messages('INVITATION', 'forum-cornus')).toHaveLength(0);
    expect((await api('POST', '/resume')).body.paused).toBe(false);
    await waitFor('rencontre-b invitations', async () => (await messages('INVITATION', 'rencontre-b')).length === 3);
    await waitFor('forum invitations', async () => (await messages('INVITATION', 'forum-cornus')).length === 2);
    // rencontre-b's 2-day reminder, and the list of who is coming for the coordinator (day 8).
    await waitFor('rencontre-b reminders', async () => (await messages('REMINDER', 'rencontre-b')).length === 3);
    await waitFor('rencontre-b summary', async () => (await messages('REGISTRATION_SUMMARY', 'rencontre-b')).length === 1);

    // The worker goes away (a deploy, a crash) while rencontre-a's invitation falls due (day 11), then comes back.
    await stack.stopWorker();
    await waitFor('day 11.5', async () => Date.now() > Date.parse(dayOf(timeline, 11.5)));
    expect(await messages('INVITATION', 'rencontre-a')).toHaveLength(0);
    await stack.startWorker();
    const invitations = await waitFor('rencontre-a invitations', async () => {
      const rows = await messages('INVITATION', 'rencontre-a');
      return rows.length === 3 && rows.every((m) => m.status === 'SENT') ? rows : null;
    });
    const first = calendarOf(await stack.sourceOf(invitations[0]!))!;
    expect(first.start.toISOString()).toBe(dayOf(timeline, 17));
    expect(String(first.sequence)).toBe('0');

    // Reschedule after the invitation: an update, same UID, SEQUENCE 1, at once.
    const rescheduled = await api('PATCH', '/steps/rencontre-a', { startsAt: dayOf(timeline, 25) });
    expect(rescheduled.body.steps?.find((s: { key: string }) => s.key === 'rencontre-a')).toMatchObject({ sequence: 1, startsAt: dayOf(timeline, 25) });
    const updates = await waitFor('updates', async () => {
      const rows = await messages('UPDATE', 'rencontre-a');
      return rows.length === 3 ? rows : null;
    });
    const updated = calendarOf(await stack.sourceOf(updates[0]!))!;
    expect(updated.uid).toBe(first.uid);
    expect(String(updated.sequence)).toBe('1');
    expect(updated.start.toISOString()).toBe(dayOf(timeline, 25));

    // Change the place: another update, SEQUENCE 2.
    await api('PATCH', '/steps/rencontre-a', { location: 'Mairie de Cornus, salle du conseil' });
    const placeUpdates = await waitFor('place updates', async () => {
      const rows = (await messages('UPDATE', 'rencontre-a')).filter((m) => m.sequence === 2);
      return rows.length === 3 ? rows : null;
    });
    expect(calendarOf(await stack.sourceOf(placeUpdates[0]!))!.location).toBe('Mairie de Cornus, salle du conseil');

    // Cancel: METHOD:CANCEL to those invited, same UID, higher SEQUENCE.
    const cancelled = await api('POST', '/steps/rencontre-a/cancel', { reason: 'Salle indisponible' });
    expect(cancelled.body.steps.find((s: { key: string }) => s.key === 'rencontre-a').status).toBe('CANCELLED');
    const cancellations = await waitFor('cancellations', async () => {
      const rows = await messages('CANCELLATION', 'rencontre-a');
      return rows.length === 3 ? rows : null;
    });
    expect(await stack.sourceOf(cancellations[0]!)).toMatch(/method=CANCEL/);
    const cancelEvent = calendarOf(await stack.sourceOf(cancellations[0]!))!;
    expect(cancelEvent.uid).toBe(first.uid);
    expect(String(cancelEvent.sequence)).toBe('3');
    expect(cancelEvent.status).toBe('CANCELLED');
    expect((await api('PATCH', '/steps/rencontre-a', { location: 'Ailleurs' })).status).toBe(409);

    // rencontre-b (day 10, during the outage) got one reminder, then was held: its coordinator is asked
    // who came and for the minutes; nobody is thanked before that.
    expect((await messages('REMINDER', 'rencontre-b')).map((m) => m.idempotencyKey.split(':')[0])).toEqual(Array(3).fill('REMINDER/2j'));
    expect((await messages('REGISTRATION_SUMMARY', 'rencontre-b')).map((m) => m.recipient)).toEqual(['delcros.e@cclarzac.example.org']);
    const minutes = await waitFor('rencontre-b minutes request', async () => {
      const rows = await messages('MINUTES_REQUEST', 'rencontre-b');
      return rows.length > 0 ? rows : null;
    });
    expect(minutes.map((m) => m.recipient)).toEqual(['delcros.e@cclarzac.example.org']);
    expect(await messages('FOLLOW_UP', 'rencontre-b')).toEqual([]);

    // Complete a task before its due date.
    const done = await api('POST', '/steps/analyse/complete');
    expect(done.body.steps.find((s: { key: string }) => s.key === 'analyse').status).toBe('DONE');

    // Nothing was sent twice, the nudges stopped once the date was set, and the process carried its
    // state across continue-as-new (the low history limit forces it).
    expect((await messages('DATE_TO_SET', 'entretien-caf')).length).toBe(nudges);
    const all = await stack.db.prisma.message.findMany({ where: { processId: launched.id } });
    expect(stack.smtp!.received.length).toBe(all.filter((m) => m.status === 'SENT').length);
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    expect(runs.length).toBeGreaterThan(1);
    await saveHistories(stack.config.TEMPORAL_ADDRESS, {
      'process-changes.json': workflowId,
      'step-rencontre-a-changes.json': stepWorkflowId(launched.id, 'rencontre-a'),
      'step-rencontre-b-paused.json': stepWorkflowId(launched.id, 'rencontre-b'),
    });
    const status = await api('GET', '?live=true');
    expect(status.body.live.steps.map((s: { key: string; status: string }) => `${s.key}:${s.status}`)).toEqual([
      'rencontre-a:CANCELLED',
      'rencontre-b:HELD',
      'entretien-caf:RUNNING',
      'analyse:DONE',
      'forum-cornus:RUNNING',
    ]);
  }, 240_000);
});
