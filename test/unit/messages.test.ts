import type { StepKind } from '../../domain/plan';
import { renderInfoFlashEmail, renderInfoFlashPage, type InfoFlashView } from '../../templates/info-flash';
import { calendarDescription, renderMessage, unregisteredCalendarDescription } from '../../templates/messages';
import type { MessageContext, MessageKind, MessageView, Person, StepView } from '../../templates/messages/types';

// Names and places full of markup and ampersands: HTML must escape all of it, text must keep it as is.
const context: MessageContext = {
  territory: { name: 'Communauté de Communes Larzac & Vallées <script>alert(1)</script>', timezone: 'Europe/Paris' },
  coordinator: { name: 'Edwige <b>Delcros</b>', email: 'delcros.e@cclarzac.example.org' },
  cafAdviser: { name: 'Hélène Ricard', email: 'helene.ricard@caf12.example.org' },
  cafName: 'Caf de l’Aveyron',
  period: { start: 2026, end: 2030 },
};

// Monday 30 March 2026, the day after the switch to summer time: 07:30Z is 9h30 in Paris.
const step: StepView = {
  key: 'gt-petite-enfance-1',
  kind: 'GROUPE_DE_TRAVAIL',
  phase: 'PLAN_ACTIONS',
  title: 'Groupe de travail <Petite enfance> & familles',
  startsAt: new Date('2026-03-30T07:30:00Z'),
  endsAt: new Date('2026-03-30T10:30:00Z'),
  location: 'Salle "La Cazotte" & <Nant>',
  onlineUrl: null,
  capacity: 20,
  session: 1,
};
const WHEN = 'lundi 30 mars 2026, de 9h30 à 12h30';

const survey: StepView = {
  ...step,
  key: 'enquete',
  kind: 'CONSULTATION_HABITANTS',
  phase: 'DIAGNOSTIC',
  title: 'Enquête <habitants> & familles',
  startsAt: new Date('2026-03-02T07:00:00Z'),
  endsAt: new Date('2026-03-27T22:59:00Z'),
  location: null,
  onlineUrl: 'https://enquete.example.org/q?territoire=larzac&v=2',
  capacity: null,
  session: null,
};

const anne: Person = { fullName: 'Anne <i>Carrière</i>', email: 'anne@example.org', organisation: 'RPE & Cie' };
const links = { registrationUrl: 'https://ctg.example.org/inscription/abc?x=1&y=2', calendarFeedUrl: 'https://ctg.example.org/cal/larzac.ics' };
const noLinks = { registrationUrl: null, calendarFeedUrl: null };
const stepUrl = 'https://ctg.example.org/processus/p1#gt-petite-enfance-1';
const processUrl = 'https://ctg.example.org/processus/p1';

