// The pure pieces behind the server-rendered pages: multipart reading, datetime-local in a zone, step
// states, the launch form, the way back after signing in, the same-origin check, the timeline picture, typed links.
import type { Request } from 'express';
import { pathForLogs } from '../../api/problem';
import { isSameOrigin } from '../../api/auth/same-origin';
import { parseLaunchForm, readLaunchForm } from '../../api/forms/launch-form';
import { slugOf } from '../../domain/slug';
import { formErrors } from '../../api/forms/form-errors';
import { decodeText, parseMultipart } from '../../api/forms/multipart';
import { territoryInputSchema } from '../../domain/territory-input';
import { safeReturnPath } from '../../api/forms/page-viewer';
import { fromLocalInput, toLocalInput, toOffsetIso } from '../../domain/local-time-input';
import { stepDisplayState } from '../../domain/step-display';
import { timelineSvg } from '../../templates/pages/timeline-svg';
import { typedLink } from '../../templates/html';
import { parseCancelForm, parseSlotsForm } from '../../api/forms/step-form';
import { cancelSchema } from '../../domain/step-changes';
import { MAX_INTERVIEW_SLOTS } from '../../domain/plan';

describe('multipart form reading', () => {
  const boundary = '----ctg1234';
  const body = (parts: string[]) => Buffer.from(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`, 'latin1');

  it('reads a file field and a text field', () => {
    const form = parseMultipart(
      body([
        'Content-Disposition: form-data; name="fichier"; filename="partenaires.csv"\r\nContent-Type: text/csv\r\n\r\ncourriel;nom\r\na@example.org;Anne',
        'Content-Disposition: form-data; name="csv"\r\n\r\n',
      ]),
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(form.get('fichier')).toEqual({ value: 'courriel;nom\r\na@example.org;Anne', filename: 'partenaires.csv' });
    expect(form.get('csv')).toEqual({ value: '' });
  });

  it('reads a Windows-1252 file (French Excel) as well as UTF-8', () => {
    expect(decodeText(Buffer.from('Prénom;Rôles', 'latin1'))).toBe('Prénom;Rôles');
    expect(decodeText(Buffer.from('Prénom;Rôles', 'utf8'))).toBe('Prénom;Rôles');
  });

  it('refuses what is not multipart, or is cut short', () => {
    expect(() => parseMultipart(Buffer.from('a=b'), 'application/x-www-form-urlencoded')).toThrow('multipart/form-data');
    expect(() => parseMultipart(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx`), `multipart/form-data; boundary="${boundary}"`)).toThrow('incomplet');
  });
});

describe('datetime-local values in the territory’s zone', () => {
  it('reads and writes wall-clock times across daylight saving and overseas', () => {
    expect(fromLocalInput('2027-01-14T09:30', 'Europe/Paris')!.toISOString()).toBe('2027-01-14T08:30:00.000Z');
    expect(fromLocalInput('2027-07-01T09:30', 'Europe/Paris')!.toISOString()).toBe('2027-07-01T07:30:00.000Z');
    expect(fromLocalInput('2027-07-01T09:30', 'America/Cayenne')!.toISOString()).toBe('2027-07-01T12:30:00.000Z');
    expect(toLocalInput(new Date('2027-07-01T07:30:00Z'), 'Europe/Paris')).toBe('2027-07-01T09:30');
    expect(toOffsetIso(new Date('2027-01-14T08:30:00Z'), 'Europe/Paris')).toBe('2027-01-14T09:30:00+01:00');
    expect(toOffsetIso(new Date('2027-01-14T12:30:00Z'), 'America/Cayenne')).toBe('2027-01-14T09:30:00-03:00');
  });

  it('refuses impossible dates', () => {
    expect(fromLocalInput('2027-02-31T09:30', 'Europe/Paris')).toBeNull();
    expect(fromLocalInput('14/01/2027 9h30', 'Europe/Paris')).toBeNull();
  });
});

describe('step states as people read them', () => {
  const step = { behaviour: 'MEETING' as const, status: 'PLANNED' as const, late: false, startsAt: new Date() };
  it('names each state', () => {
    expect(stepDisplayState(step)).toBe('A_VENIR');
    expect(stepDisplayState({ ...step, startsAt: null })).toBe('A_FIXER');
    expect(stepDisplayState({ ...step, status: 'INVITED' })).toBe('INVITEE');
    expect(stepDisplayState({ ...step, status: 'INVITED', late: true })).toBe('EN_RETARD');
    expect(stepDisplayState({ ...step, status: 'HELD', late: true })).toBe('TENUE');
    expect(stepDisplayState({ ...step, status: 'DONE' })).toBe('TERMINEE');
    expect(stepDisplayState({ ...step, status: 'CANCELLED' })).toBe('ANNULEE');
  });
});

