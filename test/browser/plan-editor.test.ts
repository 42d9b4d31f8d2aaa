// A coordinator, in Chromium, builds the plan of a territory whose practice is not the standard one,
// without writing JSON: a committee of its own, a round table that meets once, a workshop open to the
// public, an interview campaign with slots, a deliverable, a decision known only to the month, no
// signature; a refused value comes back next to its field; the draft is saved and launched; a partner
// books an interview slot from the link in their email. The emails a real SMTP server receives carry each
// step's own title and description, and none of the standard practice's sentences.
import type { Browser, Page } from 'playwright-core';
import { toLocalInput } from '../../domain/local-time-input';
import { issueToken } from '../../infra/auth/tokens';
import { larzacContacts, waitFor } from '../support/factories';
import { startTestStack, type TestStack } from '../support/stack';
import { checkPage, DESKTOP, launchBrowser, shows } from './browser';

const DAY = 86_400_000;
/** 14h in Rodez, `days` days from now, as the editor's datetime-local field takes it. */
const localIn = (days: number) => `${toLocalInput(new Date(Date.now() + days * DAY), 'Europe/Paris').slice(0, 10)}T14:00`;

describe('the plan editor in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let territoryId = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    const territory = await stack.request('POST', '/api/territories', {
      name: 'Communauté d’agglomération du Causse',
      nameArticle: 'la',
      cafName: 'Caf du Lot',
      coordinatorName: 'Inès Vayssié',
      coordinatorEmail: 'ines.vayssie@causse.example.org',
      coordinatorFunction: 'Cheffe de projet cohésion sociale',
      contactGroups: [{ key: 'financeurs', label: 'Financeurs' }],
      bodies: [{ key: 'cofi', name: 'Comité des financeurs', members: { groups: ['financeurs'] }, meetsYearly: true }],
    });
    expect(territory.status).toBe(201);
    territoryId = territory.body.id;
    const contacts = [...larzacContacts, { email: 'msa@causse.example.org', fullName: 'Marie Soulié', roles: ['PARTENAIRE'], groups: ['financeurs'] }];
    expect((await stack.request('POST', `/api/territories/${territoryId}/contacts`, contacts)).status).toBe(200);
    const { user } = await stack.createUser('COORDINATOR', { email: 'ines.vayssie@causse.example.org', territoryIds: [territoryId] });
    const session = await issueToken(stack.db.prisma, 'SESSION', { userId: user.id });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    await context.addCookies([{ name: 'ctg_session', value: session.token, url: stack.baseUrl }]);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('builds a plan of its own, saves it, launches it, and its emails speak its words', async () => {
    await page.goto(`${stack.baseUrl}/territoires/${territoryId}`);
    await page.getByRole('link', { name: 'Préparer un plan sur mesure' }).click();
    await checkPage(page, 'plan-depart', { phone: true });
    await page.getByRole('button', { name: 'Commencer un plan vierge' }).click();
    await shows(page.getByRole('status'), 'Brouillon préparé vierge');

    const card = (title: string) => page.getByRole('group', { name: title });
    const fillNew = async (fields: Record<string, string>, extra: (group: ReturnType<typeof card>) => Promise<void> = async () => undefined) => {
      const group = card('Nouvelle étape');
      for (const [label, value] of Object.entries(fields)) {
        const field = group.getByLabel(label, { exact: true });
        if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption({ label: value });
        else await field.fill(value);
      }
      await extra(group);
      await page.getByRole('button', { name: 'Enregistrer et ajouter une étape' }).click();
      await shows(page.getByRole('status'), 'Brouillon enregistré');
    };
    await page.getByLabel('Première année').fill('2027');
    await page.getByLabel('Dernière année').fill('2031');
    await fillNew(
      { Titre: 'Comité des financeurs de lancement', Description: 'Tour de table des cofinancements possibles.', 'Date et heure': localIn(9), 'Réunion de l’instance': 'Comité des financeurs' },
    );
    await fillNew(
      { Titre: 'Table ronde mobilité des familles', Description: 'Une seule séance : transporteurs, centres sociaux et familles.', 'Date et heure': localIn(11), Lieu: 'Maison des associations, Gramat' },
      (group) => group.getByLabel('partenaires').check(),
    );
    // One-to-one interviews: slots typed one a line, each partner books one from their email.
    await fillNew(
      {
        Titre: 'Entretiens avec les acteurs de la mobilité',
        'Ce que fait le service': 'Campagne d’entretiens individuels (créneaux à réserver)',
        Description: 'Trois quarts d’heure pour parler des trajets des familles que vous accompagnez.',
        'Durée (minutes)': '45',
        'Créneaux d’entretien': [15, 16, 17].map((d) => localIn(d).replace('T', ' ')).join('\n'),
        Lieu: 'Maison des associations, Gramat',
      },
      (group) => group.getByLabel('partenaires').check(),
    );
    await fillNew(
      { Titre: 'Atelier ouvert aux familles', 'Ce que fait le service': 'Rencontre ouverte au public', Description: 'Venez avec vos enfants : garderie sur place.', 'Date et heure': localIn(13), Places: '30' },
      async (group) => {
        await group.getByLabel('Ouvert au public (formulaire d’inscription)').check();
        await group.getByLabel('partenaires').check(); // partners relay it to the families they know
      },
    );
    await fillNew({ Titre: 'Note d’enjeux au bureau', 'Ce que fait le service': 'Tâche ou livrable', Phase: 'Phase 2 – Stratégie et plan d’actions', 'Rappels (jours avant)': '' });
    // A month typed the wrong way: saved as typed, refused next to its field.
    await fillNew({ Titre: 'Délibération du conseil communautaire', 'Ce que fait le service': 'Jalon (décision, signature)', Phase: 'Phase 2 – Stratégie et plan d’actions', 'Ou le mois': 'juin 2027', 'Rappels (jours avant)': '' });
    const deliberation = card('Délibération du conseil communautaire');
    await shows(deliberation.locator('.field-error'), 'attendu un mois AAAA-MM');
    await checkPage(page, 'plan-brouillon-erreur', { phone: true });
    await page.getByRole('button', { name: 'Lancer la démarche' }).click();
    await shows(page.getByRole('alert').first(), 'Délibération du conseil communautaire : mois');
    expect(await stack.db.prisma.process.count({ where: { territoryId } })).toBe(0);

    // Come back later: the draft is there, as typed.
    await page.goto(`${stack.baseUrl}/territoires/${territoryId}/plan`);
    await card('Délibération du conseil communautaire').getByLabel('Ou le mois').fill('2027-06');
    await page.getByRole('button', { name: 'Lancer la démarche' }).click();
    await shows(page.getByRole('status'), 'Démarche CTG 2027–2031 lancée : 6 étapes planifiées');
    expect(await stack.db.prisma.planDraft.count({ where: { territoryId } })).toBe(0);
    const steps = await stack.db.prisma.step.findMany({ where: { process: { territoryId } }, orderBy: { position: 'asc' } });
    expect(steps.map((s) => [s.title, s.behaviour, s.body, s.month])).toEqual([
      ['Comité des financeurs de lancement', 'MEETING', 'cofi', null],
      ['Table ronde mobilité des familles', 'MEETING', null, null],
      ['Entretiens avec les acteurs de la mobilité', 'INTERVIEWS', null, null],
      ['Atelier ouvert aux familles', 'PUBLIC_MEETING', null, null],
      ['Note d’enjeux au bureau', 'TASK', null, null],
      ['Délibération du conseil communautaire', 'MILESTONE', null, '2027-06'],
    ]);
    await checkPage(page, 'plan-lance');

    // The invitations, through the real SMTP server: each in the step's own words.
    const invitations = await waitFor('three invitations', async () => {
      const received = stack.smtp!.received.filter((m) => /^Invitation/.test(m.parsed.subject ?? ''));
      return new Set(received.map((m) => m.parsed.subject!.split(' — ')[0])).size >= 3 ? received : null;
    });
    const text = (subject: string) => invitations.filter((m) => m.parsed.subject!.startsWith(`Invitation : ${subject}`)).map((m) => m.parsed.text ?? '');
    expect(invitations.filter((m) => m.parsed.subject!.startsWith('Invitation : Comité des financeurs')).map((m) => m.envelope.to[0])).toEqual(['msa@causse.example.org']);
    expect(text('Table ronde mobilité des familles')[0]).toContain('Une seule séance : transporteurs, centres sociaux et familles.');
    expect(text('Atelier ouvert aux familles')[0]).toContain('Venez avec vos enfants : garderie sur place.');
    expect(text('Comité des financeurs de lancement')[0]).toContain('de la Communauté d’agglomération du Causse');
    expect(text('Comité des financeurs de lancement')[0]).toContain('Inès Vayssié, Cheffe de projet cohésion sociale');
    // A partner books an interview slot from the link in their email, in a browser without any session.
    const invitation = await waitFor('the interview invitation', async () =>
      stack.smtp!.received.find((m) => m.envelope.to[0] === 'rpe@larzac.example.org' && (m.parsed.subject ?? '').startsWith('Entretien : Entretiens avec les acteurs de la mobilité')),
    );
    expect(invitation.parsed.text).toContain('Trois quarts d’heure pour parler des trajets des familles');
    const link = /(http:\/\/[^\s]+\/p\/[A-Za-z0-9_-]{43}#entretiens-[0-9a-f-]{36})/.exec(invitation.parsed.text ?? '')![1]!;
    const partnerContext = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    const partner = await partnerContext.newPage();
    await partner.goto(link);
    await checkPage(partner, 'entretiens-partenaire', { phone: true });
    const campaign = partner.locator('[id^="entretiens-"]');
    await campaign.getByRole('radio').nth(1).check();
    await campaign.getByRole('button', { name: 'Réserver ce créneau' }).click();
    await shows(partner.getByRole('status'), 'Votre créneau pour « Entretiens avec les acteurs de la mobilité » est réservé');
    await shows(partner.locator('[id^="entretiens-"] .badge'), 'Votre entretien :');
    const confirmed = await waitFor('the interview confirmation', async () =>
      stack.smtp!.received.find((m) => m.envelope.to[0] === 'rpe@larzac.example.org' && (m.parsed.subject ?? '').startsWith('Entretien confirmé : Entretiens avec les acteurs de la mobilité')),
    );
    expect(confirmed.parsed.attachments.map((a) => a.filename)).toContain('invitation.ics');
    await partnerContext.close();
    // The coordinator sees who booked which slot.
    await page.reload();
    await shows(page.locator('#etape-entretiens-avec-les-acteurs-de-la-mobilite'), 'Anne Carrière (Relais Petite Enfance)');
    await shows(page.locator('#etape-entretiens-avec-les-acteurs-de-la-mobilite'), '1 créneau(x) réservé(s) sur 3');

    // After the launch, the same words change through the workflow: a new title is announced to those invited.
    const tableRonde = page.locator('#etape-table-ronde-mobilite-des-familles');
    await tableRonde.getByText('Modifier, annuler ou terminer').click();
    await tableRonde.getByLabel('Titre').fill('Table ronde mobilité et transports');
    await tableRonde.getByLabel('Description').fill('Une seule séance, avec la région et les transporteurs.');
    await tableRonde.getByRole('button', { name: /Enregistrer/ }).click();
    await shows(page.getByRole('status'), '« Table ronde mobilité des familles » modifiée');
    await shows(page.locator('#etape-table-ronde-mobilite-des-familles h3'), 'Table ronde mobilité et transports');
    const updates = await waitFor('the update to the round table’s invitees', async () => {
      const received = stack.smtp!.received.filter((m) => (m.parsed.subject ?? '').startsWith('Modification : Table ronde mobilité et transports'));
      return received.length >= 3 ? received : null;
    });
    expect(updates[0]!.parsed.text).toContain('Une seule séance, avec la région et les transporteurs.');
    expect(updates[0]!.raw).toMatch(/SEQUENCE:1/);

    // The next plan can start from this one: its steps and words, the next period, dates to set.
    await page.goto(`${stack.baseUrl}/territoires/${territoryId}/plan`);
    await page.getByRole('button', { name: 'Reprendre le plan précédent' }).click();
    await shows(page.getByRole('status'), 'à partir de la démarche 2027–2031');
    expect(await page.getByLabel('Première année').inputValue()).toBe('2032');
    expect(await card('Table ronde mobilité et transports').getByLabel('Description').inputValue()).toBe('Une seule séance, avec la région et les transporteurs.');
    expect(await card('Délibération du conseil communautaire').getByLabel('Ou le mois').inputValue()).toBe('');

    const everything = stack.smtp!.received.map((m) => `${m.parsed.subject}\n${m.parsed.text}`).join('\n');
    for (const sentence of ['réuni à deux reprises', 'consacrée à la signature', 'reçoit la restitution du diagnostic', 'chargé(e)', 'conseiller(ère)', 'groupes de travail thématiques', 'seconde séance']) {
      expect(everything).not.toContain(sentence);
    }
  });

  it('starts a draft from a spreadsheet file saved by French Excel (Windows encoding), slots included', async () => {
    await page.goto(`${stack.baseUrl}/territoires/${territoryId}/plan`);
    const abandon = page.getByRole('button', { name: 'Abandonner ce brouillon' });
    if (await abandon.count()) await abandon.click();
    await page.goto(`${stack.baseUrl}/territoires/${territoryId}/plan`);
    // An unreadable line: nothing imported, the line and column named.
    const broken = 'titre;comportement;phase\nEntretiens des élus;INTERVIEWS;Phase 9\n';
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(broken, 'latin1') });
    await page.getByRole('button', { name: 'Importer le tableur' }).click();
    await shows(page.getByRole('alert'), 'ligne 2');
    const csv = [
      'titre;comportement;phase;durée (minutes);lieu;rôles;créneaux',
      'Entretiens des élus;INTERVIEWS;DIAGNOSTIC;60;Mairie de Gramat;ELU;"2027-03-02 10:00',
      '02/03/2027 14h00"',
      'Réunion publique à Gramat;PUBLIC_MEETING;DIAGNOSTIC;120;Salle des fêtes;;',
    ].join('\r\n');
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
    await page.getByRole('button', { name: 'Importer le tableur' }).click();
    await shows(page.getByRole('status'), 'Brouillon préparé à partir du tableur');
    const interviews = page.getByRole('group', { name: 'Entretiens des élus' });
    expect(await interviews.getByLabel('Créneaux d’entretien').inputValue()).toBe('2027-03-02 10:00\n02/03/2027 14h00');
    expect(await interviews.getByLabel('Lieu', { exact: true }).inputValue()).toBe('Mairie de Gramat');
    expect(await page.getByRole('group', { name: 'Réunion publique à Gramat' }).getByLabel('Lieu', { exact: true }).inputValue()).toBe('Salle des fêtes');
    // Saved, it reads as two slots of the campaign.
    await page.getByRole('button', { name: 'Enregistrer le brouillon', exact: true }).click();
    await shows(page.getByRole('status'), 'Brouillon enregistré');
    expect(await page.getByRole('group', { name: 'Entretiens des élus' }).locator('summary').textContent()).toContain('2 créneau(x)');
  });
});

