// A territory whose plan is not the standard one, on the real stack with a compressed day: a meeting
// dated before the one it follows is still invited at its lead time (order is not delay); a meeting
// asked to « invite only after » another waits for it; a month-dated step is not nudged until its month
// nears; with no signature step, closing the plan phase starts the mise en œuvre; the renewal starts from
// this plan's own steps and words. Every email carries the steps' own titles and descriptions.
import { launchProcess } from '../../api/usecases/processes';
import { processWorkflowId } from '../../domain/ids';
import { planSchema } from '../../domain/plan';
import { createTerritoryWithPartners, dayOf, fastTimeline, waitFor, waitForStatus } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 500;
const partners = { roles: ['PARTENAIRE'] };

describe('a plan of the territory’s own', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs its own steps in its own words, invites at lead time, and renews from itself', async () => {
    const territory = await createTerritoryWithPartners(stack, { name: 'Agglo du Causse', nameArticle: 'l’', coordinatorFunction: 'Cheffe de projet CTG' });
    // Its own governance: a body of funders whose members are a contact group of its own.
    const unknownGroup = await stack.request('PATCH', `/api/territories/${territory.id}`, {
      bodies: [{ key: 'cofi', name: 'Comité des financeurs', members: { groups: ['financeurs'] }, meetsYearly: true }],
    });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.errors).toEqual([{ field: 'bodies.0.members.groups.0', reason: 'groupe « financeurs » inconnu du territoire (ajoutez-le à contactGroups)' }]);
    const words = await stack.request('PATCH', `/api/territories/${territory.id}`, {
      contactGroups: [{ key: 'financeurs', label: 'Financeurs' }],
      bodies: [{ key: 'cofi', name: 'Comité des financeurs', shortName: 'CoFi', members: { groups: ['financeurs'] }, meetsYearly: true }],
    });
    expect(words.status).toBe(200);
    const imported = await stack.request('POST', `/api/territories/${territory.id}/contacts`, undefined, {
      headers: { 'content-type': 'text/csv' },
      raw: 'courriel;nom;fonction;groupes\nmsa@causse.example.org;Marie Soulié;Chargée d’action sociale MSA;Financeurs\n',
    });
    expect(imported.status).toBe(200);
    const timeline = fastTimeline(DAY, 2026, 2026);
    const plan = planSchema.parse({
      periodStart: 2026,
      periodEnd: 2026,
      // The renewal soon after launch, so the test sees it: 11 months before the end of a one-year period.
      renewalLeadMonths: 11,
      nudgeEveryDays: 2,
      phaseLabels: { DIAGNOSTIC: 'Étape 1 – Le portrait du Causse', PLAN_ACTIONS: 'Étape 2 – Les engagements' },
      steps: [
        {
          // A meeting of its own body: its members (a group) are invited, none of the standard committees.
          key: 'cofi-lancement',
          behaviour: 'MEETING',
          phase: 'DIAGNOSTIC',
          title: 'Comité des financeurs de lancement',
          body: 'cofi',
          startsAt: dayOf(timeline, 9),
          invitationLeadDays: 5,
          reminderDays: [],
        },
        {
          key: 'lancement',
          behaviour: 'MEETING',
          phase: 'DIAGNOSTIC',
          title: 'Ouverture de la démarche au Causse',
          description: 'Présentation du calendrier et des ateliers.',
          audience: partners,
          startsAt: dayOf(timeline, 12),
          invitationLeadDays: 4,
          reminderDays: [],
        },
        {
          // Dated before the step it follows: still invited at its own lead time (day 3), before « lancement » is held.
          key: 'table-ronde',
          behaviour: 'MEETING',
          phase: 'DIAGNOSTIC',
          title: 'Table ronde mobilité des familles',
          description: 'Une seule séance : transporteurs, centres sociaux et familles.',
          audience: partners,
          startsAt: dayOf(timeline, 8),
          invitationLeadDays: 5,
          reminderDays: [],
          dependsOn: ['lancement'],
        },
        {
          // Its lead time (day 6) comes before « lancement » is held (day 12): it waits for it.
          key: 'atelier-suite',
          behaviour: 'MEETING',
          phase: 'DIAGNOSTIC',
          title: 'Atelier de restitution aux partenaires',
          audience: partners,
          startsAt: dayOf(timeline, 26),
          invitationLeadDays: 20,
          reminderDays: [],
          inviteAfter: ['lancement'],
        },
        { key: 'note-enjeux', behaviour: 'TASK', phase: 'PLAN_ACTIONS', title: 'Note d’enjeux au bureau communautaire', reminderDays: [] },
        { key: 'deliberation', behaviour: 'MILESTONE', phase: 'PLAN_ACTIONS', title: 'Délibération du conseil communautaire', month: '2031-06', reminderDays: [] },
      ],
    });
    const { process: launched } = await launchProcess(stack.apiDeps, territory.id, { plan }, { timeline });
    const workflowId = processWorkflowId(launched.id);
    const prisma = stack.db.prisma;
    const stepIdOf = async (key: string) => (await prisma.step.findFirstOrThrow({ where: { processId: launched.id, key } })).id;
    const sent = async (kind: string, key: string) => prisma.message.findMany({ where: { stepId: await stepIdOf(key), kind } });

    // Order is not delay: the table ronde is invited while « lancement », which it follows, is still to come.
    await waitFor('the table ronde invitations', async () => (await sent('INVITATION', 'table-ronde')).length === 4);
    expect((await prisma.step.findFirstOrThrow({ where: { processId: launched.id, key: 'lancement' } })).status).not.toBe('HELD');
    await waitFor('the funders’ invitation', async () => (await sent('INVITATION', 'cofi-lancement')).length === 1);
    expect((await sent('INVITATION', 'cofi-lancement')).map((m) => m.recipient)).toEqual(['msa@causse.example.org']);
    // « Inviter seulement après »: the atelier waits for « lancement » to be held, then invites at once.
    expect(await sent('INVITATION', 'atelier-suite')).toHaveLength(0);
    await waitFor('lancement held', async () => (await prisma.step.findFirstOrThrow({ where: { processId: launched.id, key: 'lancement' } })).status === 'HELD', 30_000);
    await waitFor('the atelier invitations', async () => (await sent('INVITATION', 'atelier-suite')).length === 4);
    // The elected officials added to its audience after the invitation: they are invited, nobody twice.
    expect((await stack.request('PATCH', `/api/processes/${launched.id}/steps/atelier-suite`, { audience: { roles: ['PARTENAIRE', 'ELU'] } })).status).toBe(200);
    await waitFor('the newcomers’ invitations', async () => (await sent('INVITATION', 'atelier-suite')).length === 6);
    const atelier = await sent('INVITATION', 'atelier-suite');
    expect(new Set(atelier.map((m) => m.recipient)).size).toBe(6);
    expect(atelier.filter((m) => m.recipient.startsWith('maire@')).map((m) => m.idempotencyKey)).toEqual([
      expect.stringMatching(/^INVITATION\/nouveaux-1:/),
      expect.stringMatching(/^INVITATION\/nouveaux-1:/),
    ]);

    // The undated task is nudged; the milestone dated to a far month is not, yet.
    await waitFor('a nudge for the task', async () => (await sent('DATE_TO_SET', 'note-enjeux')).length > 0);
    expect(await sent('DATE_TO_SET', 'deliberation')).toHaveLength(0);

    // No signature step: the coordinator completes the task and closes the plan phase; the mise en œuvre follows.
    expect((await stack.request('POST', `/api/processes/${launched.id}/steps/note-enjeux/complete`)).status).toBe(200);
    await waitForStatus(stack, workflowId, (s) => s.steps.find((x) => x.key === 'atelier-suite')?.status === 'HELD', 'atelier held', 30_000);
    expect((await stack.request('POST', `/api/processes/${launched.id}/phases/PLAN_ACTIONS/close`)).status).toBe(200);
    const implementation = await waitForStatus(stack, workflowId, (s) => s.steps.some((x) => x.phase === 'MISE_EN_OEUVRE'), 'mise en œuvre', 30_000);
    expect(implementation.steps.filter((s) => s.phase === 'MISE_EN_OEUVRE').map((s) => s.key)).toContain('evaluation');

    // The renewal: this plan's diagnostic and plan steps, their words, no dates.
    const renewed = await waitForStatus(stack, workflowId, (s) => s.renewalProcessId !== null, 'renewal', 60_000);
    const renewalSteps = await prisma.step.findMany({ where: { processId: renewed.renewalProcessId! }, orderBy: { position: 'asc' } });
    expect(renewalSteps.map((s) => [s.key, s.behaviour, s.title, s.startsAt, s.month])).toEqual([
      ['cofi-lancement', 'MEETING', 'Comité des financeurs de lancement', null, null],
      ['lancement', 'MEETING', 'Ouverture de la démarche au Causse', null, null],
      ['table-ronde', 'MEETING', 'Table ronde mobilité des familles', null, null],
      ['atelier-suite', 'MEETING', 'Atelier de restitution aux partenaires', null, null],
      ['note-enjeux', 'TASK', 'Note d’enjeux au bureau communautaire', null, null],
      ['deliberation', 'MILESTONE', 'Délibération du conseil communautaire', null, null],
    ]);
    expect(renewalSteps[0]).toMatchObject({ body: 'cofi' });
    expect(renewalSteps[2]).toMatchObject({ description: 'Une seule séance : transporteurs, centres sociaux et familles.', dependsOn: ['lancement'] });
    expect(renewalSteps[3]).toMatchObject({ inviteAfter: ['lancement'] });
    expect((await prisma.process.findUniqueOrThrow({ where: { id: renewed.renewalProcessId! } })).phaseLabels).toMatchObject({ DIAGNOSTIC: 'Étape 1 – Le portrait du Causse' });

    // The adviser reads the phase change in this process's own words.
    const phaseMail = await prisma.message.findFirstOrThrow({ where: { processId: launched.id, kind: 'PHASE_CHANGED', recipient: 'helene.ricard@caf12.example.org' } });
    expect(phaseMail.subject).toMatch(/Étape 2 – Les engagements|Mise en œuvre|Renouvellement/);

    // What partners received, through the real SMTP server: this plan's words, none of the standard practice's.
    const partnerMail = stack.smtp!.received.filter((m) => m.envelope.to.every((to) => !to.startsWith('delcros') && !to.startsWith('helene')));
    expect(partnerMail.length).toBeGreaterThanOrEqual(6);
    const bodies = partnerMail.map((m) => m.parsed.text ?? '').join('\n');
    expect(bodies).toContain('Une seule séance : transporteurs, centres sociaux et familles.');
    expect(bodies).toContain('Présentation du calendrier et des ateliers.');
    expect(bodies).toContain('de l’Agglo du Causse');
    expect(bodies).toContain('Edwige Delcros, Cheffe de projet CTG');
    // The calendar file says the same: the step's own description, unfolded from its 75-octet lines.
    const tableRondeIcs = partnerMail
      .find((m) => m.parsed.subject?.startsWith('Invitation : Table ronde mobilité des familles'))!
      .parsed.attachments.find((a) => a.filename === 'invitation.ics')!
      .content.toString('utf8')
      .replace(/\r\n[ \t]/g, '');
    expect(tableRondeIcs).toMatch(/^METHOD:REQUEST$/m);
    expect(tableRondeIcs).toContain('Une seule séance : transporteurs\\, centres sociaux et familles.');
    for (const standard of ['réuni à deux reprises', 'restitution du diagnostic partagé', 'consacrée à la signature', 'chargé(e)', 'conseiller(ère)', 'de Agglo']) {
      expect(bodies).not.toContain(standard);
    }
  }, 180_000);
});
