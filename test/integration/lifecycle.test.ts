// A whole convention on the real stack, with a day compressed to 100 ms: every step kind of the standard
// plan, the phases, the mise en œuvre after the signature, the renewal, the end of the period.
import { launchProcess } from '../../api/usecases/processes';
import { processWorkflowId, stepWorkflowId } from '../../domain/ids';
import { stepKinds } from '../../domain/plan';
import { completeStepUpdate, changeStepUpdate } from '../../workflows/definitions';
import { createTerritoryWithPartners, datedStandardPlan, dayOf, fastTimeline, waitFor, waitForStatus, lifecycleDays } from '../support/factories';
import { intervieweeAudience, larzacAnswers, larzacInterviewee } from '../../scripts/lib/larzac';
import { saveHistories } from '../support/histories';
import { startTestStack, type TestStack } from '../support/stack';

// LIFECYCLE_YEARS=5 runs a five-year convention (about 3 minutes) to measure its history; CI runs two years.
const years = Number(process.env.LIFECYCLE_YEARS ?? 2);
const DAY_MS = 100;
const answers = larzacAnswers(years);


describe('a convention from launch to renewal', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs every step kind, changes phase, creates the mise en œuvre, renews and completes', async () => {
    const territory = await createTerritoryWithPartners(stack);
    await stack.request('POST', `/api/territories/${territory.id}/contacts`, [larzacInterviewee]);
    const timeline = fastTimeline(DAY_MS, answers.periodStart, answers.periodEnd);
    const plan = datedStandardPlan(answers, timeline, lifecycleDays, (step) =>
      step.key === 'entretien-1'
        ? { audience: intervieweeAudience }
        : step.key === 'lancement-partenaires'
          ? { invitationLeadDays: 40, reminderDays: [20] } // reminder 2 s after the invitation: room for a busy machine (every dated step starts at launch)
          : {},
    );
    const { process: launched } = await launchProcess(stack.apiDeps, territory.id, { plan, answers: null }, { timeline });
    const workflowId = processWorkflowId(launched.id);
    const handle = stack.temporal.workflow.getHandle(workflowId);

    // Tasks wait for the coordinator: complete them as soon as they run.
    for (const key of ['analyse-documentaire', 'redaction-convention']) {
      await waitForStatus(stack, workflowId, (s) => s.steps.find((x) => x.key === key)?.status === 'RUNNING', `${key} running`);
      await handle.executeUpdate(completeStepUpdate, { args: [{ key }] });
    }

    // After the signature: a COPIL and a COTECH for 2027, and the evaluation, « date à fixer » and nudged.
    const implementation = await waitForStatus(stack, workflowId, (s) => s.phase === 'MISE_EN_OEUVRE', 'mise en œuvre', 60_000);
    const implementationYears = Array.from({ length: years - 1 }, (_, i) => 2027 + i);
    expect(implementation.steps.filter((s) => s.phase === 'MISE_EN_OEUVRE').map((s) => s.key)).toEqual([
      ...implementationYears.flatMap((year) => [`copil-${year}`, `cotech-${year}`]),
      'evaluation',
    ]);
    const copilStep = await stack.db.prisma.step.findFirstOrThrow({ where: { processId: launched.id, key: 'copil-2027' } });
    await waitFor('a nudge to fix the COPIL date', () =>
      stack.db.prisma.message.findFirst({ where: { stepId: copilStep.id, kind: 'DATE_TO_SET' } }),
    );
    await handle.executeUpdate(changeStepUpdate, { args: [{ key: 'copil-2027', changes: { startsAt: dayOf(timeline, 420) } }] });
    await handle.executeUpdate(changeStepUpdate, { args: [{ key: 'cotech-2027', changes: { startsAt: dayOf(timeline, 425) } }] });
    await waitForStatus(stack, workflowId, (s) => s.steps.find((x) => x.key === 'evaluation')?.status === 'RUNNING', 'evaluation running');
    await handle.executeUpdate(changeStepUpdate, { args: [{ key: 'evaluation', changes: { startsAt: dayOf(timeline, years * 365 - 30) } }] });

    // Renewal 9 months before the end, then the end of the period.
    const renewed = await waitForStatus(stack, workflowId, (s) => s.renewalProcessId !== null && s.phase === 'RENOUVELLEMENT', 'renewal', years * 365 * DAY_MS);
    expect(renewed.phase).toBe('RENOUVELLEMENT');
    const result = await handle.result();
    expect(result.completed).toBe(true);

    const prisma = stack.db.prisma;
    const renewal = await prisma.process.findUniqueOrThrow({ where: { id: renewed.renewalProcessId! } });
    expect(renewal).toMatchObject({ kind: 'RENOUVELLEMENT', periodStart: 2026 + years, periodEnd: 2025 + 2 * years, previousProcessId: launched.id, territoryId: territory.id });
    const renewalRun = await stack.temporal.workflow.getHandle(processWorkflowId(renewal.id)).describe();
    expect(renewalRun.status.name).toBe('RUNNING');
    expect(await prisma.step.count({ where: { processId: renewal.id } })).toBeGreaterThan(15);
    expect((await prisma.process.findUniqueOrThrow({ where: { id: launched.id } })).status).toBe('COMPLETED');

    const steps = await prisma.step.findMany({ where: { processId: launched.id }, orderBy: { position: 'asc' } });
    const coveredKinds = new Set(steps.map((s) => s.kind));
    // Every kind of the standard plan; the yearly committees are now meetings of the territory's bodies.
    expect([...stepKinds].filter((k) => !coveredKinds.has(k))).toEqual(['COPIL_ANNUEL', 'COTECH_ANNUEL']);
    expect(steps.filter((s) => s.phase === 'MISE_EN_OEUVRE' && s.body).map((s) => `${s.key}:${s.body}:${s.title}`)).toEqual(
      implementationYears.flatMap((year) => [`copil-${year}:copil:Comité de pilotage ${year}`, `cotech-${year}:cotech:Comité technique ${year}`]),
    );
    const statusOf = Object.fromEntries(steps.map((s) => [s.key, s.status]));
    expect(statusOf).toMatchObject({
      'seminaire-elus': 'HELD',
      'analyse-documentaire': 'DONE',
      'consultation-habitants': 'DONE',
      'gt-petite-enfance-2': 'HELD',
      'redaction-convention': 'DONE',
      signature: 'HELD',
      'copil-2027': 'HELD',
      'cotech-2027': 'HELD',
      evaluation: 'CANCELLED', // the period ended before it was completed; it was flagged late first
    });
    expect(steps.find((s) => s.key === 'evaluation')!.late).toBe(true);

    const messages = await prisma.message.findMany({ where: { processId: launched.id } });
    const sent = (kind: string, key?: string) =>
      messages.filter((m) => m.kind === kind && (key === undefined || m.stepId === steps.find((s) => s.key === key)!.id));
    const recipients = (kind: string, key: string) => sent(kind, key).map((m) => m.recipient).sort();
    expect(messages.every((m) => m.status === 'SENT')).toBe(true);

    // Invitations went to each step's audience, once each.
    expect(recipients('INVITATION', 'seminaire-elus')).toEqual(['maire@cornus.example.org', 'maire@nant.example.org']);
    expect(recipients('INVITATION', 'entretien-1')).toEqual(['entretien@caf12.example.org']);
    expect(recipients('INVITATION', 'gt-petite-enfance-1')).toEqual(['rpe@larzac.example.org']);
    expect(recipients('INVITATION', 'gt-petite-enfance-2')).toEqual(['rpe@larzac.example.org']); // those invited to the first session
    expect(recipients('INVITATION', 'restitution-copil')).toEqual(['maire@nant.example.org']);
    expect(recipients('INVITATION', 'cotech-2027')).toEqual(['alsh@larzac.example.org']);

    // A reminder, the follow-up after (at 100 ms a day, offsets of a day or two are checked on the
    // slower clock of process-changes.test.ts).
    expect(sent('REMINDER', 'lancement-partenaires').map((m) => m.idempotencyKey.split(':')[0])).toEqual(Array(4).fill('REMINDER/20j'));
    // Held meetings wait for their coordinator to say who came: asked (and reminded), nobody thanked meanwhile.
    expect(sent('FOLLOW_UP')).toEqual([]);
    expect(new Set(recipients('MINUTES_REQUEST', 'restitution-finale'))).toEqual(new Set(['delcros.e@cclarzac.example.org']));
    expect(sent('MINUTES_REQUEST', 'restitution-finale').map((m) => m.idempotencyKey.split(':')[0])).toContain('MINUTES_REQUEST/relance-1');
    // The survey window: opening to partners and elected officials as relays, a reminder, the closing.
    expect(recipients('SURVEY_OPENING', 'consultation-habitants')).toHaveLength(6);
    expect(recipients('SURVEY_CLOSING_REMINDER', 'consultation-habitants')).toHaveLength(6);
    expect(recipients('SURVEY_CLOSED', 'consultation-habitants')).toEqual(['delcros.e@cclarzac.example.org']);
    // The evaluation's due date passed: coordinator and Caf adviser told.
    expect(recipients('STEP_LATE', 'evaluation')).toEqual(['delcros.e@cclarzac.example.org', 'helene.ricard@caf12.example.org']);
    // Phases and renewal, to the coordinator and the Caf adviser.
    const phaseChanges = sent('PHASE_CHANGED').filter((m) => m.recipient === 'helene.ricard@caf12.example.org').map((m) => m.idempotencyKey.split(':')[0]);
    expect(phaseChanges.sort()).toEqual(
      [
        `PHASE_CHANGED/${launched.id}/DIAGNOSTIC-PLAN_ACTIONS`,
        `PHASE_CHANGED/${launched.id}/MISE_EN_OEUVRE-RENOUVELLEMENT`,
        `PHASE_CHANGED/${launched.id}/PLAN_ACTIONS-MISE_EN_OEUVRE`,
      ].sort(),
    );
    // At each phase milestone, a newsletter issue is drafted and its coordinator asked to read it; nothing
    // goes to partners without them (one draft at a time: the next milestone reminds them of the same one).
    expect(sent('INFO_FLASH')).toEqual([]);
    const drafts = sent('NEWSLETTER_DRAFT').map((m) => m.idempotencyKey.split(':')[0]!.split('/').pop());
    expect(drafts.sort()).toEqual(['phase-MISE_EN_OEUVRE', 'phase-PLAN_ACTIONS', 'phase-RENOUVELLEMENT']);
    expect(new Set(sent('NEWSLETTER_DRAFT').map((m) => m.recipient))).toEqual(new Set(['delcros.e@cclarzac.example.org']));
    expect(await prisma.newsletterIssue.count({ where: { processId: launched.id } })).toBe(1);
    expect(sent('RENEWAL_STARTED').map((m) => m.recipient).sort()).toEqual(['delcros.e@cclarzac.example.org', 'helene.ricard@caf12.example.org']);
    // Every message recorded as sent was received, and nothing else: the renewal runs on meanwhile, so its
    // messages are counted as they stand (sent ones received, claimed ones on their way at most).
    const renewalSent = await prisma.message.count({ where: { processId: renewal.id, status: 'SENT' } });
    await stack.smtp!.waitFor(messages.length + renewalSent);
    expect(stack.smtp!.received.length).toBeLessThanOrEqual(messages.length + (await prisma.message.count({ where: { processId: renewal.id } })));

    // History sizes, for the record (and the replay fixtures when RECORD_HISTORIES is set).
    const history = await handle.fetchHistory();
    process.stdout.write(`\nprocess workflow history, ${years}-year convention: ${history.events?.length} events over ${steps.length} steps\n`);
    await saveHistories(stack.config.TEMPORAL_ADDRESS, {
      'process-lifecycle.json': workflowId,
      ...Object.fromEntries(
        ['consultation-habitants', 'analyse-documentaire', 'gt-petite-enfance-2', 'copil-2027', 'signature'].map((key) => [`step-${key}.json`, stepWorkflowId(launched.id, key)]),
      ),
    });
  }, years * 365 * DAY_MS + 90_000);
});