describe('launch form', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const form = (fields: Record<string, unknown>) =>
    readLaunchForm({ periodStart: '2027', periodEnd: '2031', themes: ['petite-enfance', 'parentalite'], interviews: '10', thematicMeetings: '2', forums: '2', survey: 'oui', ...fields });

  it('turns the answers into the standard template’s, dates in the territory’s zone', () => {
    const result = parseLaunchForm(form({ otherThemes: 'Accès aux droits\n\n', lancementPartenaires: '2027-01-14T09:30', location: ' Salle des fêtes de Nant ' }), 'Europe/Paris', now);
    expect(result).toEqual({
      answers: expect.objectContaining({
        periodStart: 2027,
        periodEnd: 2031,
        survey: true,
        location: 'Salle des fêtes de Nant',
        themes: [
          { key: 'petite-enfance', title: 'Petite enfance' },
          { key: 'parentalite', title: 'Parentalité et animation de la vie sociale' },
          { key: 'acces-aux-droits', title: 'Accès aux droits' },
        ],
        dates: { lancementPartenaires: '2027-01-14T09:30:00+01:00' },
      }),
    });
    expect(slugOf('Enfance – jeunesse / loisirs')).toBe('enfance-jeunesse-loisirs');
  });

  it('names each refused field in French', () => {
    const result = parseLaunchForm(form({ periodEnd: '2025', themes: undefined, interviews: 'dix', seminaireElus: '2026-01-10T10:00' }), 'Europe/Paris', now);
    expect(result).toEqual({
      errors: {
        periodEnd: 'la dernière année précède la première',
        interviews: 'attendu un nombre entier de 0 à 30',
        themes: 'choisissez au moins un thème',
        seminaireElus: 'cette date est passée',
      },
    });
  });

  it('says the schema’s refusals in the form’s words', () => {
    const errors = (fields: Record<string, unknown>) => {
      const result = parseLaunchForm(form(fields), 'Europe/Paris', now);
      return 'errors' in result ? result.errors : {};
    };
    expect(errors({ interviews: '31', forums: '2.5', periodStart: '' })).toEqual({
      periodStart: 'attendu un nombre entier de 2000 à 2100',
      interviews: 'attendu un nombre entier de 0 à 30',
      forums: 'attendu un nombre entier de 0 à 6',
    });
    expect(errors({ otherThemes: 'Accès aux droits\nab' })).toEqual({ otherThemes: 'thème « ab » : de 3 à 120 caractères, avec des lettres' });
    expect(errors({ otherThemes: '!!!' })).toEqual({ otherThemes: 'thème « !!! » : de 3 à 120 caractères, avec des lettres' });
    expect(errors({ otherThemes: ['Un', 'Deux', 'Trois', 'Quatre', 'Cinq', 'Six', 'Sept'].map((n) => `Thème ${n}`).join('\n') })).toEqual({ otherThemes: 'huit thèmes au plus' });
    expect(errors({ location: 'x'.repeat(301) })).toEqual({ location: '300 caractères au plus' });
    expect(errors({ periodEnd: '2040' })).toEqual({ periodEnd: 'une convention dure au plus dix ans' });
  });
});

describe('process page forms, checked by the API’s schemas', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('cancels with or without a reason; one given is 3 to 500 characters, page and API alike', () => {
    expect(parseCancelForm({ reason: '  ' })).toEqual({ values: { reason: '' }, reason: undefined, errors: null });
    expect(parseCancelForm({ reason: ' Salle fermée ' })).toMatchObject({ reason: 'Salle fermée', errors: null });
    expect(parseCancelForm({ reason: 'ab' }).errors).toEqual({ reason: 'de 3 à 500 caractères' });
    expect(parseCancelForm({ reason: 'x'.repeat(501) }).errors).toEqual({ reason: 'de 3 à 500 caractères' });
    expect(cancelSchema.safeParse({}).success).toBe(true);
    expect(cancelSchema.safeParse({ reason: ' ab ' }).error?.issues[0]?.message).toBe('de 3 à 500 caractères');
  });

  it('reads typed slot lines into the API’s instants, and says in the form’s words what is refused', () => {
    expect(parseSlotsForm({ add: '2027-03-02 10:00\n02/03/2027 14h00', remove: '2027-03-01T09:00' }, 'Europe/Paris', now)).toEqual({
      values: { add: '2027-03-02 10:00\n02/03/2027 14h00' },
      slots: { add: ['2027-03-02T10:00:00+01:00', '2027-03-02T14:00:00+01:00'], remove: ['2027-03-01T09:00:00+01:00'] },
      errors: null,
    });
    const refused = (add: string) => parseSlotsForm({ add }, 'Europe/Paris', now).errors?.add;
    expect(refused('demain matin')).toMatch(/^créneau « demain matin » illisible/);
    expect(refused('2026-01-02 10:00')).toBe('un créneau ajouté est déjà passé');
    expect(refused('')).toBe('indiquez au moins un créneau à ajouter, ou cochez un créneau à retirer');
    const many = Array.from({ length: MAX_INTERVIEW_SLOTS + 1 }, (_, i) => `2027-03-02 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`);
    expect(refused(many.join('\n'))).toBe(`${MAX_INTERVIEW_SLOTS} créneaux au plus`);
  });
});

