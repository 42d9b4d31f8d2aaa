// Registration rules, the CSV export and the registration pages, without a database.
import {
  capacityThreshold,
  noticeKindOf,
  publicRegistrationSchema,
  registrationRefusal,
  seatsLeft,
  statusForRequest,
  type RegistrableStep,
} from '../../domain/registrations';
import { csvCell, registrationsCsv } from '../../templates/registrations-csv';
import { meetingState, partnerPage, resultLine, type PartnerMeetingItem } from '../../templates/pages/partner';
import { publicRegistrationPage, registrationManagePage, type PublicMeeting } from '../../templates/pages/registration';

const now = new Date('2026-10-01T08:00:00Z');
const meeting: RegistrableStep = { behaviour: 'MEETING', status: 'INVITED', startsAt: new Date('2026-10-13T07:30:00Z'), audience: { public: false } };

describe('who may register, and when', () => {
  it('takes registrations for a coming meeting', () => {
    expect(registrationRefusal(meeting, 'coordinator', now)).toBeNull();
    expect(registrationRefusal({ ...meeting, status: 'PLANNED' }, 'partner', now, true)).toBeNull();
  });

  it('refuses tasks, milestones, surveys, closed, undated and started meetings', () => {
    expect(registrationRefusal({ ...meeting, behaviour: 'TASK' }, 'coordinator', now)).toBe('NOT_A_MEETING');
    expect(registrationRefusal({ ...meeting, behaviour: 'SURVEY' }, 'coordinator', now)).toBe('NOT_A_MEETING');
    expect(registrationRefusal({ ...meeting, behaviour: 'MILESTONE' }, 'coordinator', now)).toBe('NOT_A_MEETING');
    expect(registrationRefusal({ ...meeting, status: 'CANCELLED' }, 'coordinator', now)).toBe('CANCELLED');
    expect(registrationRefusal({ ...meeting, status: 'HELD' }, 'coordinator', now)).toBe('OVER');
    expect(registrationRefusal({ ...meeting, status: 'DONE' }, 'coordinator', now)).toBe('OVER');
    expect(registrationRefusal({ ...meeting, startsAt: null }, 'coordinator', now)).toBe('UNDATED');
    expect(registrationRefusal(meeting, 'coordinator', meeting.startsAt!)).toBe('STARTED');
  });

  it('lets partners in only when invited, and the public only to public meetings', () => {
    expect(registrationRefusal(meeting, 'partner', now, false)).toBe('NOT_INVITED');
    expect(registrationRefusal(meeting, 'public', now)).toBe('NOT_PUBLIC');
    expect(registrationRefusal({ ...meeting, behaviour: 'PUBLIC_MEETING', audience: { public: true } }, 'public', now)).toBeNull();
  });
});

describe('seats', () => {
  it('confirms while a seat is free, then waitlists; no capacity means no limit', () => {
    expect(statusForRequest(9, 10)).toBe('CONFIRMED');
    expect(statusForRequest(10, 10)).toBe('WAITLISTED');
    expect(statusForRequest(10_000, null)).toBe('CONFIRMED');
    expect(seatsLeft(7, 10)).toBe(3);
    expect(seatsLeft(12, 10)).toBe(0);
    expect(seatsLeft(3, null)).toBeNull();
  });

  it('tells the coordinator at 80 % and at 100 %', () => {
    expect([7, 8, 9, 10, 11].map((n) => capacityThreshold(n, 10))).toEqual([null, 80, 80, 100, 100]);
    // Small rooms: the 80 % mark may be the last seat itself.
    expect(capacityThreshold(1, 1)).toBe(100);
    expect(capacityThreshold(1, 2)).toBeNull();
    expect(capacityThreshold(4, 5)).toBe(80);
    expect(capacityThreshold(50, null)).toBeNull();
  });

  it('tells a seat given at once from one freed later', () => {
    const at = new Date('2026-10-01T08:00:00Z');
    expect(noticeKindOf({ status: 'CONFIRMED', requestedAt: at, confirmedAt: at })).toBe('REGISTRATION_CONFIRMED');
    expect(noticeKindOf({ status: 'CONFIRMED', requestedAt: at, confirmedAt: new Date(at.getTime() + 1) })).toBe('PROMOTED_FROM_WAITLIST');
    expect(noticeKindOf({ status: 'WAITLISTED', requestedAt: at, confirmedAt: null })).toBe('WAITLISTED');
    expect(noticeKindOf({ status: 'CANCELLED', requestedAt: at, confirmedAt: at })).toBeNull();
  });
});

