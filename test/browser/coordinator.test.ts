// A coordinator, in Chromium, on the real stack: signs in through the emailed link, creates a territory,
// imports partners from a CSV file (after a refused one), launches the process from the standard plan,
// follows its timeline, moves a date, and signs out. Every page is screenshotted and audited (axe-core).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toLocalInput } from '../../domain/local-time-input';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/factories';
import { ARTIFACTS, checkPage, countIs, DESKTOP, launchBrowser, linkIn, shows } from './browser';

const DAY = 86_400_000;
const EMAIL = 'delcros.e@cclarzac.example.org';

/** A French Excel export: Windows-1252, semicolons, accented headers. */
const partnersCsv = [
  'Nom;Prénom;Courriel;Structure;Rôles;Thématiques',
  'Roques;Didier;maire@nant.example.org;Mairie de Nant;élu, COPIL;',
  'Gaubert;Sylvie;maire@cornus.example.org;Mairie de Cornus;élu;',
  'Carrière;Anne;rpe@larzac.example.org;Relais Petite Enfance;partenaire;petite enfance',
  'Alibert;Bruno;alsh@larzac.example.org;Accueil de loisirs;partenaire, COTECH;enfance-jeunesse',
  'Fabre;Chantal;centre-social@larzac.example.org;Centre social;partenaire;parentalité',
].join('\r\n');

