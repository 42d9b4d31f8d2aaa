// Registrations on the real stack: seats and waiting lists under concurrency, the notices each change
// sends (with the meeting's .ics), the coordinator's list and CSV export, the partner page's forms, the
// public forum form, and who may do what.
import nodeIcal from 'node-ical';
import { launchProcess } from '../../api/usecases/processes';
import { planSchema } from '../../domain/plan';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { dayOf, fastTimeline, larzacContacts, larzacTerritory, waitFor } from '../support/factories';
import type { ReceivedMail } from '../../scripts/lib/smtp-sink';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const anne = larzacContacts.find((c) => c.fullName === 'Anne Carrière')!;
const bruno = larzacContacts.find((c) => c.fullName === 'Bruno Alibert')!;
const chantal = larzacContacts.find((c) => c.fullName === 'Chantal Fabre')!;

// Far enough ahead that no invitation or reminder goes out while the tests run.
const meeting = (key: string, title: string, extra: object = {}) => ({
  key,
  kind: 'RENCONTRE_THEMATIQUE',
  phase: 'DIAGNOSTIC',
  title,
  audience: { roles: ['PARTENAIRE'] },
  startsAt: inDays(60),
  location: 'Salle des fêtes de Nant',
  ...extra,
});

describe('registrations', () => {
  let stack: TestStack;
  let larzacId: string;
  let processId: string;
  const tokens: Record<string, string> = {};
  const stepIds: Record<string, string> = {};
  const icalUids: Record<string, string> = {};

  const api = (path: string) => `/api/processes/${processId}/steps/${path}`;
  const mails = (predicate: (m: ReceivedMail) => boolean) => stack.smtp!.received.filter(predicate);
  const to = (email: string, subject: RegExp) => (m: ReceivedMail) => m.envelope.to[0] === email && subject.test(m.parsed.subject ?? '');
  const waitForMails = (what: string, predicate: (m: ReceivedMail) => boolean, count = 1, timeoutMs = 60_000) =>
    waitFor(what, async () => (mails(predicate).length >= count ? mails(predicate) : null), timeoutMs);
  const postForm = (path: string, fields: [string, string][]) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  /** The CANCEL attached to a « registration cancelled » email, parsed as a calendar client would. */
  const cancelOf = async (mail: ReceivedMail, stepKey: string, email: string) => {
    const attachment = mail.parsed.attachments.find((a) => a.filename === 'annulation.ics');
    expect(attachment).toBeDefined();
    const ics = attachment!.content.toString('utf8');
    const parsed = nodeIcal.sync.parseICS(ics);
    const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as nodeIcal.VEvent;
    const step = await stack.db.prisma.step.findUniqueOrThrow({ where: { id: stepIds[stepKey]! } });
    expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/i);
    expect(parsed.vcalendar?.method).toBe('CANCEL');
    expect(event).toMatchObject({ uid: icalUids[stepKey], status: 'CANCELLED' });
    expect(Number(event.sequence)).toBeGreaterThanOrEqual(step.icalSequence);
    expect(ics.replace(/\r\n[ \t]/g, '')).toMatch(new RegExp(`^ATTENDEE;[^\\r\\n]*:mailto:${email.replace(/[.]/g, '\\.')}\\r$`, 'im'));
    return event;
  };
  const page = async (path: string) => {
    const response = await fetch(`${stack.baseUrl}${path}`);
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    stack = await startTestStack();
    const larzac = await stack.request('POST', '/api/territories', larzacTerritory);
    larzacId = larzac.body.id;
    expect((await stack.request('POST', `/api/territories/${larzacId}/contacts`, larzacContacts)).status).toBe(200);
    const lot = await stack.request('POST', '/api/territories', {
      name: 'Communauté de Communes Cazals-Salviac',
      cafName: 'Caf du Lot',
      coordinatorName: 'Delphine Bedou',
      coordinatorEmail: 'delphine.bedou@cc-cazalssalviac.example.org',
    });
    tokens.coordinator = (await stack.createUser('COORDINATOR', { territoryIds: [larzacId] })).token;
    tokens.otherCoordinator = (await stack.createUser('COORDINATOR', { territoryIds: [lot.body.id] })).token;
    tokens.adviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf de l’Aveyron' })).token;
    tokens.otherAdviser = (await stack.createUser('CAF_ADVISER', { cafName: 'Caf du Lot' })).token;

    const launched = await stack.request('POST', `/api/territories/${larzacId}/processes`, {
      periodStart: 2026,
      periodEnd: 2030,
      steps: [
        meeting('gt-petite-enfance', 'Groupe de travail Petite enfance (1re séance)', { kind: 'GROUPE_DE_TRAVAIL', phase: 'PLAN_ACTIONS', capacity: 2, session: 1 }),
        meeting('rencontre-jeunesse', 'Rencontre thématique Enfance-jeunesse', { capacity: 10 }),
        meeting('rencontre-parentalite', 'Rencontre thématique Parentalité', { startsAt: inDays(61) }),
        meeting('seminaire-elus', 'Séminaire avec les élus', { kind: 'SEMINAIRE_ELUS', audience: { roles: ['ELU'] } }),
        meeting('forum-nant', 'Forum habitants à Nant', { kind: 'FORUM_HABITANTS', audience: { public: true }, capacity: 3 }),
        { key: 'analyse-documentaire', kind: 'ANALYSE_DOCUMENTAIRE', phase: 'DIAGNOSTIC', title: 'Analyse documentaire et statistique', startsAt: inDays(60) },
      ],
    });
    expect(launched.status).toBe(201);
    processId = launched.body.id;
    for (const step of await stack.db.prisma.step.findMany({ where: { processId } })) {
      stepIds[step.key] = step.id;
      icalUids[step.key] = step.icalUid;
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('confirms while seats last, waitlists, promotes the first in line on a cancel, and tells each person once', async () => {
    const register = (body: object) => stack.request('POST', api('gt-petite-enfance/registrations'), body, { token: tokens.coordinator });
    const first = await register({ email: anne.email, fullName: anne.fullName, organisation: anne.organisation });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ email: anne.email, status: 'CONFIRMED', position: null, version: 1 });
    expect(first.headers.get('location')).toBe(`/api/processes/${processId}/steps/gt-petite-enfance/registrations/${first.body.id}`);
    expect((await register({ email: bruno.email, fullName: bruno.fullName })).body.status).toBe('CONFIRMED');
    const lea = await register({ email: 'Lea.Martin@Exemple.fr', fullName: 'Léa Martin' });
    expect(lea.status).toBe(201);
    expect(lea.body).toMatchObject({ email: 'lea.martin@exemple.fr', status: 'WAITLISTED', position: 1 });
    // Each notice tells the registration as it stands: wait for them before the next change (a notice
    // overtaken by a later change is not sent, the later one is).
    const [anneConfirmed] = await waitForMails('Anne’s confirmation', to(anne.email, /^Inscription confirmée : Groupe de travail Petite enfance/));
    const [leaWaiting] = await waitForMails('Léa’s waiting-list notice', to('lea.martin@exemple.fr', /^Liste d’attente : /));
    await waitForMails('the coordinator told the meeting is full', to(larzacTerritory.coordinatorEmail, /^Complet : Groupe de travail Petite enfance/));

    // Registering twice changes nothing.
    const again = await register({ email: anne.email, fullName: anne.fullName });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'CONFIRMED', version: 1 });

    const list = await stack.request('GET', api('gt-petite-enfance/registrations'), undefined, { token: tokens.coordinator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { fullName: string; status: string }) => [r.fullName, r.status])).toEqual([
      ['Anne Carrière', 'CONFIRMED'],
      ['Bruno Alibert', 'CONFIRMED'],
      ['Léa Martin', 'WAITLISTED'],
    ]);
    expect(list.body.summary).toEqual({ capacity: 2, confirmed: 2, waitlisted: 1 });
    expect(list.body.nextCursor).toBeNull();

    // Anne cancels: Léa, first in line, gets the seat in the same transaction.
    const cancel = () => stack.request('POST', api(`gt-petite-enfance/registrations/${first.body.id}/cancel`), {}, { token: tokens.coordinator });
    const cancelled = await cancel();
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', version: 2 });
    expect(cancelled.body.promoted).toEqual([expect.objectContaining({ id: lea.body.id, status: 'CONFIRMED', version: 2 })]);
    expect((await cancel()).body).toMatchObject({ status: 'CANCELLED', version: 2, promoted: [] });
    const [leaPromoted] = await waitForMails('Léa’s seat', to('lea.martin@exemple.fr', /^Place disponible : /));
    // Anne is told, and her calendar drops the meeting her confirmation had put there.
    const [anneCancelled] = await waitForMails('Anne’s cancellation', to(anne.email, /^Inscription annulée : Groupe de travail Petite enfance/));
    expect(anneCancelled!.parsed.text).toContain('Votre inscription à la rencontre « Groupe de travail Petite enfance (1re séance) » est annulée : votre place est libérée.');
    expect(anneCancelled!.parsed.text).toMatch(/m’inscrire à nouveau \(\S+\/p\/[A-Za-z0-9_-]{43}\)/);
    await cancelOf(anneCancelled!, 'gt-petite-enfance', anne.email);

    // Anne changes her mind: the same row, at the back of the queue now.
    const back = await register({ email: anne.email, fullName: anne.fullName, organisation: anne.organisation });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id: first.body.id, status: 'WAITLISTED', position: 1, version: 3 });

    const confirmedOnly = await stack.request('GET', api('gt-petite-enfance/registrations?status=CONFIRMED'), undefined, { token: tokens.coordinator });
    expect(confirmedOnly.body.items.map((r: { fullName: string }) => r.fullName)).toEqual(['Bruno Alibert', 'Léa Martin']);

    // The notices, each once: a confirmation with its .ics, a place on the waiting list, a seat freed.
    const ics = anneConfirmed!.parsed.attachments.find((a) => a.filename === 'invitation.ics')!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${icalUids['gt-petite-enfance']}`);
    expect(ics).toMatch(/ATTENDEE;[^\r\n]*CN="Anne Carrière"[^\r\n]*:mailto:rpe@larzac\.example\.org/i);
    expect(anneConfirmed!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(anneConfirmed!.parsed.text).toContain('Votre inscription à la rencontre « Groupe de travail Petite enfance (1re séance) » est bien enregistrée.');
    // A partner manages it from their personal page; a person without one, from their registration link.
    expect(anneConfirmed!.parsed.text).toMatch(/gérer mon inscription.*\/p\/[A-Za-z0-9_-]{43}/);
    expect(leaWaiting!.parsed.text).toContain('en 1re position');
    expect(leaWaiting!.parsed.attachments).toHaveLength(0);
    expect(leaPromoted!.parsed.text).toMatch(/\/inscription\/gerer\/[A-Za-z0-9_-]{43}/);
    expect(leaPromoted!.parsed.attachments.find((a) => a.filename === 'invitation.ics')!.content.toString()).toContain(`UID:${icalUids['gt-petite-enfance']}`);
    await waitForMails('Anne back on the waiting list', to(anne.email, /^Liste d’attente : /));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a duplicate to show up
    const subjects = mails((m) => /Petite enfance/.test(m.parsed.subject ?? '')).map((m) => `${m.envelope.to[0]} ${m.parsed.subject!.split(' :')[0]}`).sort();
    expect(subjects).toEqual([
      'alsh@larzac.example.org Inscription confirmée',
      'delcros.e@cclarzac.example.org Complet',
      'lea.martin@exemple.fr Liste d’attente',
      'lea.martin@exemple.fr Place disponible',
      'rpe@larzac.example.org Inscription annulée',
      'rpe@larzac.example.org Inscription confirmée',
      'rpe@larzac.example.org Liste d’attente',
    ]);
  });

  it('never gives more seats than there are, however many ask at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        stack.request('POST', api('rencontre-jeunesse/registrations'), { email: `habitant${i}@exemple.fr`, fullName: `Habitant ${i}` }, { token: tokens.coordinator }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(201));
    const statuses = responses.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(50);
    expect(await stack.db.prisma.registration.count({ where: { stepId: stepIds['rencontre-jeunesse'], status: 'CONFIRMED' } })).toBe(10);

    // Pages of 25 in the order of the requests; the waiting list numbered 1 to 50 across them.
    const items: { status: string; position: number | null }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = api(`rencontre-jeunesse/registrations?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      const response = await stack.request('GET', path, undefined, { token: tokens.coordinator });
      expect(response.status).toBe(200);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(items).toHaveLength(60);
    expect(items.slice(0, 10).every((r) => r.status === 'CONFIRMED')).toBe(true);
    expect(items.slice(10).map((r) => r.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    // Everyone hears back once; the coordinator once at 80 % and once when full.
    const forThisMeeting = (m: ReceivedMail) => /Enfance-jeunesse/.test(m.parsed.subject ?? '');
    await waitForMails('60 notices and 2 capacity alerts', forThisMeeting, 62, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const received = mails(forThisMeeting);
    expect(received).toHaveLength(62);
    expect(new Set(received.map((m) => m.envelope.to[0])).size).toBe(61);
    const coordinator = received.filter((m) => m.envelope.to[0] === larzacTerritory.coordinatorEmail).map((m) => m.parsed.subject).sort();
    expect(coordinator).toEqual([
      '80 % des places réservées : Rencontre thématique Enfance-jeunesse',
      expect.stringMatching(/^Complet : Rencontre thématique Enfance-jeunesse — /),
    ]);
    const full = received.find((m) => /^Complet/.test(m.parsed.subject ?? ''))!;
    expect(full.parsed.text).toContain('(10 inscriptions pour 10 places)');
  });

  it('exports the list for a spreadsheet', async () => {
    for (const [path, headers] of [
      [api('gt-petite-enfance/registrations'), { accept: 'text/csv' }],
      [api('gt-petite-enfance/registrations?format=csv'), {}],
    ] as const) {
      const response = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens.coordinator}`, ...headers } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="inscriptions-gt-petite-enfance.csv"');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe('Nom;Structure;Courriel;Statut;Position en liste d’attente;Demandée le;Confirmée le;Annulée le');
      expect(lines.slice(1).map((l) => l.split(';').slice(0, 5).join(';'))).toEqual([
        'Bruno Alibert;;alsh@larzac.example.org;Inscrit(e);',
        'Léa Martin;;lea.martin@exemple.fr;Inscrit(e);',
        'Anne Carrière;Relais Petite Enfance;rpe@larzac.example.org;En liste d’attente;1',
      ]);
      expect(lines[1]).toMatch(/;\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};$/);
    }
  });

  it('answers bad requests with the field and the reason, and refuses what can’t be registered to', async () => {
    const as = { token: tokens.coordinator };
    const bad = await stack.request('POST', api('gt-petite-enfance/registrations'), { email: 'pas-une-adresse', fullName: 'A', role: 'x' }, as);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', reason: 'adresse électronique invalide' },
        { field: 'fullName', reason: 'au moins 2 caractères' },
        { field: 'role', reason: 'champ inconnu' },
      ]),
    );
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=500', 'limit'],
      ['status=PRESENT', 'status'],
      ['cursor=pas-un-curseur', 'cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['hier', 'x'])).toString('base64url')}`, 'cursor'],
    ]) {
      const response = await stack.request('GET', api(`gt-petite-enfance/registrations?${query}`), undefined, as);
      expect({ query, status: response.status, fields: response.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ query, status: 400, fields: [field] });
    }
    const unknownStep = await stack.request('GET', api('etape-inconnue/registrations'), undefined, as);
    expect(unknownStep.status).toBe(404);
    expect(unknownStep.body.detail).toBe('Étape introuvable.');

    const task = await stack.request('POST', api('analyse-documentaire/registrations'), { email: 'x@exemple.fr', fullName: 'Xavier' }, as);
    expect(task.status).toBe(409);
    expect(task.body).toMatchObject({ title: 'Inscription impossible', detail: 'Cette étape n’est pas une rencontre : on ne s’y inscrit pas.' });
    const registration = await stack.db.prisma.registration.findFirstOrThrow({ where: { stepId: stepIds['gt-petite-enfance'] } });
    const elsewhere = await stack.request('POST', api(`rencontre-jeunesse/registrations/${registration.id}/cancel`), {}, as);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.detail).toBe('Inscription introuvable.');
    expect(await stack.db.prisma.registration.count({ where: { stepId: stepIds['analyse-documentaire'] } })).toBe(0);
  });

  it('lets each role see and change only what it may', async () => {
    const list = api('gt-petite-enfance/registrations');
    const person = { email: 'camille@exemple.fr', fullName: 'Camille Roux' };
    const registration = await stack.db.prisma.registration.findFirstOrThrow({ where: { stepId: stepIds['gt-petite-enfance'], status: 'CONFIRMED' } });
    const cancel = api(`gt-petite-enfance/registrations/${registration.id}/cancel`);
    const status = async (method: string, path: string, body: unknown, token: string | null) => (await stack.request(method, path, body, { token })).status;

    for (const [method, path, body] of [['GET', list, undefined], ['POST', list, person], ['POST', cancel, {}]] as const) {
      expect({ path, method, anonymous: await status(method, path, body, null) }).toEqual({ path, method, anonymous: 401 });
      expect({ path, method, otherTerritory: await status(method, path, body, tokens.otherCoordinator!) }).toEqual({ path, method, otherTerritory: 404 });
      expect({ path, method, otherCaf: await status(method, path, body, tokens.otherAdviser!) }).toEqual({ path, method, otherCaf: 404 });
    }
    expect(await status('GET', list, undefined, tokens.adviser!)).toBe(200);
    const adviserChange = await stack.request('POST', list, person, { token: tokens.adviser });
    expect(adviserChange.status).toBe(403);
    expect(adviserChange.body.detail).toMatch(/^Accès en lecture seule/);
    expect(await status('POST', cancel, {}, tokens.adviser!)).toBe(403);
    expect(await stack.db.prisma.registration.count({ where: { email: person.email } })).toBe(0);
    expect((await stack.db.prisma.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe('CONFIRMED');
  });

  it('lets a partner register to one or several meetings and unregister from their page', async () => {
    const contact = await stack.db.prisma.contact.findFirstOrThrow({ where: { territoryId: larzacId, email: chantal.email } });
    const token = await issuePartnerToken(stack.db.prisma, contact.id, stack.config.LINK_SECRET);
    const home = `/p/${token}`;

    const before = await page(home);
    expect(before.status).toBe(200);
    expect(before.text).toContain('Bonjour Chantal Fabre');
    expect(before.text).toContain('Groupe de travail Petite enfance (1re séance)');
    expect(before.text).toContain('Rencontre thématique Parentalité');
    expect(before.text).not.toContain('Séminaire avec les élus'); // for elected officials only
    expect(before.text).not.toContain('Analyse documentaire'); // a task
    expect(before.text).toContain('Complet : inscription possible en liste d’attente'); // the jeunesse meeting
    expect(before.text).toMatch(/<legend>M’inscrire à une ou plusieurs rencontres<\/legend>/);
    expect(before.text).toContain(`<label for="choix-${stepIds['rencontre-parentalite']}">`);

    // Two meetings at once, with the checkboxes.
    const posted = await postForm(`${home}/inscriptions`, [
      ['action', 'inscrire'],
      ['rencontre', stepIds['rencontre-parentalite']!],
      ['rencontre', stepIds['rencontre-jeunesse']!],
    ]);
    expect(posted.status).toBe(303);
    const location = posted.headers.get('location')!;
    expect(location.startsWith(`${home}?`)).toBe(true);
    const after = await page(location);
    expect(after.text).toContain('Votre inscription à « Rencontre thématique Parentalité » est confirmée.');
    expect(after.text).toContain('« Rencontre thématique Enfance-jeunesse » est complet : vous êtes sur la liste d’attente (51e position).');
    expect(after.text).toContain('aria-label="Me désinscrire : Rencontre thématique Parentalité"');
    expect(after.text).toContain('En liste d’attente (51e position)');
    const registrations = await stack.db.prisma.registration.findMany({ where: { email: chantal.email }, orderBy: { requestedAt: 'asc' } });
    expect(registrations.map((r) => [r.stepId, r.status, r.contactId])).toEqual(
      expect.arrayContaining([
        [stepIds['rencontre-parentalite'], 'CONFIRMED', contact.id],
        [stepIds['rencontre-jeunesse'], 'WAITLISTED', contact.id],
      ]),
    );

    const [confirmation] = await waitForMails('Chantal’s confirmation', to(chantal.email, /^Inscription confirmée : Rencontre thématique Parentalité/));
    expect(confirmation!.parsed.attachments.find((a) => a.filename === 'invitation.ics')!.content.toString()).toContain(`UID:${icalUids['rencontre-parentalite']}`);

    // One meeting's own button: unregister; a meeting she is not invited to: refused, with the reason.
    const unregistered = await page((await postForm(`${home}/inscriptions`, [['action', 'desinscrire'], ['rencontre', stepIds['rencontre-parentalite']!]])).headers.get('location')!);
    expect(unregistered.text).toContain('Votre inscription à « Rencontre thématique Parentalité » est annulée.');
    expect(unregistered.text).toContain('aria-label="M’inscrire : Rencontre thématique Parentalité"');
    const [cancelMail] = await waitForMails('Chantal’s cancellation', to(chantal.email, /^Inscription annulée : Rencontre thématique Parentalité/));
    expect(cancelMail!.parsed.text).toContain('Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.');
    expect(cancelMail!.parsed.text).toMatch(/m’inscrire à nouveau \(\S+\/p\/[A-Za-z0-9_-]{43}\)/);
    await cancelOf(cancelMail!, 'rencontre-parentalite', chantal.email);
    // Only on the waiting list: nothing was in her calendar, so no .ics.
    await postForm(`${home}/inscriptions`, [['action', 'desinscrire'], ['rencontre', stepIds['rencontre-jeunesse']!]]);
    const [withdrawn] = await waitForMails('Chantal’s withdrawal', to(chantal.email, /^Inscription annulée : Rencontre thématique Enfance-jeunesse/));
    expect(withdrawn!.parsed.text).toContain('vous n’êtes plus sur la liste d’attente');
    expect(withdrawn!.parsed.text).not.toContain('.ics');
    expect(withdrawn!.parsed.attachments).toHaveLength(0);
    expect(withdrawn!.raw).not.toMatch(/text\/calendar/i);
    const refused = await page((await postForm(`${home}/inscriptions`, [['action', 'inscrire'], ['rencontre', stepIds['seminaire-elus']!]])).headers.get('location')!);
    expect(refused.text).toContain('vous n’êtes pas invité(e) à cette rencontre');
    expect(refused.text).toContain('role="alert"');
    const nothing = await page((await postForm(`${home}/inscriptions`, [['action', 'inscrire']])).headers.get('location')!);
    expect(nothing.text).toContain('Aucune rencontre n’était cochée');
    expect(await stack.db.prisma.registration.count({ where: { stepId: stepIds['seminaire-elus'] } })).toBe(0);

    // « Ajouter à mon agenda »: the meeting alone, with the UID of its invitation.
    const ics = await fetch(`${stack.baseUrl}${home}/rencontres/${stepIds['rencontre-parentalite']}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const icsText = await ics.text();
    expect(icsText).toContain(`UID:${icalUids['rencontre-parentalite']}`);
    expect(icsText.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect((await fetch(`${stack.baseUrl}${home}/rencontres/${stepIds['seminaire-elus']}.ics`)).status).toBe(404);

    const forged = await postForm(`/p/${'A'.repeat(43)}/inscriptions`, [['action', 'inscrire'], ['rencontre', stepIds['rencontre-parentalite']!]]);
    expect(forged.status).toBe(404);
  });

  it('registers the public to a forum, with a personal link to cancel, and limits the form’s use', async () => {
    const forum = `/inscription/${stepIds['forum-nant']}`;
    const form = await page(forum);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<title>Inscription : Forum habitants à Nant — CTG</title>');
    expect(form.text).toContain('<label for="nom">Nom et prénom</label>');
    expect(form.text).toContain('<label for="courriel">Adresse électronique</label>');
    expect(form.text).toContain('<legend>Consentement</legend>');
    expect(form.text).toContain('Il reste 3 places.');
    expect((await page(`/inscription/${stepIds['gt-petite-enfance']}`)).status).toBe(404); // partners only
    expect((await page('/inscription/pas-une-rencontre')).status).toBe(404);

    const invalid = await postForm(forum, [['nom', 'Léa'], ['courriel', 'lea@']]);
    expect(invalid.status).toBe(400);
    const invalidText = await invalid.text();
    expect(invalidText).toContain('Le formulaire contient 2 erreurs');
    expect(invalidText).toContain('<p class="error" id="courriel-erreur">Erreur : adresse électronique invalide, par exemple prenom.nom@exemple.fr</p>');
    expect(invalidText).toContain('<p class="error" id="consentement-erreur">Erreur : cochez cette case pour vous inscrire</p>');
    expect(invalidText).toContain('value="Léa"');

    // Double opt-in: the form's answer is « check your mailbox »; the seat is held, not given, until the
    // emailed link is followed and its button pressed (opening the link, as a mail scanner does, is not enough).
    const posted = await postForm(forum, [['nom', 'Paul Vidal'], ['courriel', 'Paul.Vidal@Exemple.fr'], ['consentement', 'oui']]);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${forum}/verifiez`);
    const check = await page(posted.headers.get('location')!);
    expect(check.text).toContain('Encore une étape : confirmez votre inscription depuis le courriel');
    const held = await stack.db.prisma.registration.findUniqueOrThrow({ where: { stepId_email: { stepId: stepIds['forum-nant']!, email: 'paul.vidal@exemple.fr' } } });
    expect(held).toMatchObject({ status: 'UNCONFIRMED', contactId: null });
    expect(held.holdUntil!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect((await page(forum)).text).toContain('Il reste 3 places.'); // only confirmed seats are shown as taken
    const [toConfirm] = await waitForMails('Paul’s request to confirm', to('paul.vidal@exemple.fr', /^Confirmez votre inscription : Forum habitants à Nant/));
    expect(toConfirm!.parsed.text).toContain('Une place vous est réservée pendant 30 minutes.');
    expect(toConfirm!.parsed.text).toContain('Vous n’avez rien demandé ? Ne faites rien');
    expect(toConfirm!.parsed.attachments.filter((a) => a.filename?.endsWith('.ics'))).toHaveLength(0);
    const confirmLink = /(\/inscription\/gerer\/[A-Za-z0-9_-]{43})/.exec(toConfirm!.parsed.text ?? '')![1]!;
    const opened = await page(confirmLink);
    expect(opened.text).toContain('<button type="submit">Confirmer mon inscription</button>');
    expect((await stack.db.prisma.registration.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('UNCONFIRMED');
    const confirmedPost = await postForm(`${confirmLink}/confirmer`, []);
    expect(confirmedPost.status).toBe(303);
    expect((await page(confirmedPost.headers.get('location')!)).text).toContain('Merci, c’est confirmé.');
    expect((await page(forum)).text).toContain('Il reste 2 places.');
    const row = await stack.db.prisma.registration.findUniqueOrThrow({ where: { stepId_email: { stepId: stepIds['forum-nant']!, email: 'paul.vidal@exemple.fr' } } });
    expect(row).toMatchObject({ status: 'CONFIRMED', fullName: 'Paul Vidal', contactId: null, holdUntil: null });
    // Asked again: the same answer, nothing changes, nothing is sent (whether an address is known is not told).
    const again = await postForm(forum, [['nom', 'Paul Vidal'], ['courriel', 'paul.vidal@exemple.fr'], ['consentement', 'oui']]);
    expect(again.headers.get('location')).toBe(`${forum}/verifiez`);
    // Another site's page posting the form from a visitor's browser: refused.
    const fromElsewhere = await fetch(`${stack.baseUrl}${forum}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://ailleurs.example.org' }, body: 'nom=Cible&courriel=cible%40example.org&consentement=oui', redirect: 'manual' });
    expect(fromElsewhere.status).toBe(403);
    const crossSite = await fetch(`${stack.baseUrl}${forum}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, body: 'nom=Cible&courriel=cible%40example.org&consentement=oui', redirect: 'manual' });
    expect(crossSite.status).toBe(403);
    expect(await stack.db.prisma.registration.count({ where: { email: 'cible@example.org' } })).toBe(0);
    // The form promised that only the organisers see who registered: the coordinator does, the Caf adviser counts.
    const asCoordinator = await stack.request('GET', api('forum-nant/registrations'), undefined, { token: tokens.coordinator });
    expect(asCoordinator.body.items.map((r: { email: string }) => r.email)).toContain('paul.vidal@exemple.fr');
    const asAdviser = await stack.request('GET', api('forum-nant/registrations'), undefined, { token: tokens.adviser });
    expect(asAdviser.body.items).toEqual([]);
    expect(asAdviser.body.summary).toMatchObject({ confirmed: 1, publicRegistrations: 1 });
    const adviserCsv = await stack.request('GET', `${api('forum-nant/registrations')}?format=csv`, undefined, { token: tokens.adviser });
    expect(String(adviserCsv.body)).not.toContain('paul.vidal');

    const [mail] = await waitForMails('Paul’s confirmation', to('paul.vidal@exemple.fr', /^Inscription confirmée : Forum habitants à Nant/));
    expect(mail!.parsed.attachments.find((a) => a.filename === 'invitation.ics')!.content.toString()).toContain(`UID:${icalUids['forum-nant']}`);
    const link = /(\/inscription\/gerer\/[A-Za-z0-9_-]{43})/.exec(mail!.parsed.text ?? '')![1]!;
    const manage = await page(link);
    expect(manage.text).toContain('Bonjour Paul Vidal');
    expect(manage.text).toContain('<button type="submit">Annuler mon inscription</button>');
    const cancelled = await postForm(`${link}/annuler`, []);
    expect(cancelled.status).toBe(303);
    const done = await page(cancelled.headers.get('location')!);
    expect(done.text).toContain('C’est fait : votre inscription est annulée.');
    expect(done.text).toContain(`<a href="${forum}">vous inscrire à nouveau</a>`);
    expect((await stack.db.prisma.registration.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('CANCELLED');
    const [cancelMail] = await waitForMails('Paul’s cancellation', to('paul.vidal@exemple.fr', /^Inscription annulée : Forum habitants à Nant/));
    expect(cancelMail!.parsed.text).toContain(`m’inscrire à nouveau (${stack.baseUrl}${forum})`);
    await cancelOf(cancelMail!, 'forum-nant', 'paul.vidal@exemple.fr');
    expect((await page(`/inscription/gerer/${'B'.repeat(43)}`)).status).toBe(404);

    // A stranger's address typed again and again: three confirmation emails an hour at most.
    const victim = () => postForm(forum, [['nom', 'Quelqu’un'], ['courriel', 'Victime@Example.org'], ['consentement', 'oui']]);
    expect([(await victim()).status, (await victim()).status, (await victim()).status, (await victim()).status]).toEqual([303, 303, 303, 429]);
    // (Quick repeats may make an earlier notice stale: fewer emails still, never more.)
    await waitForMails('a confirmation email to the stranger', to('victime@example.org', /^Confirmez votre inscription/), 1);
    // Ten posts a minute per client address (nine counted above: forms, confirmation, cancellation), then 429.
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 10 && !limited; i += 1) {
      const response = await postForm(forum, [['nom', 'X']]);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([400, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await page(forum)).status).toBe(200); // reading stays open
    expect(stack.smtp!.received.filter((m) => m.envelope.to[0] === 'victime@example.org').length).toBeLessThanOrEqual(3);
    // An unconfirmed request holds nobody back: the coordinator registers that person at once.
    const byCoordinator = await stack.request('POST', api('forum-nant/registrations'), { email: 'victime@example.org', fullName: 'Personne Réelle' }, { token: tokens.coordinator });
    expect(byCoordinator.status).toBe(201);
    expect(['CONFIRMED', 'WAITLISTED']).toContain(byCoordinator.body.status);
  });

  it('puts registration links in invitations, and lists and thanks those registered', async () => {
    const timeline = fastTimeline(500, 2031, 2032);
    const plan = planSchema.parse({
      periodStart: 2031,
      periodEnd: 2032,
      steps: [
        meeting('rencontre-a', 'Rencontre thématique Accès aux droits', { startsAt: dayOf(timeline, 30), capacity: 1, reminderDays: [] }),
        meeting('forum-cornus', 'Forum habitants à Cornus', { kind: 'FORUM_HABITANTS', startsAt: dayOf(timeline, 30), reminderDays: [], audience: { roles: ['PARTENAIRE'], public: true } }),
      ],
    });
    const { process } = await launchProcess(stack.apiDeps, larzacId, { plan }, { timeline });
    const steps = await stack.db.prisma.step.findMany({ where: { processId: process.id } });
    const forumId = steps.find((s) => s.key === 'forum-cornus')!.id;

    // The invitation's « Je m’inscris » leads to the partner's page; the forum's to its public form.
    const invitations = await waitForMails('the invitations', (m) => /^Invitation : Rencontre thématique Accès aux droits/.test(m.parsed.subject ?? ''), 3);
    const tokenOf = (email: string) => /Je m’inscris : \S+\/p\/([A-Za-z0-9_-]{43})\s/.exec(invitations.find((m) => m.envelope.to[0] === email)!.parsed.text ?? '')![1]!;
    const [forumInvitation] = await waitForMails('the forum invitation', to(anne.email, /^Invitation : Forum habitants à Cornus/));
    expect(forumInvitation!.parsed.text).toContain(`S’inscrire : ${stack.baseUrl}/inscription/${forumId}`);

    const stepA = steps.find((s) => s.key === 'rencontre-a')!.id;
    for (const email of [anne.email, bruno.email]) {
      const response = await postForm(`/p/${tokenOf(email)}/inscriptions`, [['action', 'inscrire'], ['rencontre', stepA]]);
      expect(response.status).toBe(303);
    }

    const [summary] = await waitForMails('the registration summary', to(larzacTerritory.coordinatorEmail, /^Inscriptions : Rencontre thématique Accès aux droits/), 1, 30_000);
    expect(summary!.parsed.subject).toMatch(/— 1 \/ 3 invités$/);
    const summaryText = summary!.parsed.text ?? '';
    expect(summaryText).toContain('Anne Carrière');
    expect(summaryText).toMatch(/Liste d’attente \(1\)[\s\S]*1\. Bruno Alibert/);
    expect(summaryText).not.toContain('Chantal Fabre');

    const [minutes] = await waitForMails('the minutes request', to(larzacTerritory.coordinatorEmail, /^Compte rendu à déposer : Rencontre thématique Accès aux droits/), 1, 30_000);
    expect(minutes!.parsed.text).toContain('Participants annoncés (1)');
    expect(minutes!.parsed.text).toContain('Anne Carrière');
    expect(minutes!.parsed.text).not.toContain('Bruno Alibert');
    // Held, nobody is thanked until the coordinator says who came.
    expect(mails((m) => /Merci de votre participation|Suite à la rencontre/.test(m.parsed.subject ?? ''))).toEqual([]);

    // Closing: Anne came, Bruno (waiting list) excused himself, Chantal (invited) did not answer, and
    // Denise came unannounced. The minutes go with it. A disguised file first: refused, nothing written.
    const closing = `/processus/${process.id}/etapes/rencontre-a/cloture`;
    const minutesPdf = Buffer.from('%PDF-1.7\n% compte rendu\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const closingForm = (file: [string, Buffer]) => {
      const form = new FormData();
      form.append(`presence:${anne.email}`, 'PRESENT');
      form.append(`presence:${bruno.email}`, 'EXCUSED');
      form.append(`presence:${chantal.email}`, 'ABSENT');
      form.append('venu-nom-0', 'Denise Roques');
      form.append('venu-courriel-0', 'Denise.Roques@epicerie-nant.example.org');
      form.append('venu-structure-0', 'Épicerie sociale de Nant');
      form.append('documents', new Blob([new Uint8Array(file[1])]), file[0]);
      form.append('action', 'clore');
      return fetch(`${stack.baseUrl}${closing}`, { method: 'POST', body: form, redirect: 'manual', headers: { authorization: `Bearer ${tokens.coordinator}` } });
    };
    const oversized = await closingForm(['Compte rendu.pdf', Buffer.concat([minutesPdf, Buffer.alloc(45 * 1024 * 1024)])]);
    expect(oversized.status).toBe(413);
    expect(await oversized.text()).toContain('10 Mo au plus par document');
    const tooLarge = await closingForm(['Compte rendu.pdf', Buffer.concat([minutesPdf, Buffer.alloc(11 * 1024 * 1024)])]);
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain('« Compte rendu.pdf » dépasse 10 Mo');
    const disguised = await closingForm(['Compte rendu.pdf', Buffer.from('MZ\x90\x00 a program')]);
    expect(disguised.status).toBe(400);
    expect(await disguised.text()).toContain('« Compte rendu.pdf » n’est pas un document accepté');
    expect(await stack.db.prisma.attendance.count({ where: { stepId: stepA } })).toBe(0);
    expect(await stack.db.prisma.meetingDocument.count({ where: { stepId: stepA } })).toBe(0);
    const closed = await closingForm(['Compte rendu du 30.pdf', minutesPdf]);
    expect(closed.status).toBe(303);

    const [anneThanks] = await waitForMails('Anne’s thanks', to(anne.email, /^Merci de votre participation : Rencontre thématique Accès aux droits/), 1, 30_000);
    await waitForMails('Denise’s thanks', to('denise.roques@epicerie-nant.example.org', /^Merci de votre participation : Rencontre thématique Accès aux droits/), 1, 30_000);
    const [brunoMail] = await waitForMails('Bruno’s documents', to(bruno.email, /^Suite à la rencontre : Rencontre thématique Accès aux droits/), 1, 30_000);
    expect(brunoMail!.parsed.text).toContain('Vous n’avez pas pu participer');
    expect(anneThanks!.parsed.text).toContain('Merci d’avoir participé');
    // Nothing to Chantal (absent), nor to those never recorded; each got one message.
    const followUps = mails((m) => /Rencontre thématique Accès aux droits$/.test(m.parsed.subject ?? '') && /^(Merci de votre participation|Suite à la rencontre)/.test(m.parsed.subject ?? ''));
    expect(followUps.map((m) => m.envelope.to[0]).sort()).toEqual([anne.email, bruno.email, 'denise.roques@epicerie-nant.example.org'].sort());
    expect((await stack.db.prisma.step.findUniqueOrThrow({ where: { id: stepA } })).closedAt).not.toBeNull();
    expect(await stack.db.prisma.contact.count({ where: { email: 'denise.roques@epicerie-nant.example.org' } })).toBe(1);

    // The minutes open from Anne's own link, without a session, as the very bytes filed.
    const documentUrl = /Compte rendu du 30\.pdf \((\S+\/p\/[A-Za-z0-9_-]{43}\/documents\/[0-9a-f-]{36})\)/.exec(anneThanks!.parsed.text ?? '')![1]!;
    const opened = await fetch(documentUrl);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(opened.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await opened.arrayBuffer()).equals(minutesPdf)).toBe(true);
    // Another link, or no link: nothing to learn.
    expect((await fetch(documentUrl.replace(/\/p\/[A-Za-z0-9_-]{43}\//, `/p/${'A'.repeat(43)}/`))).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/processus/${process.id}/documents/${documentUrl.slice(-36)}`, { redirect: 'manual' })).status).toBe(303);
    // The Caf adviser reads it; the export for the evaluation lists who came.
    const asAdviser = await fetch(`${stack.baseUrl}/processus/${process.id}/documents/${documentUrl.slice(-36)}`, { headers: { authorization: `Bearer ${tokens.adviser}` } });
    expect(asAdviser.status).toBe(200);
    const csv = await (await fetch(`${stack.baseUrl}/processus/${process.id}/presences.csv`, { headers: { authorization: `Bearer ${tokens.adviser}` } })).text();
    expect(csv).toContain('Rencontre thématique Accès aux droits;');
    expect(csv).toMatch(/Denise Roques;Épicerie sociale de Nant;denise\.roques@epicerie-nant\.example\.org;présent\(e\);oui/);
    expect(csv).toMatch(/Chantal Fabre;[^\r\n]*;absent\(e\);non/);

    // Closing again changes nothing and sends nothing more.
    const again = await closingForm(['Compte rendu du 30.pdf', minutesPdf]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('déjà close');
  });

  it('cancels every registration with the meeting, so the lists and the pages agree with the CANCEL email', async () => {
    const plan = planSchema.parse({
      periodStart: 2033,
      periodEnd: 2034,
      steps: [meeting('rencontre-annulee', 'Rencontre thématique Mobilité', { startsAt: inDays(40), invitationLeadDays: 60, reminderDays: [] })],
    });
    const { process } = await launchProcess(stack.apiDeps, larzacId, { plan });
    const path = `/api/processes/${process.id}/steps/rencontre-annulee`;
    await waitForMails('the invitation', to(anne.email, /^Invitation : Rencontre thématique Mobilité/));
    expect((await stack.request('POST', `${path}/registrations`, { email: anne.email, fullName: 'Anne Carrière' })).status).toBe(201);
    await waitForMails('Anne’s confirmation', to(anne.email, /^Inscription confirmée : Rencontre thématique Mobilité/));

    expect((await stack.request('POST', `${path}/cancel`, { reason: 'Salle indisponible' })).status).toBe(200);
    await waitForMails('the cancellation', to(anne.email, /^Annulation : Rencontre thématique Mobilité/));
    const listed = await waitFor('the registrations cancelled', async () => {
      const answer = await stack.request('GET', `${path}/registrations`);
      return answer.body.items.every((r: { status: string }) => r.status === 'CANCELLED') ? answer.body.items : null;
    });
    expect(listed.map((r: { email: string; status: string }) => [r.email, r.status])).toEqual([[anne.email, 'CANCELLED']]);
    const contact = await stack.db.prisma.contact.findFirstOrThrow({ where: { territoryId: larzacId, email: anne.email } });
    const partnerPage = await page(`/p/${await issuePartnerToken(stack.db.prisma, contact.id, stack.config.LINK_SECRET)}`);
    expect(partnerPage.text).toContain('Rencontre annulée');
    expect(partnerPage.text).not.toContain('Vous êtes inscrit(e)');
  });
});