// One view per kind: a new kind added to MessageView fails to compile here until it has a fixture.
const views: Record<MessageKind, MessageView> = {
  INVITATION: { kind: 'INVITATION', step, recipient: anne, links },
  UPDATE: {
    kind: 'UPDATE',
    step: { ...step, startsAt: new Date('2026-04-02T07:30:00Z'), endsAt: new Date('2026-04-02T10:30:00Z'), location: 'Mairie de Nant' },
    previous: { startsAt: step.startsAt, endsAt: step.endsAt, location: step.location, onlineUrl: null },
    recipient: anne,
    links,
  },
  CANCELLATION: { kind: 'CANCELLATION', step, recipient: anne, reason: 'Salle <indisponible> & travaux' },
  REMINDER: { kind: 'REMINDER', step, recipient: anne, daysBefore: 7, links },
  FOLLOW_UP: { kind: 'FOLLOW_UP', step, recipient: anne },
  SURVEY_OPENING: { kind: 'SURVEY_OPENING', step: survey, recipient: anne },
  SURVEY_CLOSING_REMINDER: { kind: 'SURVEY_CLOSING_REMINDER', step: survey, recipient: anne, daysBefore: 3 },
  REGISTRATION_CONFIRMED: { kind: 'REGISTRATION_CONFIRMED', step, recipient: anne, links },
  WAITLISTED: { kind: 'WAITLISTED', step, recipient: anne, position: 2, links },
  PROMOTED_FROM_WAITLIST: { kind: 'PROMOTED_FROM_WAITLIST', step, recipient: anne, links },
  REGISTRATION_CANCELLED: { kind: 'REGISTRATION_CANCELLED', step, recipient: anne, heldSeat: true, links },
  DATE_TO_SET: { kind: 'DATE_TO_SET', step: { ...step, startsAt: null, endsAt: null }, weeksWaiting: 3, stepUrl },
  REGISTRATION_SUMMARY: {
    kind: 'REGISTRATION_SUMMARY',
    step,
    registrants: [anne, { fullName: 'Didier Roques', email: 'maire@nant.example.org', organisation: null }],
    waitlisted: [{ fullName: 'Marc <u>Fabre</u>', email: 'evs@example.org' }],
    invitedCount: 12,
    stepUrl,
  },
  CAPACITY_REACHED: { kind: 'CAPACITY_REACHED', step, registered: 16, threshold: 80, stepUrl },
  MINUTES_REQUEST: { kind: 'MINUTES_REQUEST', step, participants: [anne], stepUrl },
  SURVEY_CLOSED: { kind: 'SURVEY_CLOSED', step: survey, stepUrl },
  RENEWAL_STARTED: { kind: 'RENEWAL_STARTED', nextPeriod: { start: 2031, end: 2035 }, processUrl },
  STEP_LATE: { kind: 'STEP_LATE', step, dueAt: new Date('2026-03-30T07:30:00Z'), processUrl },
  PHASE_CHANGED: { kind: 'PHASE_CHANGED', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS', processUrl },
};

const subjects: Record<MessageKind, RegExp> = {
  INVITATION: /^Invitation : Groupe de travail <Petite enfance> & familles \(1re séance\) — lundi 30 mars 2026$/,
  UPDATE: /^Modification : .* — déplacé au jeudi 2 avril 2026$/,
  CANCELLATION: /^Annulation : .* — lundi 30 mars 2026$/,
  REMINDER: /^Rappel : .* dans 7 jours — lundi 30 mars 2026$/,
  FOLLOW_UP: /^Suite à la rencontre : /,
  SURVEY_OPENING: /^Enquête ouverte : .* — jusqu’au vendredi 27 mars 2026$/,
  SURVEY_CLOSING_REMINDER: /^Enquête : plus que 3 jours pour répondre — /,
  REGISTRATION_CONFIRMED: /^Inscription confirmée : /,
  WAITLISTED: /^Liste d’attente : /,
  PROMOTED_FROM_WAITLIST: /^Place disponible : /,
  REGISTRATION_CANCELLED: /^Inscription annulée : Groupe de travail <Petite enfance> & familles \(1re séance\) — lundi 30 mars 2026$/,
  DATE_TO_SET: /^Date à fixer : /,
  REGISTRATION_SUMMARY: /^Inscriptions : .* — 2 \/ 12 invités$/,
  CAPACITY_REACHED: /^80 % des places réservées : /,
  MINUTES_REQUEST: /^Compte rendu à déposer : /,
  SURVEY_CLOSED: /^Enquête clôturée : /,
  RENEWAL_STARTED: /^Renouvellement de la CTG : la démarche 2031–2035 commence$/,
  STEP_LATE: /^Étape en retard : .* — Communauté de Communes Larzac & Vallées/,
  PHASE_CHANGED: /^Nouvelle phase — .* : Phase 2 – Stratégie et plan d’actions$/,
};

/** The link each coordinator/adviser message must carry. */
const actionLinks: Partial<Record<MessageKind, string>> = {
  DATE_TO_SET: stepUrl,
  REGISTRATION_SUMMARY: stepUrl,
  CAPACITY_REACHED: stepUrl,
  MINUTES_REQUEST: stepUrl,
  SURVEY_CLOSED: stepUrl,
  RENEWAL_STARTED: processUrl,
  STEP_LATE: processUrl,
  PHASE_CHANGED: processUrl,
};
const toCoordinator = new Set<MessageKind>(['DATE_TO_SET', 'REGISTRATION_SUMMARY', 'CAPACITY_REACHED', 'MINUTES_REQUEST', 'SURVEY_CLOSED', 'RENEWAL_STARTED']);

/** Every `&` in the HTML starts an entity: no raw ampersand, hence no unescaped name or place. */
const rawAmpersand = /&(?!(amp|lt|gt|quot|#39|nbsp);)/;

describe.each(Object.values(views).map((view) => [view.kind, view] as const))('%s', (kind, view) => {
  const message = renderMessage(context, view);

  it('has a short, specific French subject on one line', () => {
    expect(message.subject).toMatch(subjects[kind]);
    expect(message.subject).not.toMatch(/[\r\n]/);
  });

  it('has an HTML body in French, escaped, in the shared frame', () => {
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(message.html).toContain('name="viewport"');
    expect(message.html).not.toMatch(/<script>|<b>|<i>|<u>|<Petite|<Nant>|<habitants>|<indisponible>/);
    expect(message.html).not.toMatch(rawAmpersand);
    expect(message.html).toContain('Larzac &amp; Vallées &lt;script&gt;');
    expect(message.html).toContain('Bien cordialement');
  });

  it('has a plain-text body with the same content, names as typed', () => {
    expect(message.text).toContain('Larzac & Vallées <script>alert(1)</script>');
    expect(message.text).toContain('Bien cordialement');
    expect(message.text).not.toMatch(/<(p|a|div|strong|table)[ >]/);
    expect(message.text).toMatch(/\n--\nConvention Territoriale Globale — /);
  });

  it('says whom to contact', () => {
    const contact = toCoordinator.has(kind) ? context.cafAdviser! : context.coordinator;
    expect(message.text).toContain(`Votre contact : ${contact.name} <${contact.email}>`);
    expect(message.html).toContain(`href="mailto:${contact.email}"`);
  });

  if ('step' in view && view.step.startsAt && kind !== 'SURVEY_OPENING' && kind !== 'SURVEY_CLOSING_REMINDER' && kind !== 'SURVEY_CLOSED') {
    it('gives the local time in words', () => {
      const when = kind === 'UPDATE' ? 'jeudi 2 avril 2026, de 9h30 à 12h30' : kind === 'STEP_LATE' || kind === 'FOLLOW_UP' || kind === 'MINUTES_REQUEST' ? 'lundi 30 mars 2026' : WHEN;
      expect(message.text).toContain(when);
      expect(message.html).toContain(when);
    });
  }

  if (actionLinks[kind]) {
    it('carries the link to act on', () => {
      expect(message.text).toContain(actionLinks[kind]);
      expect(message.html).toContain(`href="${actionLinks[kind]}"`);
    });
  }
});

describe('partner messages', () => {
  it('invite with what, why, when, where, the registration link and the .ics', () => {
    const { text, html } = renderMessage(context, views.INVITATION);
    expect(text).toContain('Quoi : Groupe de travail <Petite enfance> & familles (1re séance)');
    expect(text).toContain(`Quand : ${WHEN}`);
    expect(text).toContain('Lieu : Salle "La Cazotte" & <Nant>');
    expect(html).toContain('Salle &quot;La Cazotte&quot; &amp; &lt;Nant&gt;');
    expect(text).toContain('Cette première séance');
    expect(text).toContain('Je m’inscris : https://ctg.example.org/inscription/abc?x=1&y=2');
    expect(html).toContain('href="https://ctg.example.org/inscription/abc?x=1&amp;y=2"');
    expect(text).toContain('(.ics)');
    expect(text).toContain('Hélène Ricard, conseiller(ère) territorial(e) — Caf de l’Aveyron');
  });

  it('ask for a reply to the coordinator when there is no registration link', () => {
    const { text } = renderMessage(context, { ...views.INVITATION, links: noLinks } as MessageView);
    expect(text).not.toContain('Je m’inscris');
    expect(text).toContain('répondez simplement à ce message ou écrivez à Edwige <b>Delcros</b> (delcros.e@cclarzac.example.org)');
  });

  it('read in the territory’s own zone overseas', () => {
    const cayenne = { ...context, territory: { ...context.territory, timezone: 'America/Cayenne' } };
    expect(renderMessage(cayenne, views.INVITATION).text).toContain('Quand : lundi 30 mars 2026, de 4h30 à 7h30');
  });

  it('say what changed, old and new, on an update', () => {
    const { text, html } = renderMessage(context, views.UPDATE);
    expect(text).toContain(`Ancienne date : ${WHEN}`);
    expect(text).toContain('Nouvelle date : jeudi 2 avril 2026, de 9h30 à 12h30');
    expect(text).toContain('Ancien lieu : Salle "La Cazotte" & <Nant>');
    expect(text).toContain('Nouveau lieu : Mairie de Nant');
    expect(html).toContain(`<s>${WHEN}</s>`);
    expect(text).toContain('met à jour le rendez-vous déjà présent dans votre agenda');
  });

  it('name a time change on the same day « nouvel horaire »', () => {
    const later = { ...step, startsAt: new Date('2026-03-30T12:00:00Z'), endsAt: new Date('2026-03-30T15:00:00Z') };
    const { subject, text } = renderMessage(context, { ...views.UPDATE, step: later, previous: { ...step } } as MessageView);
    expect(subject).toMatch(/— nouvel horaire le lundi 30 mars 2026$/);
    expect(text).toContain('Nouvelle date : lundi 30 mars 2026, de 14h à 17h');
    expect(text).not.toContain('Ancien lieu');
  });

  it('say a cancellation is cancelled, why, and apologise', () => {
    const { text, html } = renderMessage(context, views.CANCELLATION);
    expect(text).toContain(`prévue le ${WHEN} (Salle "La Cazotte" & <Nant>), est annulée.`);
    expect(text).toContain('Motif : Salle <indisponible> & travaux');
    expect(html).toContain('Salle &lt;indisponible&gt; &amp; travaux');
    expect(text).toContain('Nous vous prions de nous excuser');
    expect(text).toContain('retire ce rendez-vous de votre agenda');
  });

  it('count down reminders in words', () => {
    const view = views.REMINDER as Extract<MessageView, { kind: 'REMINDER' }>;
    expect(renderMessage(context, { ...view, daysBefore: 1 }).subject).toMatch(/^Rappel : .* demain — lundi 30 mars 2026$/);
    expect(renderMessage(context, { ...view, daysBefore: 1 }).text).toContain('a lieu demain à 9h30');
  });

  it('give the survey link, its closing time and ask to relay it', () => {
    const { text, html } = renderMessage(context, views.SURVEY_OPENING);
    expect(text).toContain('Clôture : vendredi 27 mars 2026 à 23h59');
    expect(text).toContain('Répondre à l’enquête : https://enquete.example.org/q?territoire=larzac&v=2');
    expect(html).toContain('href="https://enquete.example.org/q?territoire=larzac&amp;v=2"');
    expect(text).toContain('relayer');
  });

  it('place a waiting-list request with its rank', () => {
    expect(renderMessage(context, views.WAITLISTED).text).toContain('en 2e position');
  });

  it('confirm a seat given back, say the .ics takes it out of the calendar, and how to register again', () => {
    const { text, html } = renderMessage(context, views.REGISTRATION_CANCELLED);
    expect(html).toContain('Votre inscription est annulée');
    expect(text).toContain('Votre inscription à la rencontre « Groupe de travail <Petite enfance> & familles (1re séance) » est annulée : votre place est libérée.');
    expect(text).toContain(`Quand : ${WHEN}`);
    expect(text).toContain('Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.');
    expect(text).toContain('Vous pouvez vous inscrire à nouveau tant que la rencontre n’a pas commencé, dans la limite des places disponibles : m’inscrire à nouveau (https://ctg.example.org/inscription/abc?x=1&y=2).');
    expect(html).toContain('href="https://ctg.example.org/inscription/abc?x=1&amp;y=2"');
    expect(text).toContain('Si vous n’avez pas demandé cette annulation, écrivez à Edwige <b>Delcros</b> (delcros.e@cclarzac.example.org).');
  });

  it('withdraw a waiting-list request without any calendar, and send to the coordinator to register again without a link', () => {
    const view = { ...views.REGISTRATION_CANCELLED, heldSeat: false, links: noLinks } as MessageView;
    const { subject, text } = renderMessage(context, view);
    expect(subject).toMatch(/^Inscription annulée : /);
    expect(text).toContain('Votre demande d’inscription à la rencontre « Groupe de travail <Petite enfance> & familles (1re séance) » est annulée : vous n’êtes plus sur la liste d’attente.');
    expect(text).not.toContain('.ics');
    expect(text).toContain('Vous changez d’avis ? Vous pouvez vous inscrire à nouveau tant que la rencontre n’a pas commencé, dans la limite des places disponibles : répondez simplement à ce message ou écrivez à Edwige <b>Delcros</b> (delcros.e@cclarzac.example.org)');
    expect(text).not.toContain('m’inscrire à nouveau (');
  });

  it('never make a link of a javascript: URL', () => {
    const hostile = { ...step, onlineUrl: 'javascript:alert(1)' };
    const { html, text } = renderMessage(context, { ...views.INVITATION, step: hostile } as MessageView);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(text).toContain('En ligne : javascript:alert(1)');
  });

  it('say « date à fixer » when there is no date yet', () => {
    const { text } = renderMessage(context, views.DATE_TO_SET);
    expect(text).toContain('attend sa date depuis 3 semaines');
  });
});

describe('why: the wording follows the step kind', () => {
  const expected: [StepKind, 1 | 2 | null, string][] = [
    ['SEMINAIRE_ELUS', null, 'avec les élus'],
    ['LANCEMENT_PARTENAIRES', null, 'lance la démarche avec l’ensemble des partenaires'],
    ['ENTRETIEN_PARTENAIRE', null, 'Cet entretien'],
    ['RENCONTRE_THEMATIQUE', null, 'étayer le diagnostic des besoins repérés'],
    ['FORUM_HABITANTS', null, 'ouvert à tous les habitants'],
    ['RESTITUTION_COTECH', null, 'Le comité technique analyse et approfondit'],
    ['RESTITUTION_COPIL', null, 'restitution du diagnostic partagé'],
    ['DEFINITION_AXES', null, 'axes d’intervention prioritaires'],
    ['GROUPE_DE_TRAVAIL', 1, 'Cette première séance'],
    ['GROUPE_DE_TRAVAIL', 2, 'Cette seconde séance'],
    ['RESTITUTION_FINALE', null, 'La restitution finale présente'],
    ['SIGNATURE', null, 'signature de la Convention'],
    ['COPIL_ANNUEL', null, 'Le comité de pilotage annuel'],
    ['COTECH_ANNUEL', null, 'Le comité technique annuel'],
    ['EVALUATION', null, 'L’évaluation mesure'],
  ];
  it.each(expected)('%s (session %s)', (kind, session, sentence) => {
    const view: MessageView = { kind: 'INVITATION', step: { ...step, kind, session, title: 'Rencontre' }, recipient: anne, links: noLinks };
    expect(renderMessage(context, view).text).toContain(sentence);
  });

  it('adds the session to a working group’s title when it is missing', () => {
    const view: MessageView = { kind: 'INVITATION', step: { ...step, title: 'Groupe de travail Petite enfance', session: 2 }, recipient: anne, links: noLinks };
    expect(renderMessage(context, view).subject).toBe('Invitation : Groupe de travail Petite enfance (seconde séance) — lundi 30 mars 2026');
  });

  it('uses the seeds’ example subject', () => {
    const october: MessageView = {
      kind: 'INVITATION',
      step: { ...step, title: 'Groupe de travail Petite enfance (1re séance)', startsAt: new Date('2022-10-13T07:30:00Z'), endsAt: new Date('2022-10-13T10:30:00Z') },
      recipient: anne,
      links: noLinks,
    };
    expect(renderMessage(context, october).subject).toBe('Invitation : Groupe de travail Petite enfance (1re séance) — jeudi 13 octobre 2022');
  });
});

describe('coordinator messages', () => {
  it('list registrants in a table and the waiting list', () => {
    const { text, html } = renderMessage(context, views.REGISTRATION_SUMMARY);
    expect(text).toContain('2 inscriptions pour 12 personnes invitées');
    expect(text).toContain('- Anne <i>Carrière</i> — RPE & Cie — anne@example.org');
    expect(text).toContain('- Didier Roques — maire@nant.example.org');
    expect(text).toContain('1. Marc <u>Fabre</u> — evs@example.org');
    expect(html).toMatch(/<table[^>]*>[\s\S]*<th[^>]*>Nom<\/th>[\s\S]*Anne &lt;i&gt;Carrière&lt;\/i&gt;[\s\S]*<\/table>/);
  });

  it('distinguish 80 % from full', () => {
    const full = renderMessage(context, { ...views.CAPACITY_REACHED, threshold: 100, registered: 20 } as MessageView);
    expect(full.subject).toBe('Complet : Groupe de travail <Petite enfance> & familles (1re séance) — lundi 30 mars 2026');
    expect(full.text).toContain('liste d’attente');
    expect(renderMessage(context, views.CAPACITY_REACHED).text).toContain('16 inscriptions pour 20 places');
  });

  it('fall back to the coordinator as contact when no adviser is known', () => {
    const alone = { ...context, cafAdviser: null };
    const { text } = renderMessage(alone, views.DATE_TO_SET);
    expect(text).toContain(`Votre contact : ${context.coordinator.name} <${context.coordinator.email}>`);
    expect(text).not.toContain('Besoin d’un appui');
  });
});

describe('calendar description', () => {
  it('tells a person who gave their seat back that only their registration is cancelled', () => {
    const description = unregisteredCalendarDescription(context, step, links);
    expect(description.split('\n')).toEqual([
      'Inscription annulée : Groupe de travail <Petite enfance> & familles (1re séance) — CTG Communauté de Communes Larzac & Vallées <script>alert(1)</script>',
      `Date prévue : ${WHEN}`,
      'S’inscrire à nouveau : https://ctg.example.org/inscription/abc?x=1&y=2',
      'Contact : Edwige <b>Delcros</b> <delcros.e@cclarzac.example.org>',
    ]);
  });


  it('repeats what, when, where, how to register and whom to contact', () => {
    const text = calendarDescription(context, { ...step, onlineUrl: 'https://visio.example.org/x' }, links);
    expect(text).toContain(`Quand : ${WHEN}`);
    expect(text).toContain('Lieu : Salle "La Cazotte" & <Nant>');
    expect(text).toContain('En ligne : https://visio.example.org/x');
    expect(text).toContain('Inscription (ou annulation) : https://ctg.example.org/inscription/abc?x=1&y=2');
    expect(text).toContain('Contact : Edwige <b>Delcros</b> <delcros.e@cclarzac.example.org>');
    expect(calendarDescription(context, step, null, { reason: 'Travaux' })).toMatch(/^ANNULÉ : [\s\S]*Motif : Travaux/);
  });
});

describe('Info flash', () => {
  const view: InfoFlashView = {
    territory: { name: 'Communautés de Communes Lévezou Pareloup & Pays de Salars', timezone: 'Europe/Paris' },
    cafName: 'Caf de l’Aveyron',
    period: { start: 2023, end: 2026 },
    phase: 'PLAN_ACTIONS',
    number: 3,
    issuedAt: new Date('2022-09-15T08:00:00Z'),
    themes: ['petite enfance', 'enfance-jeunesse', 'parentalité <et> vie sociale'],
    steps: [
      { title: 'Séminaire avec les élus', phase: 'DIAGNOSTIC', kind: 'SEMINAIRE_ELUS', startsAt: new Date('2021-12-09T17:00:00Z'), endsAt: null, location: null, state: 'done', registrationUrl: null },
      { title: 'Rédaction de la Convention', phase: 'PLAN_ACTIONS', kind: 'REDACTION_CONVENTION', startsAt: null, endsAt: null, location: null, state: 'ongoing', registrationUrl: null },
      {
        title: 'Groupe de travail Petite enfance (1re séance)',
        phase: 'PLAN_ACTIONS',
        kind: 'GROUPE_DE_TRAVAIL',
        startsAt: new Date('2022-10-13T07:30:00Z'),
        endsAt: new Date('2022-10-13T10:30:00Z'),
        location: 'Salle des fêtes de Ségur',
        state: 'upcoming',
        registrationUrl: 'https://ctg.example.org/inscription/gt?a=1&b=2',
      },
      { title: 'Restitution finale', phase: 'PLAN_ACTIONS', kind: 'RESTITUTION_FINALE', startsAt: null, endsAt: null, location: null, state: 'upcoming', registrationUrl: null },
    ],
    contacts: [
      { name: 'Laura Pradeilles', role: 'Chargée de coopération', organisation: 'CC Lévezou Pareloup', email: 'laura@levezou.example.org', phone: '05 65 00 00 00' },
      { name: 'Hélène Ricard', role: 'Conseillère territoriale', organisation: 'Caf de l’Aveyron', email: 'helene@caf12.example.org' },
    ],
  };

  it('tells, in the seeds’ structure, where the process stands and what comes next', () => {
    const email = renderInfoFlashEmail(context, view);
    expect(email.subject).toBe('Info flash n°3 – Septembre 2022 — CTG Communautés de Communes Lévezou Pareloup & Pays de Salars');
    const { text } = email;
    expect(text).toContain('Élaboration de la Convention Territoriale Globale des Communautés de Communes Lévezou Pareloup & Pays de Salars');
    expect(text).toContain('Les Communautés de Communes Lévezou Pareloup & Pays de Salars et la Caf de l’Aveyron conduisent une démarche de concertation');
    expect(text).toContain('parentalité <et> vie sociale');
    expect(text).toContain('pour la période 2023–2026');
    expect(text).toContain('Où en sommes-nous ?');
    expect(text).toContain('Phase actuelle : Phase 2 – Stratégie et plan d’actions. 1 étape réalisée sur 4.');
    expect(text).toContain('- Séminaire avec les élus (jeudi 9 décembre 2021)');
    expect(text).toContain(
      '- Groupe de travail Petite enfance (1re séance) : jeudi 13 octobre 2022, de 9h30 à 12h30, Salle des fêtes de Ségur — s’inscrire (https://ctg.example.org/inscription/gt?a=1&b=2)',
    );
    expect(text).toContain('Phase 1 – Diagnostic partagé (Décembre 2021)');
    expect(text).toContain('Phase 2 – Stratégie et plan d’actions (Octobre 2022) — phase en cours');
    expect(text).toContain('- Rédaction de la Convention — date à fixer — en cours');
    expect(text).toContain('- Restitution finale — date à fixer — à venir');
    expect(text).toContain('- Séminaire avec les élus — jeudi 9 décembre 2021 — fait');
    expect(text).toContain('Laura Pradeilles : Chargée de coopération, CC Lévezou Pareloup — laura@levezou.example.org — Tél. 05 65 00 00 00');
    expect(email.html).not.toMatch(rawAmpersand);
    expect(email.html).toContain('href="https://ctg.example.org/inscription/gt?a=1&amp;b=2"');
  });

  it('is also a full page', () => {
    const page = renderInfoFlashPage(view);
    expect(page).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(page).toContain('<h1>Info flash n°3 – Septembre 2022</h1>');
    expect(page).toContain('Où en sommes-nous ?');
    expect(page).toContain('parentalité &lt;et&gt; vie sociale');
    expect(page).not.toMatch(rawAmpersand);
    expect(page).toContain('href="mailto:helene@caf12.example.org"');
  });
});