describe('the public form', () => {
  it('names each missing or wrong field in French', () => {
    const result = publicRegistrationSchema.safeParse({ nom: ' ', courriel: 'pas-une-adresse' });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField).toEqual({
      nom: 'indiquez votre nom (au moins 2 caractères)',
      courriel: 'adresse électronique invalide, par exemple prenom.nom@exemple.fr',
      consentement: 'cochez cette case pour vous inscrire',
    });
  });

  it('keeps a lower-cased address', () => {
    expect(publicRegistrationSchema.parse({ nom: 'Léa Roques', courriel: ' Lea.Roques@Exemple.FR ', consentement: 'oui' })).toEqual({
      nom: 'Léa Roques',
      courriel: 'lea.roques@exemple.fr',
      consentement: 'oui',
    });
  });
});

describe('CSV export', () => {
  const row = {
    fullName: 'Anne Carrière',
    organisation: 'Relais "Petite Enfance"; Nant',
    email: 'rpe@larzac.example.org',
    status: 'WAITLISTED' as const,
    position: 2,
    requestedAt: new Date('2026-03-29T00:30:00Z'),
    confirmedAt: null,
    cancelledAt: null,
  };

  it('opens in a French spreadsheet: BOM, French headers, semicolons, local times', () => {
    const csv = registrationsCsv([row], 'Europe/Paris');
    expect(csv.startsWith('\uFEFFNom;Structure;Courriel;Statut;Position en liste d’attente;Demandée le;Confirmée le;Annulée le\r\n')).toBe(true);
    // The night summer time starts (at 01:00 UTC): 00:30 UTC is still 01:30 in Paris.
    expect(csv.split('\r\n')[1]).toBe('Anne Carrière;"Relais ""Petite Enfance""; Nant";rpe@larzac.example.org;En liste d’attente;2;29/03/2026 01:30;;');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses formulas typed into a public form', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 6 12')).toBe("'+33 6 12");
    expect(csvCell('Jean-Marc')).toBe('Jean-Marc');
  });
});

describe('partner page', () => {
  const base: PartnerMeetingItem = {
    id: '6f1d2c1e-0000-4000-8000-000000000001',
    title: 'Groupe de travail Petite enfance (1re réunion)',
    startsAt: new Date('2026-10-13T07:30:00Z'),
    endsAt: new Date('2026-10-13T10:30:00Z'),
    location: 'Salle des fêtes de Nant',
    onlineUrl: null,
    capacity: 10,
    confirmed: 7,
    registration: null,
    closed: null,
    calendarUrl: '/p/tok/rencontres/6f1d2c1e-0000-4000-8000-000000000001.ics',
  };

  it('says where the partner stands', () => {
    expect(meetingState(base).label).toBe('3 places restantes');
    expect(meetingState({ ...base, confirmed: 9 }).label).toBe('1 place restante');
    expect(meetingState({ ...base, confirmed: 10 }).label).toBe('Complet : inscription possible en liste d’attente');
    expect(meetingState({ ...base, capacity: null }).label).toBe('Inscriptions ouvertes');
    expect(meetingState({ ...base, registration: { status: 'CONFIRMED', position: null } }).label).toBe('Vous êtes inscrit(e)');
    expect(meetingState({ ...base, registration: { status: 'WAITLISTED', position: 2 } }).label).toBe('En liste d’attente (2e position)');
    expect(meetingState({ ...base, closed: 'CANCELLED' }).label).toBe('Rencontre annulée');
    expect(meetingState({ ...base, closed: 'STARTED' }).label).toBe('Inscriptions closes');
  });

  it('renders one form per meeting, a checkbox form for several, results and the agenda links', () => {
    const second = { ...base, id: '6f1d2c1e-0000-4000-8000-000000000002', title: 'Groupe de travail Parentalité (1re réunion)', capacity: null };
    const registered = { ...base, id: '6f1d2c1e-0000-4000-8000-000000000003', title: 'COPIL', registration: { status: 'CONFIRMED' as const, position: null } };
    const text = partnerPage({
      fullName: 'Anne Carrière',
      territoryName: 'Larzac et Vallées',
      timeZone: 'Europe/Paris',
      meetings: [base, second, registered],
      feedUrl: 'http://x/p/tok/calendar.ics',
      actionUrl: '/p/tok/inscriptions',
      results: [resultLine('attente', { title: 'COPIL', registration: { status: 'WAITLISTED', position: 1 } })!],
    });
    expect(text).toContain('mardi 13 octobre 2026, de 9h30 à 12h30');
    expect(text.match(/<form method="post" action="\/p\/tok\/inscriptions"/g)).toHaveLength(4);
    expect(text).toContain('aria-label="M’inscrire : Groupe de travail Petite enfance (1re réunion)"');
    expect(text).toContain('aria-label="Me désinscrire : COPIL"');
    expect(text).toMatch(/<fieldset>\s*<legend>M’inscrire à une ou plusieurs rencontres<\/legend>/);
    expect(text).toContain(`<input type="checkbox" id="choix-${second.id}" name="rencontre" value="${second.id}"><label for="choix-${second.id}">`);
    expect(text).not.toContain(`id="choix-${registered.id}"`);
    expect(text).toContain('role="status"');
    expect(text).toContain('« COPIL » est complet : vous êtes sur la liste d’attente (1re position).');
    expect(text).toContain('href="/p/tok/rencontres/6f1d2c1e-0000-4000-8000-000000000001.ics">Ajouter à mon agenda');
  });

  it('explains refusals', () => {
    expect(resultLine('refus-STARTED', { title: 'COPIL', registration: null })).toEqual({
      tone: 'alert',
      text: '« COPIL » : cette rencontre a déjà commencé : les inscriptions sont closes.',
    });
    expect(resultLine('nimporte-quoi', undefined)).toBeNull();
  });
});

