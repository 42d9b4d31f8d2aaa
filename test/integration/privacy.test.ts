// Personal data (RGPD) on the real stack: the public Info flash page shows the contacts' addresses only
// when the territory chose to publish them; a person's data in one territory is exported, then erased in
// one go, another territory's untouched; the nightly retention Schedule empties old message bodies, drops
// long-expired tokens and erases members of the public some months after their meeting.
import { launchProcess } from '../../api/usecases/processes';
import { planSchema } from '../../domain/plan';
import { hashToken } from '../../infra/auth/tokens';
import { ensureRetentionSchedule } from '../../infra/temporal/retention-schedule';
import { retentionScheduleId } from '../../workflows/definitions';
import { createTerritoryWithPartners, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;
const anne = 'rpe@larzac.example.org';

describe('personal data', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ smtp: false });
  });
  afterAll(async () => {
    await stack?.temporal.schedule.getHandle(retentionScheduleId).delete().catch(() => undefined);
    await stack?.stop();
  });

  const meetingPlan = (days: number) =>
    planSchema.parse({
      periodStart: 2027,
      periodEnd: 2031,
      steps: [{ key: 'atelier', behaviour: 'PUBLIC_MEETING', phase: 'DIAGNOSTIC', title: 'Atelier ouvert', audience: { roles: ['PARTENAIRE'], public: true }, startsAt: new Date(Date.now() + days * DAY).toISOString(), invitationLeadDays: 90, reminderDays: [] }],
    });

  it('keeps the contacts’ addresses off the public Info flash page unless the territory publishes them', async () => {
    const territory = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes du Réquistanais' });
    const { process } = await launchProcess(stack.apiDeps, territory.id, { plan: meetingPlan(60) });
    const page = async () => (await fetch(`${stack.baseUrl}/info-flash/${process.id}`)).text();
    const hidden = await page();
    expect(hidden).toContain('Edwige Delcros');
    expect(hidden).not.toMatch(/mailto:|delcros\.e@|helene\.ricard@/);
    expect((await stack.request('PATCH', `/api/territories/${territory.id}`, { publishContactDetails: true })).status).toBe(200);
    expect(await page()).toContain('href="mailto:delcros.e@cclarzac.example.org"');
    expect((await stack.request('PATCH', `/api/territories/${territory.id}`, { publishContactDetails: 'oui' })).body.errors).toEqual([{ field: 'publishContactDetails', reason: 'attendu true ou false' }]);
  });

  it('exports, then erases, everything about an address in one territory, and nothing in another', async () => {
    const mine = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes Lévézou Pareloup' });
    const other = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes Aubrac Carladez' });
    const plan = meetingPlan(30);
    plan.steps[0]!.capacity = 1;
    const { process } = await launchProcess(stack.apiDeps, mine.id, { plan });
    expect((await stack.request('POST', `/api/processes/${process.id}/steps/atelier/registrations`, { email: anne, fullName: 'Anne Carrière' })).status).toBe(201);
    const waiting = await stack.request('POST', `/api/processes/${process.id}/steps/atelier/registrations`, { email: 'centre-social@larzac.example.org', fullName: 'Chantal Fabre' });
    expect(waiting.body.status).toBe('WAITLISTED');
    await waitFor('the messages to Anne', async () => (await stack.db.prisma.message.count({ where: { recipient: anne, processId: process.id } })) >= 2);

    const exported = await stack.request('GET', `/api/territories/${mine.id}/people/${encodeURIComponent(anne)}`);
    expect(exported.status).toBe(200);
    expect(exported.body.contacts).toHaveLength(1);
    expect(exported.body.registrations).toEqual([expect.objectContaining({ fullName: 'Anne Carrière', status: 'CONFIRMED', step: expect.objectContaining({ title: 'Atelier ouvert' }) })]);
    expect(exported.body.messages.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['INVITATION', 'REGISTRATION_CONFIRMED']));
    expect(JSON.stringify(exported.body)).not.toMatch(/tokenHash|raw|linkGeneration/);

    const erased = await stack.request('DELETE', `/api/territories/${mine.id}/people/${encodeURIComponent(anne.toUpperCase())}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ email: anne, contacts: 1, registrations: 1 });
    expect(erased.body.messages).toBeGreaterThanOrEqual(2);
    const after = await stack.request('GET', `/api/territories/${mine.id}/people/${encodeURIComponent(anne)}`);
    expect([after.body.contacts, after.body.registrations, after.body.interviews, after.body.messages]).toEqual([[], [], [], []]);
    // Her seat went to the first in line, who is told, as after any cancellation.
    expect((await stack.db.prisma.registration.findUniqueOrThrow({ where: { id: waiting.body.id } })).status).toBe('CONFIRMED');
    expect(erased.body.promoted).toBe(1);
    await waitFor('the promotion notice', async () => (await stack.db.prisma.message.count({ where: { recipient: 'centre-social@larzac.example.org', kind: 'PROMOTED_FROM_WAITLIST' } })) === 1);
    // The other territory still knows her.
    expect((await stack.request('GET', `/api/territories/${other.id}/people/${encodeURIComponent(anne)}`)).body.contacts).toHaveLength(1);
    expect((await stack.request('DELETE', `/api/territories/${mine.id}/people/pas-une-adresse`)).body.errors).toEqual([{ field: 'email', reason: 'adresse électronique invalide' }]);
  });

  it('applies the retention policy every night through a Temporal Schedule', async () => {
    const prisma = stack.db.prisma;
    const territory = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes Monts, Rance et Rougier' });
    const { process } = await launchProcess(stack.apiDeps, territory.id, { plan: meetingPlan(40) });
    const step = await prisma.step.findFirstOrThrow({ where: { processId: process.id } });
    // A past meeting with a member of the public, and a coming one with another.
    const past = await prisma.step.update({ where: { id: step.id }, data: { startsAt: new Date(Date.now() - 240 * DAY), endsAt: new Date(Date.now() - 240 * DAY + 3 * 3_600_000), status: 'HELD' } });
    await prisma.registration.create({ data: { stepId: past.id, email: 'vieux@public.example.org', fullName: 'Public ancien', status: 'CONFIRMED' } });
    await prisma.message.create({ data: { idempotencyKey: 'retention-public-notice', messageId: '<retention-public-notice@test>', processId: process.id, stepId: past.id, recipient: 'vieux@public.example.org', kind: 'REGISTRATION_CONFIRMED', status: 'SENT', subject: 's', raw: 'x' } });
    const coming = await launchProcess(stack.apiDeps, territory.id, { plan: { ...meetingPlan(20), periodStart: 2032, periodEnd: 2036 } });
    const comingStep = await prisma.step.findFirstOrThrow({ where: { processId: coming.process.id } });
    await prisma.registration.create({ data: { stepId: comingStep.id, email: 'recent@public.example.org', fullName: 'Public récent', status: 'CONFIRMED' } });
    const message = (key: string, status: 'SENT' | 'PENDING', days: number) =>
      prisma.message.create({ data: { idempotencyKey: key, messageId: `<${key}@test>`, processId: process.id, recipient: 'x@example.org', kind: 'INVITATION', status, subject: 's', raw: 'corps du message', createdAt: new Date(Date.now() - days * DAY) } });
    const oldSent = await message('retention-old-sent', 'SENT', 400);
    const oldPending = await message('retention-old-pending', 'PENDING', 400);
    const recent = await message('retention-recent', 'SENT', 10);
    const token = (key: string, expiresDaysAgo: number) => prisma.accessToken.create({ data: { tokenHash: hashToken(key), purpose: 'API', expiresAt: new Date(Date.now() - expiresDaysAgo * DAY) } });
    const longExpired = await token('retention-token-old', 60);
    const justExpired = await token('retention-token-new', 5);

    const policy = { messageDays: 365, publicRegistrantMonths: 6 };
    expect(await ensureRetentionSchedule(stack.temporal, { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, policy })).toBe('created');
    expect(await ensureRetentionSchedule(stack.temporal, { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, policy })).toBe('updated');
    const described = await stack.temporal.schedule.getHandle(retentionScheduleId).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 17, end: 17, step: 1 }] });

    await stack.temporal.schedule.getHandle(retentionScheduleId).trigger();
    // Its last effect asserted here is the public registrants' erasure: waited for, the rest is done before it.
    await waitFor('the retention run', async () => (await prisma.registration.count({ where: { email: 'vieux@public.example.org' } })) === 0);
    expect(await prisma.message.findUniqueOrThrow({ where: { id: oldSent.id } })).toMatchObject({ raw: null, templateId: null, personal: null });
    expect((await prisma.message.findUniqueOrThrow({ where: { id: oldPending.id } })).raw).toBe('corps du message'); // may still be sent
    expect((await prisma.message.findUniqueOrThrow({ where: { id: recent.id } })).raw).toBe('corps du message');
    expect(await prisma.accessToken.findUnique({ where: { id: longExpired.id } })).toBeNull();
    expect(await prisma.accessToken.findUnique({ where: { id: justExpired.id } })).not.toBeNull();
    expect(await prisma.registration.count({ where: { email: 'vieux@public.example.org' } })).toBe(0);
    expect(await prisma.message.count({ where: { recipient: 'vieux@public.example.org' } })).toBe(0);
    expect(await prisma.registration.count({ where: { email: 'recent@public.example.org' } })).toBe(1);
  });
});
