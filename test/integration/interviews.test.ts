// An interview campaign on the real stack (Temporal dev server, PostgreSQL, a real SMTP server) with a
// compressed day: the invitation to choose a slot, three partners racing for the same slot (one gets it,
// at once gone for the others), a move and a release with the calendar event kept (one UID, a SEQUENCE
// that grows), the coordinator's slot changes, the reminder to those still without a slot only, and the
// campaign over after its last interview.
import nodeIcal from 'node-ical';
import { launchProcess } from '../../api/usecases/processes';
import { stepWorkflowId } from '../../domain/ids';
import { planSchema } from '../../domain/plan';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { issueToken } from '../../infra/auth/tokens';
import { createTerritoryWithPartners, dayOf, fastTimeline, waitFor } from '../support/factories';
import { saveHistories } from '../support/histories';
import type { ReceivedMail } from '../../scripts/lib/smtp-sink';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 1000;
const partners = ['alsh@larzac.example.org', 'centre-social@larzac.example.org', 'rpe@larzac.example.org'];

describe('an interview campaign', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const mails = (to: string, subject: RegExp) => stack.smtp!.received.filter((m) => m.envelope.to[0] === to && subject.test(m.parsed.subject ?? ''));
  const waitForMail = (to: string, subject: RegExp, count = 1) => waitFor(`${count} × ${subject} to ${to}`, async () => (mails(to, subject).length >= count ? mails(to, subject)[count - 1] : null));
  const calendarOf = (mail: ReceivedMail, filename: string) => {
    const attachment = mail.parsed.attachments.find((a) => a.filename === filename);
    expect(attachment).toBeDefined();
    const parsed = nodeIcal.sync.parseICS(attachment!.content.toString('utf8'));
    return { method: parsed.vcalendar?.method, event: Object.values(parsed).find((c) => c?.type === 'VEVENT') as nodeIcal.VEvent };
  };
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  const resultOf = (response: Response) => new URL(response.headers.get('location')!, stack.baseUrl).searchParams.get('r')!.split('.')[0];

  it('lets each partner book one slot from their link, safely under concurrency, and reminds those without one', async () => {
    const territory = await createTerritoryWithPartners(stack);
    const timeline = fastTimeline(DAY, 2026, 2026);
    const slots = [14, 16, 18, 26].map((d) => dayOf(timeline, d)); // the last one late: a slow machine still releases its slot before the reminder
    const plan = planSchema.parse({
      periodStart: 2026,
      periodEnd: 2026,
      steps: [
        {
          key: 'entretiens-acteurs',
          behaviour: 'INTERVIEWS',
          phase: 'DIAGNOSTIC',
          title: 'Entretiens avec les acteurs éducatifs',
          description: 'Trente minutes pour parler des besoins des familles que vous accueillez.',
          audience: { roles: ['PARTENAIRE'] },
          location: 'Maison des services, Nant',
          durationMinutes: 30,
          slots,
          invitationLeadDays: 10,
          reminderDays: [3],
        },
      ],
    });
    const { process } = await launchProcess(stack.apiDeps, territory.id, { plan }, { timeline });
    const prisma = stack.db.prisma;
    const step = await prisma.step.findFirstOrThrow({ where: { processId: process.id, key: 'entretiens-acteurs' } });
    expect(step).toMatchObject({ behaviour: 'INTERVIEWS', interviewMinutes: 30, startsAt: new Date(slots[0]!) });
    expect(step.endsAt).toEqual(new Date(Date.parse(slots[3]!) + 30 * 60_000));
    const slotRows = await prisma.interviewSlot.findMany({ where: { stepId: step.id }, orderBy: { startsAt: 'asc' } });
    expect(slotRows).toHaveLength(4);

    // The invitation: the campaign's words, the way to choose, no calendar file (nothing is booked yet).
    const tokens: Record<string, string> = {};
    for (const email of partners) {
      const invitation = await waitForMail(email, /^Entretien : Entretiens avec les acteurs éducatifs — choisissez votre créneau$/);
      expect(invitation.parsed.text).toContain('Trente minutes pour parler des besoins des familles');
      expect(invitation.parsed.text).toContain('4 créneaux libres');
      expect(invitation.parsed.attachments).toHaveLength(0);
      const link = new RegExp(`${stack.baseUrl}/p/([A-Za-z0-9_-]{43})#entretiens-${step.id}`).exec(invitation.parsed.text ?? '');
      expect(link).not.toBeNull();
      tokens[email] = link![1]!;
    }
    expect(mails('maire@nant.example.org', /Entretien/)).toHaveLength(0); // not in the audience

    const page = await (await fetch(`${stack.baseUrl}/p/${tokens[partners[0]!]}`)).text();
    expect(page).toContain('Entretiens avec les acteurs éducatifs');
    expect(page.match(/name="creneau"/g)).toHaveLength(4);

    // Three partners race for the first slot: one gets it, the others are told it was just taken.
    const race = await Promise.all(partners.map((email) => postForm(`/p/${tokens[email]}/entretiens`, { action: 'reserver', campagne: step.id, creneau: slotRows[0]!.id })));
    expect(race.map((r) => r.status)).toEqual([303, 303, 303]);
    const outcomes = race.map(resultOf);
    expect(outcomes.filter((o) => o === 'entretien-booked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'entretien-refus-SLOT_TAKEN')).toHaveLength(2);
    const winner = partners[outcomes.indexOf('entretien-booked')]!;
    const losers = partners.filter((p) => p !== winner);
    const held = await prisma.interviewBooking.findMany({ where: { stepId: step.id } });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ slotId: slotRows[0]!.id, status: 'BOOKED' });
    // Gone at once from the others' pages.
    const loserPage = await (await fetch(`${stack.baseUrl}/p/${tokens[losers[0]!]}`)).text();
    expect(loserPage.match(/name="creneau"/g)).toHaveLength(3);
    expect(loserPage).not.toContain(`value="${slotRows[0]!.id}"`);

    // The winner's confirmation carries their interview as a calendar event of its own.
    const confirmed = await waitForMail(winner, /^Entretien confirmé : /);
    const booked = calendarOf(confirmed, 'invitation.ics');
    expect(booked.method).toBe('REQUEST');
    expect(booked.event).toMatchObject({ uid: held[0]!.icalUid, location: 'Maison des services, Nant' });
    expect(Number(booked.event.sequence)).toBe(0);
    expect(new Date(booked.event.start).toISOString()).toBe(new Date(slots[0]!).toISOString());
    expect(String(booked.event.description)).toContain(`Changer ou annuler mon créneau : ${stack.baseUrl}/p/`);

    // Moved: the same event, a higher SEQUENCE, the old time struck through.
    const moved = await postForm(`/p/${tokens[winner]}/entretiens`, { action: 'reserver', campagne: step.id, creneau: slotRows[1]!.id });
    expect(resultOf(moved)).toBe('entretien-moved');
    const movedMail = await waitForMail(winner, /^Entretien déplacé : /);
    expect(movedMail.parsed.text).toMatch(/Ancien créneau : /);
    const movedEvent = calendarOf(movedMail, 'invitation.ics');
    expect(movedEvent.event.uid).toBe(held[0]!.icalUid);
    expect(Number(movedEvent.event.sequence)).toBe(1);
    expect(new Date(movedEvent.event.start).toISOString()).toBe(new Date(slots[1]!).toISOString());
    // Asking for it again changes nothing and sends nothing new.
    expect(resultOf(await postForm(`/p/${tokens[winner]}/entretiens`, { action: 'reserver', campagne: step.id, creneau: slotRows[1]!.id }))).toBe('entretien-unchanged');

    // The first slot is free again: another partner takes it.
    expect(resultOf(await postForm(`/p/${tokens[losers[0]!]}/entretiens`, { action: 'reserver', campagne: step.id, creneau: slotRows[0]!.id }))).toBe('entretien-booked');
    await waitForMail(losers[0]!, /^Entretien confirmé : /);

    // The coordinator cannot remove a slot someone holds (the answer names them); adding one moves nothing announced.
    const winnerName = (await prisma.contact.findFirstOrThrow({ where: { email: winner } })).fullName;
    const refused = await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens-acteurs`, { slots: { remove: [slots[1]] } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(winnerName);
    const mixed = await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens-acteurs`, { slots: { add: [dayOf(timeline, 19)] }, location: 'Mairie' });
    expect(mixed.status).toBe(400);
    const added = await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens-acteurs`, { slots: { add: [dayOf(timeline, 19)] } });
    expect(added.status).toBe(200);
    expect(await prisma.interviewSlot.count({ where: { stepId: step.id } })).toBe(5);
    expect((await prisma.step.findUniqueOrThrow({ where: { id: step.id } })).icalSequence).toBe(0);
    const dated = await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens-acteurs`, { startsAt: dayOf(timeline, 30) });
    expect(dated.status).toBe(409);
    expect(dated.body.detail).toContain('datée par ses créneaux');
    expect((await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens-acteurs`, { durationMinutes: 45 })).status).toBe(409);

    // Given back: a CANCEL of that same event.
    expect(resultOf(await postForm(`/p/${tokens[winner]}/entretiens`, { action: 'liberer', campagne: step.id }))).toBe('entretien-released');
    const released = await waitForMail(winner, /^Créneau annulé : /);
    const cancel = calendarOf(released, 'annulation.ics');
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(held[0]!.icalUid);
    expect(Number(cancel.event.sequence)).toBe(2);

    // Another territory's partner cannot book here (the same answer as for an unknown campaign).
    const stranger = await stack.request('POST', `/api/territories`, { name: 'Pays de Salars', cafName: 'Caf de l’Aveyron', coordinatorName: 'Jean Vidal', coordinatorEmail: 'jean.vidal@salars.example.org' });
    await stack.request('POST', `/api/territories/${stranger.body.id}/contacts`, [{ email: 'ecole@salars.example.org', fullName: 'École de Salars', roles: ['PARTENAIRE'] }]);
    const strangerContact = await prisma.contact.findFirstOrThrow({ where: { email: 'ecole@salars.example.org' } });
    const strangerToken = await issuePartnerToken(prisma, strangerContact.id, stack.config.LINK_SECRET);
    expect(resultOf(await postForm(`/p/${strangerToken}/entretiens`, { action: 'reserver', campagne: step.id, creneau: slotRows[2]!.id }))).toBe('entretien-refus-NOT_INVITED');

    // Three days before the end: only those without a slot are reminded.
    await waitFor('the reminders', async () => (await prisma.message.count({ where: { stepId: step.id, kind: 'REMINDER' } })) >= 2);
    const reminded = (await prisma.message.findMany({ where: { stepId: step.id, kind: 'REMINDER' } })).map((m) => m.recipient).sort();
    expect(reminded).toEqual([winner, losers[1]!].sort());
    expect((await waitForMail(losers[1]!, /^Rappel : choisissez votre créneau — /)).parsed.text).toContain('1 créneau reste libre'); // only the last one is still to come

    // Their calendar subscription holds their interview, not the campaign's weeks.
    const feed = await (await fetch(`${stack.baseUrl}/p/${tokens[losers[0]!]}/calendar.ics`)).text();
    const holder = await prisma.interviewBooking.findFirstOrThrow({ where: { stepId: step.id, status: 'BOOKED' } });
    expect(feed).toContain(`UID:${holder.icalUid}`);
    expect(feed).not.toContain(`UID:${step.icalUid}`);

    // Over after the last interview.
    await waitFor('the campaign over', async () => (await prisma.step.findUniqueOrThrow({ where: { id: step.id } })).status === 'HELD', 30_000);
    expect(await prisma.message.count({ where: { stepId: step.id, kind: { in: ['FOLLOW_UP', 'MINUTES_REQUEST', 'REGISTRATION_SUMMARY'] } } })).toBe(0);
    await saveHistories(stack.config.TEMPORAL_ADDRESS, { 'step-interviews.json': stepWorkflowId(process.id, 'entretiens-acteurs') });
  });

  it('tells those who booked of a new place, and everyone of the campaign’s cancellation', async () => {
    const territory = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes du Lévezou' });
    const timeline = fastTimeline(DAY, 2026, 2026);
    const plan = planSchema.parse({
      periodStart: 2026,
      periodEnd: 2026,
      steps: [
        {
          key: 'entretiens',
          behaviour: 'INTERVIEWS',
          phase: 'DIAGNOSTIC',
          title: 'Entretiens partenaires du Lévezou',
          audience: { roles: ['PARTENAIRE'], domains: ['petite-enfance', 'parentalite'] },
          location: 'Mairie de Pont-de-Salars',
          durationMinutes: 45,
          slots: [dayOf(timeline, 60), dayOf(timeline, 61)],
          invitationLeadDays: 58,
          reminderDays: [],
        },
      ],
    });
    const { process } = await launchProcess(stack.apiDeps, territory.id, { plan }, { timeline });
    const prisma = stack.db.prisma;
    const step = await prisma.step.findFirstOrThrow({ where: { processId: process.id, key: 'entretiens' } });
    const anne = 'rpe@larzac.example.org';
    const chantal = 'centre-social@larzac.example.org';
    const subject = /^Entretien : Entretiens partenaires du Lévezou/;
    const token = /\/p\/([A-Za-z0-9_-]{43})#/.exec((await waitForMail(anne, subject)).parsed.text ?? '')![1]!;
    await waitForMail(chantal, subject);
    const [first] = await prisma.interviewSlot.findMany({ where: { stepId: step.id }, orderBy: { startsAt: 'asc' } });
    expect(resultOf(await postForm(`/p/${token}/entretiens`, { action: 'reserver', campagne: step.id, creneau: first!.id }))).toBe('entretien-booked');
    await waitForMail(anne, /^Entretien confirmé : /);
    const booking = await prisma.interviewBooking.findFirstOrThrow({ where: { stepId: step.id } });

    // A new place: those who booked hear it, about their own interview; the others will read it on their page.
    expect((await stack.request('PATCH', `/api/processes/${process.id}/steps/entretiens`, { location: 'Maison de santé, Salles-Curan' })).status).toBe(200);
    const updated = await waitForMail(anne, /^Modification : Entretiens partenaires du Lévezou/);
    expect(updated.parsed.text).toContain('Nouveau lieu : Maison de santé, Salles-Curan');
    const update = calendarOf(updated, 'invitation.ics');
    expect(update.event).toMatchObject({ uid: booking.icalUid, location: 'Maison de santé, Salles-Curan' });
    expect(Number(update.event.sequence)).toBe(1);
    expect(mails(chantal, /^Modification/)).toHaveLength(0);

    // The coordinator's page takes slots as typed lines in the territory's zone, checked by the API's rules.
    const { user: coordinator } = await stack.createUser('COORDINATOR', { territoryIds: [territory.id] });
    const cookie = `ctg_session=${(await issueToken(prisma, 'SESSION', { userId: coordinator.id })).token}`;
    const stepForm = (action: 'creneaux' | 'annulation', fields: Record<string, string>) =>
      fetch(`${stack.baseUrl}/processus/${process.id}/etapes/entretiens/${action}`, {
        method: 'POST',
        headers: { cookie, origin: stack.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    const past = await stepForm('creneaux', { add: '2020-01-06 10:00' });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('un créneau ajouté est déjà passé');
    expect((await stepForm('creneaux', { add: '06/01/2031 10h00' })).status).toBe(303);
    expect(await prisma.interviewSlot.count({ where: { stepId: step.id, startsAt: new Date('2031-01-06T09:00:00Z') } })).toBe(1);
    expect((await stepForm('creneaux', { remove: '2031-01-06T10:00' })).status).toBe(303);
    expect(await prisma.interviewSlot.count({ where: { stepId: step.id } })).toBe(2);

    // Cancelled: the one who booked gets the CANCEL of their interview, the others a word without a calendar file.
    // From the page, without a reason (it is optional, as in the API).
    expect((await stepForm('annulation', { reason: '' })).status).toBe(303);
    const cancelled = await waitForMail(anne, /^Annulation : Entretiens partenaires du Lévezou$/);
    expect(cancelled.parsed.text).toContain('et avec eux le vôtre');
    const cancel = calendarOf(cancelled, 'annulation.ics');
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.event.uid).toBe(booking.icalUid);
    expect(Number(cancel.event.sequence)).toBe(2);
    const told = await waitForMail(chantal, /^Annulation : Entretiens partenaires du Lévezou$/);
    expect(told.parsed.text).toContain('vous n’avez plus de créneau à choisir');
    expect(told.parsed.attachments).toHaveLength(0);
    // The page no longer offers it.
    expect(await (await fetch(`${stack.baseUrl}/p/${token}`)).text()).not.toContain('Entretiens partenaires du Lévezou');
    await waitFor('the campaign cancelled', async () => (await prisma.step.findUniqueOrThrow({ where: { id: step.id } })).status === 'CANCELLED');
    await saveHistories(stack.config.TEMPORAL_ADDRESS, { 'step-interviews-cancelled.json': stepWorkflowId(process.id, 'entretiens') });
  });
});