describe('public forum pages', () => {
  const forum: PublicMeeting = {
    title: 'Forum habitants — Nant',
    startsAt: new Date('2026-11-14T09:00:00Z'),
    endsAt: new Date('2026-11-14T11:00:00Z'),
    location: 'Salle des fêtes de Nant',
    onlineUrl: null,
    capacity: 40,
    confirmed: 40,
    closed: null,
    purpose: 'Ce forum est ouvert à tous les habitants.',
    territoryName: 'Communauté de Communes Larzac et Vallées',
    timeZone: 'Europe/Paris',
    coordinator: { name: 'Edwige Delcros', email: 'delcros.e@cclarzac.example.org' },
  };

  it('writes errors next to their field, lists them at the top and keeps what was typed', () => {
    const text = publicRegistrationPage({
      meeting: forum,
      actionUrl: '/inscription/x',
      values: { nom: '<b>Léa</b>', courriel: 'lea@', consentement: false },
      errors: { courriel: 'adresse électronique invalide', consentement: 'cochez cette case pour vous inscrire' },
    });
    expect(text).toContain('Le formulaire contient 2 erreurs');
    expect(text).toContain('<a href="#courriel">Adresse électronique : adresse électronique invalide</a>');
    expect(text).toContain('<p class="error" id="courriel-erreur">Erreur : adresse électronique invalide</p>');
    expect(text).toContain('aria-describedby="courriel-aide courriel-erreur"');
    expect(text).toContain('value="&lt;b&gt;Léa&lt;/b&gt;"');
    expect(text).toContain('<label for="nom">Nom et prénom</label>');
    expect(text).toContain('Complet : les nouvelles inscriptions sont placées sur liste d’attente.');
  });

  it('offers to cancel, or to register again', () => {
    const common = { meeting: forum, fullName: 'Léa Roques', position: null, cancelUrl: '/c', confirmUrl: '/ok', formUrl: '/f', justCancelled: false };
    expect(registrationManagePage({ ...common, status: 'CONFIRMED' })).toContain('<button type="submit">Annuler mon inscription</button>');
    // Opening the emailed link confirms nothing by itself: a button does (mail scanners open links).
    const toConfirm = registrationManagePage({ ...common, status: 'UNCONFIRMED' });
    expect(toConfirm).toContain('<form method="post" action="/ok">');
    expect(toConfirm).toContain('<button type="submit">Confirmer mon inscription</button>');
    expect(toConfirm).not.toContain('Annuler mon inscription');
    const cancelled = registrationManagePage({ ...common, status: 'CANCELLED', justCancelled: true });
    expect(cancelled).toContain('C’est fait : votre inscription est annulée.');
    expect(cancelled).toContain('<a href="/f">vous inscrire à nouveau</a>');
  });
});