describe('coordinator pages in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    const { user } = await stack.createUser('COORDINATOR', { email: EMAIL });
    await stack.db.prisma.user.update({ where: { id: user.id }, data: { fullName: 'Edwige Delcros' } });
    context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in by email, imports partners, launches the process and follows it', async () => {
    const base = stack.baseUrl;

    // The home page explains the roles and leads to the sign-in; signed out, a page sends to the sign-in
    // form, which keeps the way back.
    await page.goto(`${base}/`);
    await shows(page.locator('main'), 'Conseiller(ère) territorial(e)');
    await checkPage(page, 'accueil', { phone: true });
    await page.goto(`${base}/territoires`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await checkPage(page, 'connexion', { phone: true });
    await page.getByLabel('Adresse électronique').fill('pas-une-adresse');
    await page.evaluate(`document.querySelector('form[action="/connexion"]').noValidate = true`);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await shows(page.locator('.field-error'), 'adresse électronique invalide');
    await checkPage(page, 'connexion-erreur');
    await page.getByLabel('Adresse électronique').fill(EMAIL.toUpperCase());
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await shows(page.getByRole('status'), `Si un compte existe pour ${EMAIL}`);
    await checkPage(page, 'connexion-lien-envoye');

    const [mail] = await stack.smtp!.waitFor(1);
    expect(mail!.envelope.to).toEqual([EMAIL]);
    expect(mail!.parsed.subject).toBe('Votre lien de connexion au service CTG');
    const link = linkIn(mail!.parsed.text ?? '', '/connexion/');
    expect(link.startsWith(`${base}/connexion/`)).toBe(true);
    // Opening the link (as a mail scanner would) spends nothing: a button does.
    await page.request.head(link);
    await page.goto(link);
    await checkPage(page, 'connexion-confirmer');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForURL(`${base}/territoires`);
    expect(new URL(page.url()).pathname).toBe('/territoires');
    await shows(page.getByRole('status'), 'Bienvenue, Edwige Delcros');
    const cookie = (await context.cookies()).find((c) => c.name === 'ctg_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await checkPage(page, 'territoires-vide');

    // Creating a territory: a refused value comes back next to its field (400), then it is created.
    await page.getByRole('link', { name: 'Créer un territoire' }).click();
    expect(await page.getByLabel('Nom de la personne qui coordonne').inputValue()).toBe('Edwige Delcros');
    await page.getByLabel('Nom du territoire').fill('CC');
    await page.getByLabel('Caf (obligatoire)').fill('Caf de l’Aveyron');
    const refused = page.waitForResponse((r) => r.url() === `${base}/territoires` && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Créer le territoire' }).click();
    expect((await refused).status()).toBe(400);
    await page.locator('#name-erreur').waitFor({ state: 'visible' });
    expect(await page.getByLabel('Nom du territoire').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'territoire-nouveau-erreur', { phone: true });
    await page.getByLabel('Nom du territoire').fill('Communauté de Communes Larzac et Vallées');
    await page.getByLabel('Nom de la personne qui suit la CTG à la Caf').fill('Hélène Ricard');
    await page.getByLabel('Adresse à la Caf').fill('helene.ricard@caf12.example.org');
    await page.getByRole('button', { name: 'Créer le territoire' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'Communauté de Communes Larzac et Vallées', { exact: true });
    await shows(page.getByRole('status'), 'créé');
    const territoryId = new URL(page.url()).pathname.split('/')[2]!;

    // The territory's own words: its article, a group and a committee of its own, without writing JSON.
    await page.getByRole('link', { name: 'Les mots du territoire' }).click();
    await page.getByLabel('Article devant le nom du territoire').selectOption('la');
    await page.getByLabel('Fonction de la personne qui coordonne').fill('Chargée de coopération CTG');
    await page.getByLabel('Nouveau groupe').first().fill('Financeurs');
    const blankBody = page.getByRole('group', { name: 'Nouvelle instance' }).first();
    await blankBody.getByLabel('Nom').fill('Comité des financeurs');
    await blankBody.getByLabel('… ou de ces groupes').fill('Financeurs, Mécènes');
    await page.getByRole('button', { name: 'Enregistrer les mots du territoire' }).click();
    // A group nobody defined is refused next to its field; the rest of the form is kept.
    await shows(page.locator('.field-error').first(), 'groupe « mecenes » inconnu du territoire');
    await checkPage(page, 'territoire-mots-erreur', { phone: true });
    const financeurs = page.getByRole('group', { name: 'Comité des financeurs' });
    await financeurs.getByLabel('… ou de ces groupes').fill('Financeurs');
    await financeurs.getByLabel('Se réunit chaque année pendant la mise en œuvre').check();
    await page.getByRole('button', { name: 'Enregistrer les mots du territoire' }).click();
    await shows(page.getByRole('status'), 'Les mots du territoire sont enregistrés');
    const saved = await stack.db.prisma.territory.findUniqueOrThrow({ where: { id: territoryId } });
    expect(saved).toMatchObject({ nameArticle: 'la', coordinatorFunction: 'Chargée de coopération CTG', contactGroups: [{ key: 'financeurs', label: 'Financeurs' }] });
    expect(saved.bodies).toEqual([
      expect.objectContaining({ key: 'copil', name: 'Comité de pilotage' }),
      expect.objectContaining({ key: 'cotech', name: 'Comité technique' }),
      expect.objectContaining({ key: 'comite-des-financeurs', name: 'Comité des financeurs', members: { roles: [], groups: ['financeurs'] }, meetsYearly: true }),
    ]);

    // A CSV with bad lines: nothing imported, each error named by line and column.
    await page.getByLabel('Ou collez le contenu du fichier').fill('courriel;nom;rôles\npas-une-adresse;Martin;partenaire\nok@example.org;Durand;trésorier\n');
    await page.getByRole('button', { name: 'Importer' }).click();
    const report = page.locator('#import .flash.error');
    await shows(report, 'Rien n’a été importé');
    await countIs(report.locator('tbody tr'), 2);
    await shows(report.locator('tbody tr').nth(0), '2courrieladresse électronique invalide');
    await shows(report.locator('tbody tr').nth(1), '3rôlesrôle inconnu « trésorier »');
    expect(await stack.db.prisma.contact.count({ where: { territoryId } })).toBe(0);
    await checkPage(page, 'territoire-import-refuse', { phone: true });

    // The real file, chosen with the file input.
    const file = path.join(ARTIFACTS, 'partenaires-larzac.csv');
    writeFileSync(file, Buffer.from(partnersCsv, 'latin1'));
    await page.getByLabel('Ou collez le contenu du fichier').fill('');
    await page.getByLabel('Fichier CSV').setInputFiles(file);
    await page.getByRole('button', { name: 'Importer' }).click();
    await shows(page.getByRole('status'), 'Import terminé : 5 contact(s) ajouté(s), 0 mis à jour');
    const rows = page.locator('table tbody tr');
    await countIs(rows, 5);
    await shows(page.locator('tr', { hasText: 'Anne Carrière' }), 'Relais Petite Enfance');
    await shows(page.locator('tr', { hasText: 'Didier Roques' }), 'élu(e), COPIL');
    await shows(page.locator('tr', { hasText: 'Chantal Fabre' }), 'parentalite');

    // Launch from the standard plan: the lancement partenaires in ten days is inside its invitation window.
    const lancement = `${toLocalInput(new Date(Date.now() + 10 * DAY), 'Europe/Paris').slice(0, 10)}T09:30`;
    await page.getByLabel('Première année de la convention').fill('2027');
    await page.getByLabel('Dernière année de la convention').fill('2031');
    await page.getByLabel('Entretiens partenaires clés').fill('2');
    await page.getByLabel('Autres thèmes').fill('Accès aux droits');
    await page.getByLabel('Lancement partenaires').fill(lancement);
    await page.getByLabel('Lieu des rencontres').fill('Salle des fêtes de Nant');
    await checkPage(page, 'territoire-avant-lancement', { phone: true });
    await page.getByRole('button', { name: 'Lancer la démarche' }).click();
    await shows(page.getByRole('status'), 'Démarche CTG 2027–2031 lancée');
    const processId = new URL(page.url()).pathname.split('/')[2]!;
    await shows(page.locator('svg.timeline title').first(), 'Frise de la Communauté de Communes Larzac et Vallées');
    await page.getByRole('heading', { name: 'Phase 1 – Diagnostic partagé (en cours)' }).waitFor({ state: 'visible' });
    await shows(page.locator('#etape-gt-acces-aux-droits-1'), 'date à fixer');
    await shows(page.locator('#etape-seminaire-elus'), 'date à fixer');

    // The invitations leave at once: three partners receive them, and the step says so.
    await waitFor('three invitations', async () => stack.smtp!.received.filter((m) => m.parsed.subject?.startsWith('Invitation')).length >= 3 || null, 60_000);
    await waitFor('the step shown as invited', async () => {
      await page.reload();
      return (await page.locator('#etape-lancement-partenaires .state').textContent()) === 'invitations envoyées' || null;
    });
    await shows(page.locator('#etape-lancement-partenaires'), 'Lieu : Salle des fêtes de Nant');
    await shows(page.locator('#etape-lancement-partenaires'), 'de 9h30 à 12h30');
    await countIs(page.locator('section[aria-labelledby="messages"] tbody tr', { hasText: 'Invitation' }), 3);
    await checkPage(page, 'processus', { phone: true });

    // Moving a date: a too-short reason is refused next to its field, then a date is set.
    await page.locator('#etape-seminaire-elus summary').click();
    await page.locator('#date-seminaire-elus').fill(`${toLocalInput(new Date(Date.now() + 40 * DAY), 'Europe/Paris').slice(0, 10)}T18:00`);
    await page.locator('#lieu-seminaire-elus').fill('Mairie de Nant');
    await page.locator('#etape-seminaire-elus').getByRole('button', { name: /Enregistrer/ }).click();
    await shows(page.getByRole('status'), '« Lancement et séminaire avec les élus » modifiée');
    await shows(page.locator('#etape-seminaire-elus'), 'de 18h à 21h');
    await shows(page.locator('#etape-seminaire-elus .state'), 'à venir', { exact: true });

    await page.locator('#etape-entretien-2 summary').click();
    await page.locator('#motif-entretien-2').fill('ab');
    await page.locator('#etape-entretien-2').getByRole('button', { name: 'Annuler l’étape' }).click();
    await shows(page.locator('#motif-entretien-2-erreur'), 'de 3 à 500 caractères', { exact: true });
    await checkPage(page, 'processus-annulation-refusee');
    await page.locator('#motif-entretien-2').fill('Partenaire déjà rencontré en octobre');
    await page.locator('#etape-entretien-2').getByRole('button', { name: 'Annuler l’étape' }).click();
    await shows(page.getByRole('status'), '« Entretien partenaire clé n°2 » annulée');
    await shows(page.locator('#etape-entretien-2 .state'), 'annulée', { exact: true });

    // A form posted from another site with the session cookie is refused.
    const forged = await fetch(`${base}/processus/${processId}/pause`, {
      method: 'POST',
      headers: { cookie: `ctg_session=${cookie.value}`, origin: 'https://ailleurs.example', 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect((await stack.db.prisma.process.findUniqueOrThrow({ where: { id: processId } })).status).toBe('RUNNING');

    // The territory list, then signing out; the emailed link does not work twice.
    await page.getByRole('link', { name: 'Mes territoires' }).click();
    await shows(page.locator('tbody tr'), 'Communauté de Communes Larzac et Vallées');
    await checkPage(page, 'territoires', { phone: true });
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await shows(page.getByRole('status'), 'Vous êtes déconnecté(e).');
    const again = await page.goto(link);
    expect(again!.status()).toBe(400);
    await shows(page.getByRole('alert'), 'n’est plus valable');
    await checkPage(page, 'connexion-lien-perime');
    await page.goto(`${base}/processus/${processId}`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(new URL(page.url()).searchParams.get('retour')).toBe(`/processus/${processId}`);
  }, 300_000);

  it('documents the API on a page anyone can read, without a script', async () => {
    await page.goto(`${stack.baseUrl}/api/docs`);
    await shows(page.getByRole('heading', { level: 1 }), 'l’API');
    await shows(page.locator('#schema-Territory'), 'publishContactDetails');
    await shows(page.locator('[id="getApiTerritoriesIdContacts"]'), 'page de Contact');
    await checkPage(page, 'api-docs', { phone: true });
  });
});

