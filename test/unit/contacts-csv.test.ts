import { parseContactsCsv, parseCsvRows } from '../../domain/contacts-csv';

describe('contacts CSV import', () => {
  it('reads a French Excel export: BOM, semicolons, accented headers, roles and domains', () => {
    const csv = '\uFEFFNom;Prénom;Courriel;Structure;Rôles;Thématiques\r\n' +
      'Martin;Élise;E.Martin@Levezou.example.org;"Crèche ""Les P\'tits Loups""";partenaire, COPIL;Petite enfance\r\n' +
      'Durand;Paul;maire@salles.example.org;Mairie de Salles-Curan;élu;\r\n';
    const { contacts, errors, duplicates } = parseContactsCsv(csv);
    expect(errors).toEqual([]);
    expect(duplicates).toBe(0);
    expect(contacts).toEqual([
      { email: 'e.martin@levezou.example.org', fullName: 'Élise Martin', organisation: 'Crèche "Les P\'tits Loups"', roles: ['PARTENAIRE', 'COPIL'], groups: [], domains: ['petite-enfance'] },
      { email: 'maire@salles.example.org', fullName: 'Paul Durand', organisation: 'Mairie de Salles-Curan', roles: ['ELU'], groups: [], domains: [] },
    ]);
  });

  it('reads commas, a full-name column, quoted line breaks, and defaults the role to partenaire', () => {
    const csv = 'email,nom complet,organisation\nalsh@larzac.example.org,Centre de loisirs,"Association\nFamilles rurales"\n';
    const { contacts, errors } = parseContactsCsv(csv);
    expect(errors).toEqual([]);
    expect(contacts).toEqual([{ email: 'alsh@larzac.example.org', fullName: 'Centre de loisirs', organisation: 'Association\nFamilles rurales', roles: ['PARTENAIRE'], groups: [], domains: [] }]);
  });

  it('reads each person’s function and the territory’s own groups', () => {
    const csv = 'courriel;nom;fonction;groupes\nrpe@example.org;Anne Carrière;Animatrice du relais;Relais petite enfance, Agents\n';
    const { contacts, errors } = parseContactsCsv(csv);
    expect(errors).toEqual([]);
    expect(contacts[0]).toMatchObject({ function: 'Animatrice du relais', groups: ['relais-petite-enfance', 'agents'] });
  });

  it('reports every bad cell with its line and column, and imports nothing then', () => {
    const csv = 'courriel;nom;rôles\npas-une-adresse;Martin;partenaire\nok@example.org;M;partenaire\nautre@example.org;Durand;trésorier\n';
    const { contacts, errors } = parseContactsCsv(csv);
    expect(contacts).toEqual([]);
    expect(errors).toEqual([
      { line: 2, field: 'courriel', reason: 'adresse électronique invalide' },
      { line: 3, field: 'nom', reason: expect.stringMatching(/2/) },
      { line: 4, field: 'rôles', reason: 'rôle inconnu « trésorier » (élu, partenaire, COPIL, COTECH)' },
    ]);
  });

  it('names missing columns and empty files', () => {
    expect(parseContactsCsv('nom;organisation\nMartin;Crèche\n').errors).toEqual([{ line: 1, field: 'courriel', reason: expect.stringContaining('colonne manquante') }]);
    expect(parseContactsCsv('').errors[0]).toMatchObject({ line: 1, field: '(fichier)' });
    expect(parseContactsCsv('email;nom\n').errors[0]!.reason).toMatch(/aucun contact/);
  });

  it('deduplicates by email: the last row wins', () => {
    const { contacts, duplicates } = parseContactsCsv('email;nom\na@example.org;Première\nA@example.org;Seconde\n');
    expect(duplicates).toBe(1);
    expect(contacts).toEqual([expect.objectContaining({ email: 'a@example.org', fullName: 'Seconde' })]);
  });

  it('keeps line numbers right after quoted line breaks and blank lines', () => {
    expect(parseCsvRows('a;b\n"x\ny";z\n\nc;d', ';').map((r) => r.line)).toEqual([1, 2, 5]);
  });
});