describe('form errors', () => {
  it('says plainly what to fix, field by field', () => {
    const result = territoryInputSchema.safeParse({ name: 'CC', coordinatorEmail: 'x' });
    expect(result.success).toBe(false);
    expect(formErrors(result.error!)).toEqual({
      name: 'au moins 3 caractères',
      cafName: 'à remplir',
      coordinatorName: 'à remplir',
      coordinatorEmail: 'adresse électronique invalide',
    });
  });
});

describe('sign-in helpers', () => {
  it('keeps only local paths to come back to', () => {
    expect(safeReturnPath('/processus/1?messages=2')).toBe('/processus/1?messages=2');
    for (const bad of ['https://ailleurs.example/', '//ailleurs.example', '/\\ailleurs.example', 'processus', '/a\nb', 42]) expect(safeReturnPath(bad)).toBeNull();
  });

  it('accepts a form from this host or the public URL’s, nothing else', () => {
    const request = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;
    expect(isSameOrigin(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), 'http://localhost:3000')).toBe(true);
    expect(isSameOrigin(request({ host: 'internal:8080', origin: 'https://ctg.example.org' }), 'https://ctg.example.org')).toBe(true);
    expect(isSameOrigin(request({ host: '127.0.0.1:3000', referer: 'http://127.0.0.1:3000/territoires' }), 'http://localhost:3000')).toBe(true);
    expect(isSameOrigin(request({ host: '127.0.0.1:3000', origin: 'https://ailleurs.example' }), 'http://localhost:3000')).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:3000', origin: 'null' }), 'http://localhost:3000')).toBe(false);
    expect(isSameOrigin(request({ host: '127.0.0.1:3000' }), 'http://localhost:3000')).toBe(false);
  });
});

describe('timeline picture', () => {
  it('draws phases, steps and today, with a text alternative', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const svg = timelineSvg({
      id: 'f',
      territoryName: 'Larzac & Vallées',
      timeZone: 'Europe/Paris',
      now,
      currentPhase: 'DIAGNOSTIC',
      steps: [
        { key: 'a', title: 'Lancement <partenaires>', phase: 'DIAGNOSTIC', startsAt: new Date('2026-12-03T08:30:00Z'), endsAt: null, state: 'INVITEE' },
        { key: 'b', title: 'Analyse', phase: 'DIAGNOSTIC', startsAt: new Date('2026-11-01T08:30:00Z'), endsAt: null, state: 'EN_RETARD' },
        { key: 'c', title: 'Groupe', phase: 'PLAN_ACTIONS', startsAt: null, endsAt: null, state: 'A_FIXER' },
      ],
    }).value;
    expect(svg).toContain('role="img" aria-labelledby="f-titre"');
    expect(svg).toContain('Frise de Larzac &amp; Vallées ; Phase 1 – Diagnostic partagé : du dimanche 1er novembre 2026 au jeudi 3 décembre 2026');
    expect(svg).toContain('3 étape(s), dont 0 tenue(s) ou terminée(s), 1 en retard, 1 à dater');
    expect(svg).toContain('<title>Lancement &lt;partenaires&gt; — jeudi 3 décembre 2026 — invitations envoyées</title>');
    expect(svg).toContain('aujourd’hui');
    expect(svg.match(/<circle|<path|<rect x="\d/g)).toHaveLength(3); // two marks and one phase band
  });
});

describe('paths in logs', () => {
  it('never keep a token', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
    expect(token).toHaveLength(43);
    expect(pathForLogs(`/p/${token}`)).toBe('/p/{jeton}');
    expect(pathForLogs(`/p/${token}/calendar.ics`)).toBe('/p/{jeton}/calendar.ics');
    expect(pathForLogs(`/connexion/${token}?retour=%2Fterritoires`)).toBe('/connexion/{jeton}?retour=%2Fterritoires');
    expect(pathForLogs(`/inscription/gerer/${token}`)).toBe('/inscription/gerer/{jeton}');
    expect(pathForLogs('/api/processes/5a485386-67e1-488d-9816-0d8a4e2aba65/steps/table-ronde')).toBe('/api/processes/5a485386-67e1-488d-9816-0d8a4e2aba65/steps/table-ronde');
  });

  it('never keep the address of a person whose data is asked for or erased', () => {
    expect(pathForLogs('/api/territories/t1/people/anne%40example.org')).toBe('/api/territories/t1/people/{adresse}');
    expect(pathForLogs('/territoires/t1/personne.json?courriel=anne%40example.org&x=1')).toBe('/territoires/t1/personne.json?courriel={adresse}&x=1');
  });
});

describe('links someone typed', () => {
  it('makes a link of an http(s) address and inert text of any other scheme, in pages as in emails', () => {
    expect(typedLink('https://visio.example.org/ctg?a=1&b=2').toString()).toBe('<a href="https://visio.example.org/ctg?a=1&amp;b=2">https://visio.example.org/ctg?a=1&amp;b=2</a>');
    expect(typedLink('javascript:alert(1)').toString()).toBe('javascript:alert(1)');
    expect(typedLink('"><script>x</script>').toString()).not.toContain('<script>');
  });
});
