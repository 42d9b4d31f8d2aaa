// The territory's newsletter on the real stack (Temporal, PostgreSQL, an SMTP server): the coordinator
// drafts an issue from the process, edits it (its own name and number, édito, a key figure, a consultancy
// among the contacts), sends it; each partner and elected official gets it once, with their own page,
// calendar and one-click unsubscribe links, which work without a session. A sent issue is frozen and
// archived on a public page that never changes; a partner who unsubscribes gets no further issue; an
// issue can be scheduled.
import { launchProcess } from '../../api/usecases/processes';
import { planSchema } from '../../domain/plan';
import { createTerritoryWithPartners, dayOf, fastTimeline, waitFor } from '../support/factories';
import type { ReceivedMail } from '../../scripts/lib/smtp-sink';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const partners = ['alsh@larzac.example.org', 'centre-social@larzac.example.org', 'maire@cornus.example.org', 'maire@nant.example.org', 'rpe@larzac.example.org'];

describe('newsletter issues', () => {
  let stack: TestStack;
  let processId = '';
  let territoryId = '';

  beforeAll(async () => {
    stack = await startTestStack();
    const territory = await createTerritoryWithPartners(stack, { name: 'Communauté de Communes du Saint-Affricain' });
    territoryId = territory.id;
    const plan = planSchema.parse({
      periodStart: 2027,
      periodEnd: 2031,
      steps: [
        { key: 'table-ronde', behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: 'Table ronde Familles et mobilité', audience: { roles: ['PARTENAIRE'] }, startsAt: inDays(10), location: 'Salle des fêtes de Nant', invitationLeadDays: 21 },
        { key: 'forum', behaviour: 'PUBLIC_MEETING', phase: 'DIAGNOSTIC', title: 'Forum des habitants', audience: { roles: ['PARTENAIRE'], public: true }, startsAt: inDays(12), invitationLeadDays: 21 },
        { key: 'entretien-caf', kind: 'ENTRETIEN_PARTENAIRE', behaviour: 'MEETING', phase: 'DIAGNOSTIC', title: 'Entretien avec le centre social', audience: { emails: ['centre-social@larzac.example.org'] }, startsAt: inDays(35), invitationLeadDays: 21 },
      ],
    });
    processId = (await launchProcess(stack.apiDeps, territory.id, { plan })).process.id;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const page = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, { redirect: 'manual', ...init, headers: { authorization: `Bearer ${stack.adminToken}`, ...(init.headers ?? {}) } });
  const post = (path: string, fields: [string, string][]) =>
    page(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const issuesOf = (subject: RegExp) => stack.smtp!.received.filter((m) => subject.test(m.parsed.subject ?? ''));
  /** A header of the message as received (unfolded). */
  const header = (mail: ReceivedMail, name: string) => new RegExp(`^${name}: (.+)$`, 'mi').exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.trim();

  /** The editor's form; `extra` replaces (or adds) fields. */
  const edition = (action: string, extra: [string, string][] = []): [string, string][] => [...new Map<string, string>([
    ['titre', 'Journal de la CTG'],
    ['numero', '2'],
    ['edito', 'Chers partenaires,\n\nLe diagnostic avance grâce à vous : merci pour vos réponses.'],
    ['rubrique-0-titre', 'Zoom sur l’enquête familles'],
    ['rubrique-0-chiffre', '312'],
    ['rubrique-0-legende', 'réponses à l’enquête'],
    ['rubrique-0-texte', 'Les familles demandent d’abord des modes de garde souples.'],
    ['contact-0-nom', 'Edwige Delcros'],
    ['contact-0-fonction', 'Coordinatrice CTG'],
    ['contact-0-courriel', 'delcros.e@cclarzac.example.org'],
    ['contact-1-nom', 'Julien Cabrol'],
    ['contact-1-fonction', 'Consultant'],
    ['contact-1-structure', 'Cabinet Territoires & Familles'],
    ['contact-1-courriel', 'j.cabrol@cabinet-tf.example.org'],
    ['contact-1-telephone', '05 65 12 34 56'],
    ['action', action],
    ...extra,
  ])];

  it('drafts, edits, sends once with each reader’s own links, freezes and archives', async () => {
    const created = await post(`/processus/${processId}/lettres`, []);
    expect(created.status).toBe(303);
    const editor = created.headers.get('location')!;
    expect(editor).toMatch(new RegExp(`^/processus/${processId}/lettres/[0-9a-f-]{36}$`));
    const issueId = editor.split('/').pop()!;

    // A bad field comes back named, nothing saved.
    const refused = await post(editor, edition('enregistrer', [['contact-1-telephone', 'appeler la mairie']]));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('numéro de téléphone invalide');
    expect((await stack.db.prisma.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } })).title).toBe('Info flash');

    // Previews, then send (twice: a double click).
    expect((await post(editor, edition('enregistrer'))).status).toBe(303);
    const preview = await (await page(`${editor}/apercu?format=courriel`)).text();
    expect(preview).toContain('Zoom sur l’enquête familles');
    expect(preview).not.toContain('Entretien avec le centre social');
    const [first, second] = await Promise.all([post(editor, edition('envoyer')), post(editor, edition('envoyer'))]);
    expect([first.status, second.status]).toEqual([303, 303]);

    const received = await waitFor('the issue to every partner and elected official', async () => {
      const mails = issuesOf(/^Journal de la CTG n°2 – /);
      return mails.length >= partners.length ? mails : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(issuesOf(/^Journal de la CTG n°2 – /).map((m) => m.envelope.to[0]).sort()).toEqual(partners);
    const anne = received.find((m) => m.envelope.to[0] === 'rpe@larzac.example.org')!;
    const text = anne.parsed.text ?? '';
    expect(text).toContain('Le diagnostic avance grâce à vous');
    expect(text).toContain('312');
    expect(text).toContain('Julien Cabrol : Consultant, Cabinet Territoires & Familles');
    expect(text).not.toContain('Entretien avec le centre social'); // a one-to-one interview is nobody else's business
    // Her own links, followed without a session: her page, her calendar, and the public forum's form.
    const own = /votre page personnelle \((https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43})\)/.exec(text)![1]!;
    expect((await fetch(own)).status).toBe(200);
    await waitFor('Anne’s invitation', async () => stack.smtp!.received.some((m) => m.envelope.to[0] === 'rpe@larzac.example.org' && /^Invitation : Table ronde/.test(m.parsed.subject ?? '')) || null);
    const feed = await fetch(`${own}/calendar.ics`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('Table ronde Familles et mobilité');
    const forumLink = /Forum des habitants : [^\n]*s’inscrire \((https?:\/\/\S+\/inscription\/[0-9a-f-]{36})\)/.exec(text)![1]!;
    expect((await fetch(forumLink)).status).toBe(200);
    // RFC 8058: the one-click unsubscribe, by header.
    expect(header(anne, 'List-Unsubscribe')).toBe(`<${own}/lettre/desabonnement>`);
    expect(header(anne, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // Frozen: an edit is refused, the archive page shows what was sent, without personal data.
    const issue = await waitFor('the issue frozen', async () => {
      const row = await stack.db.prisma.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } });
      return row.status === 'SENT' ? row : null;
    });
    const late = await post(editor, edition('enregistrer', [['edito', 'Autre chose']]));
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('il ne change plus');
    const archived = await (await fetch(`${stack.baseUrl}/lettres/${issueId}`)).text();
    expect(archived).toContain('Journal de la CTG n°2');
    expect(archived).toContain('Le diagnostic avance grâce à vous');
    expect(archived).not.toMatch(/\/p\/[A-Za-z0-9_-]{43}|mailto:|05 65 12 34 56|@cabinet-tf/);
    // The process moves on; the archived issue does not.
    expect((await stack.request('PATCH', `/api/processes/${processId}/steps/table-ronde`, { title: 'Table ronde Mobilité des familles' })).status).toBe(200);
    expect(await (await fetch(`${stack.baseUrl}/lettres/${issueId}`)).text()).toBe(archived);
    expect(issue.frozen).not.toBeNull();
    // The archive gives the territory's calendar: no sign-in, no one-to-one interview, revocable.
    const shared = /href="(https?:\/\/[^"]+\/calendrier\/[A-Za-z0-9_-]{32}\.ics)"/.exec(archived)![1]!;
    const calendar = await fetch(shared);
    expect(calendar.status).toBe(200);
    const ics = await calendar.text();
    expect(ics).toContain('Table ronde');
    expect(ics).not.toContain('Entretien avec le centre social');
    expect((await post(`/territoires/${territoryId}/calendrier/renouvellement`, [])).status).toBe(303);
    expect((await fetch(shared)).status).toBe(404);
    const renewed = /href="(https?:\/\/[^"]+\/calendrier\/[A-Za-z0-9_-]{32}\.ics)"/.exec(await (await fetch(`${stack.baseUrl}/lettres/${issueId}`)).text())![1]!;
    expect(renewed).not.toBe(shared);
    expect((await fetch(renewed)).status).toBe(200);
    const list = await (await fetch(`${stack.baseUrl}/lettres/territoire/${territoryId}`)).text();
    expect(list).toContain(`href="/lettres/${issueId}"`);

    // One click from a mail client: unsubscribed; the next issue goes to the others only.
    const unsubscribed = await fetch(`${own}/lettre/desabonnement`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toContain('vous ne recevrez plus la lettre');
    const next = (await post(`/processus/${processId}/lettres`, [])).headers.get('location')!;
    expect((await post(next, edition('envoyer', [['numero', '3']]))).status).toBe(303);
    await waitFor('issue 3', async () => issuesOf(/^Journal de la CTG n°3 – /).length >= partners.length - 1 || null);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(issuesOf(/^Journal de la CTG n°3 – /).map((m) => m.envelope.to[0]).sort()).toEqual(partners.filter((p) => p !== 'rpe@larzac.example.org'));
  }, 240_000);

  it('drafts the issue a newsletter step of the plan calls for, a week before, and sends it once approved', async () => {
    const timeline = fastTimeline(1_000, 2033, 2034);
    const plan = planSchema.parse({
      periodStart: 2033,
      periodEnd: 2034,
      steps: [{ key: 'lettre-printemps', behaviour: 'NEWSLETTER', phase: 'DIAGNOSTIC', title: 'Lettre de printemps', audience: {}, startsAt: dayOf(timeline, 9) }],
    });
    const { process } = await launchProcess(stack.apiDeps, territoryId, { plan }, { timeline });
    const step = await stack.db.prisma.step.findUniqueOrThrow({ where: { processId_key: { processId: process.id, key: 'lettre-printemps' } } });
    // Two (compressed) days in, a week before its date: the draft, and the coordinator asked to read it.
    const ask = await waitFor('the request to read the draft', async () => stack.smtp!.received.find((m) => m.envelope.to[0] === 'delcros.e@cclarzac.example.org' && /à relire$/.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').includes('Lettre de printemps')), 30_000);
    expect(ask.parsed.text).toContain('« Lettre de printemps » est prévue le');
    const issue = await stack.db.prisma.newsletterIssue.findUniqueOrThrow({ where: { stepId: step.id } });
    const editor = new URL(/Relire et envoyer : (\S+)/.exec(ask.parsed.text ?? '')![1]!).pathname;
    expect(editor).toBe(`/processus/${process.id}/lettres/${issue.id}`);
    // Nothing leaves without the coordinator; approved, it goes to every partner and elected official.
    expect(issuesOf(new RegExp(`^${issue.title} n°${issue.number} – `)).filter((m) => (m.parsed.text ?? '').includes('Lettre de printemps'))).toEqual([]);
    expect((await post(editor, edition('envoyer', [['titre', 'Lettre de la CTG'], ['numero', String(issue.number)]]))).status).toBe(303);
    await waitFor('the planned issue', async () => issuesOf(new RegExp(`^Lettre de la CTG n°${issue.number} – `)).length >= partners.length - 1 || null);
    await waitFor('the step done', async () => (await stack.db.prisma.step.findUniqueOrThrow({ where: { id: step.id } })).status === 'DONE' || null);
  }, 120_000);

  it('takes the process’s chosen contacts for its emails and new issues', async () => {
    const refused = await post(`/processus/${processId}/contacts`, [['contact-0-nom', 'Julien Cabrol'], ['contact-0-courriel', 'pas-une-adresse']]);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('adresse électronique invalide');
    const saved = await post(`/processus/${processId}/contacts`, [
      ['contact-0-nom', 'Edwige Delcros'], ['contact-0-fonction', 'Coordinatrice CTG'], ['contact-0-courriel', 'delcros.e@cclarzac.example.org'],
      ['contact-1-nom', 'Marc Issaly'], ['contact-1-fonction', 'Co-coordinateur'], ['contact-1-courriel', 'm.issaly@cclarzac.example.org'], ['contact-1-telephone', '05 65 98 76 54'],
    ]);
    expect(saved.status).toBe(303);
    const editor = (await post(`/processus/${processId}/lettres`, [])).headers.get('location')!;
    const form = await (await page(editor)).text();
    expect(form).toContain('value="Marc Issaly"');
    expect(form).toContain('value="05 65 98 76 54"');
  });

  it('sends a scheduled issue at its time, not before', async () => {
    const editor = (await post(`/processus/${processId}/lettres`, [])).headers.get('location')!;
    // The form takes minutes: the next whole minute at least five seconds away.
    const at = new Date(Math.ceil((Date.now() + 5_000) / 60_000) * 60_000);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at).replace(' ', 'T');
    const scheduled = await post(editor, edition('programmer', [['numero', '9'], ['programme', local]]));
    expect(scheduled.status).toBe(303);
    const row = await stack.db.prisma.newsletterIssue.findUniqueOrThrow({ where: { id: editor.split('/').pop()! } });
    expect(row.status).toBe('SCHEDULED');
    expect(issuesOf(/^Journal de la CTG n°9 – /)).toEqual([]);
    await waitFor('the scheduled issue', async () => issuesOf(/^Journal de la CTG n°9 – /).length > 0 || null, 90_000);
    expect(Math.min(...issuesOf(/^Journal de la CTG n°9 – /).map((m) => m.receivedAt.getTime()))).toBeGreaterThanOrEqual(at.getTime() - 1_000);
  }, 120_000);
});
