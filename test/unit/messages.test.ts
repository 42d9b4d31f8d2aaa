import { standardDescription } from '../../domain/standard-descriptions';
import { renderInfoFlashEmail, renderInfoFlashPage, type InfoFlashView } from '../../templates/info-flash';
import { calendarDescription, renderMessage, unregisteredCalendarDescription } from '../../templates/messages';
import { ofName, theName } from '../../templates/messages/wording';
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
  behaviour: 'MEETING',
  phase: 'PLAN_ACTIONS',
  title: 'Groupe de travail <Petite enfance> & familles',
  description: standardDescription('GROUPE_DE_TRAVAIL', 1),
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
  behaviour: 'SURVEY',
  phase: 'DIAGNOSTIC',
  description: 'Quinze questions sur la garde des enfants, les loisirs des jeunes et l’accès aux services.',
  title: 'Enquête <habitants> & familles',
  startsAt: new Date('2026-03-02T07:00:00Z'),
  endsAt: new Date('2026-03-27T22:59:00Z'),
  location: null,
  onlineUrl: 'https://enquete.example.org/q?territoire=larzac&v=2',
  capacity: null,
  session: null,
};

const campaign: StepView = {
  ...step,
  key: 'entretiens-acteurs',
  behaviour: 'INTERVIEWS',
  title: 'Entretiens <acteurs> & partenaires',
  description: 'Une heure pour recueillir votre regard sur les besoins des familles.',
  startsAt: new Date('2026-03-30T07:30:00Z'),
  endsAt: new Date('2026-04-10T16:00:00Z'),
  capacity: null,
  session: null,
};
const slot = { startsAt: new Date('2026-03-30T07:30:00Z'), endsAt: new Date('2026-03-30T10:30:00Z') };
const CAMPAIGN = 'du lundi 30 mars 2026 au vendredi 10 avril 2026';

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
  FOLLOW_UP: { kind: 'FOLLOW_UP', step, recipient: anne, next: null, attendance: 'PRESENT', documents: [{ filename: 'Compte rendu.pdf', about: 'PDF, 120 Ko', url: 'https://ctg.example.fr/p/TOKEN/documents/1' }], pageUrl: 'https://ctg.example.fr/p/TOKEN' },
  SURVEY_OPENING: { kind: 'SURVEY_OPENING', step: survey, recipient: anne },
  SURVEY_CLOSING_REMINDER: { kind: 'SURVEY_CLOSING_REMINDER', step: survey, recipient: anne, daysBefore: 3 },
  REGISTRATION_TO_CONFIRM: { kind: 'REGISTRATION_TO_CONFIRM', step, recipient: anne, holdMinutes: 30, links },
  REGISTRATION_CONFIRMED: { kind: 'REGISTRATION_CONFIRMED', step, recipient: anne, links },
  WAITLISTED: { kind: 'WAITLISTED', step, recipient: anne, position: 2, links },
  PROMOTED_FROM_WAITLIST: { kind: 'PROMOTED_FROM_WAITLIST', step, recipient: anne, links },
  REGISTRATION_CANCELLED: { kind: 'REGISTRATION_CANCELLED', step, recipient: anne, heldSeat: true, links },
  INTERVIEW_INVITATION: { kind: 'INTERVIEW_INVITATION', step: campaign, recipient: anne, freeSlots: 12, links },
  INTERVIEW_REMINDER: { kind: 'INTERVIEW_REMINDER', step: campaign, recipient: anne, freeSlots: 1, daysBefore: 3, links },
  INTERVIEW_BOOKED: { kind: 'INTERVIEW_BOOKED', step: campaign, slot, previous: null, recipient: anne, links },
  INTERVIEW_RELEASED: { kind: 'INTERVIEW_RELEASED', step: campaign, slot, recipient: anne, links },
  INTERVIEW_UPDATED: { kind: 'INTERVIEW_UPDATED', step: { ...campaign, location: 'Maison des services' }, slot, previous: { location: step.location, onlineUrl: null }, recipient: anne, links },
  INTERVIEW_CAMPAIGN_CANCELLED: { kind: 'INTERVIEW_CAMPAIGN_CANCELLED', step: campaign, slot, recipient: anne, reason: 'Bureau d’études <indisponible>' },
  DATE_TO_SET: { kind: 'DATE_TO_SET', step: { ...step, startsAt: null, endsAt: null }, weeksWaiting: 3, stepUrl },
  NEWSLETTER_DRAFT: { kind: 'NEWSLETTER_DRAFT', issueName: 'Info flash n°3', reason: 'Une nouvelle phase de la démarche commence', editUrl: stepUrl },
  ADVISER_DIGEST: {
    kind: 'ADVISER_DIGEST',
    cafName: 'Caf de l’Aveyron',
    data: {
      phaseChanges: [{ territory: 'Larzac & Vallées', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS' }],
      lateSteps: [{ territory: 'Lévézou', title: 'Rédaction de la Convention', dueAt: new Date('2026-03-02T08:00:00Z') }],
      meetings: [{ territory: 'Aubrac', title: 'Comité de pilotage', startsAt: new Date('2026-03-20T13:00:00Z'), confirmed: 12, capacity: 30 }],
      renewalsDue: [{ territory: 'Réquistanais', endsAt: new Date('2026-12-31T12:00:00Z') }],
    },
    portfolioUrl: processUrl,
    accountUrl: processUrl,
  },
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
  PHASE_CHANGED: { kind: 'PHASE_CHANGED', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS', programme: [step, { ...step, title: 'Signature', startsAt: null, endsAt: null, session: null }], processUrl },
};

const subjects: Record<MessageKind, RegExp> = {
  INVITATION: /^Invitation : Groupe de travail <Petite enfance> & familles \(1re séance\) — lundi 30 mars 2026$/,
  UPDATE: /^Modification : .* — déplacé au jeudi 2 avril 2026$/,
  CANCELLATION: /^Annulation : .* — lundi 30 mars 2026$/,
  REMINDER: /^Rappel : .* dans 7 jours — lundi 30 mars 2026$/,
  FOLLOW_UP: /^Merci de votre participation : /,
  SURVEY_OPENING: /^Enquête ouverte : .* — jusqu’au vendredi 27 mars 2026$/,
  SURVEY_CLOSING_REMINDER: /^Enquête : plus que 3 jours pour répondre — /,
  REGISTRATION_TO_CONFIRM: /^Confirmez votre inscription : Groupe de travail <Petite enfance> & familles \(1re séance\) — lundi 30 mars 2026$/,
  REGISTRATION_CONFIRMED: /^Inscription confirmée : /,
  WAITLISTED: /^Liste d’attente : /,
  PROMOTED_FROM_WAITLIST: /^Place disponible : /,
  REGISTRATION_CANCELLED: /^Inscription annulée : Groupe de travail <Petite enfance> & familles \(1re séance\) — lundi 30 mars 2026$/,
  INTERVIEW_INVITATION: /^Entretien : Entretiens <acteurs> & partenaires — choisissez votre créneau$/,
  INTERVIEW_REMINDER: /^Rappel : choisissez votre créneau — Entretiens <acteurs> & partenaires$/,
  INTERVIEW_BOOKED: /^Entretien confirmé : Entretiens <acteurs> & partenaires — lundi 30 mars 2026$/,
  INTERVIEW_RELEASED: /^Créneau annulé : .* — lundi 30 mars 2026$/,
  INTERVIEW_UPDATED: /^Modification : Entretiens <acteurs> & partenaires — lundi 30 mars 2026$/,
  INTERVIEW_CAMPAIGN_CANCELLED: /^Annulation : Entretiens <acteurs> & partenaires$/,
  DATE_TO_SET: /^Date à fixer : /,
  NEWSLETTER_DRAFT: /^Info flash n°3 à relire$/,
  ADVISER_DIGEST: /^Votre semaine CTG — Caf de l’Aveyron$/,
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
  NEWSLETTER_DRAFT: stepUrl,
  ADVISER_DIGEST: processUrl,
  REGISTRATION_SUMMARY: stepUrl,
  CAPACITY_REACHED: stepUrl,
  MINUTES_REQUEST: stepUrl,
  SURVEY_CLOSED: stepUrl,
  RENEWAL_STARTED: processUrl,
  STEP_LATE: processUrl,
  PHASE_CHANGED: processUrl,
};
const toCoordinator = new Set<MessageKind>(['DATE_TO_SET', 'NEWSLETTER_DRAFT', 'REGISTRATION_SUMMARY', 'CAPACITY_REACHED', 'MINUTES_REQUEST', 'SURVEY_CLOSED', 'RENEWAL_STARTED']);

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
    expect(message.html).not.toMatch(/<script>|<b>|<i>|<u>|<Petite|<Nant>|<habitants>|<indisponible>|<acteurs>/);
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
      const when = kind === 'UPDATE' ? 'jeudi 2 avril 2026, de 9h30 à 12h30' : kind === 'INTERVIEW_INVITATION' || kind === 'INTERVIEW_REMINDER' ? CAMPAIGN : kind === 'STEP_LATE' || kind === 'FOLLOW_UP' || kind === 'MINUTES_REQUEST' ? 'lundi 30 mars 2026' : WHEN;
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
    expect(text).toContain('Hélène Ricard — Caf de l’Aveyron');
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

describe('why: each step says what its own description says', () => {
  it.each(['INVITATION', 'REMINDER', 'REGISTRATION_CONFIRMED', 'STEP_LATE', 'DATE_TO_SET'] as const)('%s quotes the description, paragraph by paragraph', (kind) => {
    const own = { ...step, description: 'Ordre du jour : bilan de l’année & projets.\n\nApportez vos chiffres de fréquentation.' };
    const { text, html } = renderMessage(context, { ...views[kind], step: own } as MessageView);
    expect(text).toContain('Ordre du jour : bilan de l’année & projets.');
    expect(text).toContain('Apportez vos chiffres de fréquentation.');
    expect(html).toContain('>Ordre du jour : bilan de l’année &amp; projets.</p>');
    expect(html).toContain('>Apportez vos chiffres de fréquentation.</p>');
  });

  it('says nothing of a purpose when the step has no description', () => {
    const bare = { ...step, description: null, session: null };
    const { text } = renderMessage(context, { ...views.INVITATION, step: bare } as MessageView);
    for (const seedSentence of ['réuni à deux reprises', 'Cette première séance', 'transversale', 'diagnostic']) expect(text).not.toContain(seedSentence);
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
    name: 'Info flash',
    number: 3,
    editorial: null,
    sections: [],
    issuedAt: new Date('2022-09-15T08:00:00Z'),
    themes: ['petite enfance', 'enfance-jeunesse', 'parentalité <et> vie sociale'],
    steps: [
      { title: 'Séminaire avec les élus', phase: 'DIAGNOSTIC', behaviour: 'MEETING', startsAt: new Date('2021-12-09T17:00:00Z'), endsAt: null, location: null, state: 'done', registrationUrl: null },
      { title: 'Rédaction de la Convention', phase: 'PLAN_ACTIONS', behaviour: 'TASK', startsAt: null, endsAt: null, location: null, state: 'ongoing', registrationUrl: null },
      {
        title: 'Groupe de travail Petite enfance (1re séance)',
        phase: 'PLAN_ACTIONS',
        behaviour: 'MEETING',
        startsAt: new Date('2022-10-13T07:30:00Z'),
        endsAt: new Date('2022-10-13T10:30:00Z'),
        location: 'Salle des fêtes de Ségur',
        state: 'upcoming',
        registrationUrl: 'https://ctg.example.org/inscription/gt?a=1&b=2',
      },
      { title: 'Restitution finale', phase: 'PLAN_ACTIONS', behaviour: 'MEETING', startsAt: null, endsAt: null, location: null, state: 'upcoming', registrationUrl: null },
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

  it('is also a public page, showing the contacts’ addresses only when the territory publishes them', () => {
    const page = renderInfoFlashPage(view, { contactDetails: false });
    expect(page).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(page).toContain('<h1>Info flash n°3 – Septembre 2022</h1>');
    expect(page).toContain('Où en sommes-nous ?');
    expect(page).toContain('parentalité &lt;et&gt; vie sociale');
    expect(page).not.toMatch(rawAmpersand);
    expect(page).toContain('Laura Pradeilles : Chargée de coopération, CC Lévezou Pareloup');
    expect(page).not.toMatch(/mailto:|@caf12|@levezou|05 65/);
    expect(renderInfoFlashPage(view, { contactDetails: true })).toContain('href="mailto:helene@caf12.example.org"');
  });

  it('carries the coordinator’s own words, and each reader’s own links with a one-click unsubscribe', () => {
    const edited: InfoFlashView = {
      ...view,
      name: 'Journal de la CTG',
      number: 2,
      editorial: 'Chers partenaires,\n\nLe diagnostic est partagé : merci pour vos 312 réponses.',
      sections: [{ heading: 'Zoom sur l’enquête familles', body: 'Les familles demandent d’abord des modes de garde souples.', figure: '312', figureLabel: 'réponses à l’enquête' }],
      links: { pageUrl: 'https://ctg.example.org/p/TOKEN', calendarFeedUrl: 'https://ctg.example.org/p/TOKEN/calendar.ics', unsubscribeUrl: 'https://ctg.example.org/p/TOKEN/lettre/desabonnement' },
    };
    const email = renderInfoFlashEmail(context, edited);
    expect(email.subject).toMatch(/^Journal de la CTG n°2 – Septembre 2022 — /);
    expect(email.text).toContain('Chers partenaires,');
    expect(email.text).not.toContain('conduisent une démarche de concertation');
    expect(email.text).toContain('Zoom sur l’enquête familles');
    expect(email.text).toContain('312');
    // Invited partners register from their own page; the public form stays the public meeting's.
    expect(email.text).toContain('depuis votre page personnelle (https://ctg.example.org/p/TOKEN)');
    expect(email.text).toContain('abonnez-vous au calendrier de la CTG (https://ctg.example.org/p/TOKEN/calendar.ics).');
    expect(email.headers).toEqual({ 'List-Unsubscribe': '<https://ctg.example.org/p/TOKEN/lettre/desabonnement>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    // The archive page: no personal link at all.
    const page = renderInfoFlashPage(edited, { contactDetails: false });
    expect(page).toContain('Zoom sur l’enquête familles');
  });
});

// A territory whose practice is not the standard plan's: its own committee names, a round table that
// meets once, a council presentation that is not a signature, a survey of families, no signature at all.
describe('a territory with a plan of its own', () => {
  const bocage: MessageContext = {
    territory: { name: 'Agglo du Bocage', timezone: 'Europe/Paris', article: 'l’' },
    coordinator: { name: 'Yannick Le Goff', email: 'y.legoff@agglo-bocage.example.org', function: 'Chef de projet cohésion sociale' },
    cafAdviser: { name: 'Samia Haddad', email: 's.haddad@caf.example.org', function: 'Conseillère territoriale' },
    cafName: 'Caf des Côtes-d’Armor',
    period: { start: 2027, end: 2031 },
  };
  const tableRonde: StepView = {
    key: 'table-ronde-familles',
    behaviour: 'MEETING',
    phase: 'DIAGNOSTIC',
    title: 'Table ronde « Familles et mobilité »',
    description: 'Une matinée pour croiser les regards des transporteurs, des centres sociaux et des familles sur les déplacements du quotidien.',
    startsAt: new Date('2027-03-18T08:30:00Z'),
    endsAt: new Date('2027-03-18T11:30:00Z'),
    location: 'Maison des associations, Loudéac',
    onlineUrl: null,
    capacity: null,
    session: null,
  };
  const conseil: StepView = { ...tableRonde, key: 'conseil-communautaire', title: 'Présentation au conseil communautaire', description: 'Point d’étape sur le diagnostic devant les élus communautaires.' };
  const standardSentences = [
    'réuni à deux reprises',
    'consacrée à la signature',
    'reçoit la restitution du diagnostic',
    'seconde séance',
    'chargé(e)',
    'conseiller(ère)',
    'de Agglo',
    'Pour Agglo',
    'groupes de travail thématiques',
  ];
  const everyKind = (step: StepView): MessageView[] => [
    { kind: 'INVITATION', step, recipient: anne, links },
    { kind: 'UPDATE', step, previous: { ...step, location: 'Mairie' }, recipient: anne, links },
    { kind: 'CANCELLATION', step, recipient: anne, reason: null },
    { kind: 'REMINDER', step, recipient: anne, daysBefore: 1, links },
    { kind: 'FOLLOW_UP', step, recipient: anne, next: null, attendance: 'PRESENT', documents: [], pageUrl: null },
    { kind: 'FOLLOW_UP', step, recipient: anne, next: null, attendance: 'EXCUSED', documents: [], pageUrl: null },
    { kind: 'REGISTRATION_CONFIRMED', step, recipient: anne, links },
    { kind: 'WAITLISTED', step, recipient: anne, position: 1, links },
    { kind: 'PROMOTED_FROM_WAITLIST', step, recipient: anne, links },
    { kind: 'REGISTRATION_CANCELLED', step, recipient: anne, heldSeat: true, links },
    { kind: 'DATE_TO_SET', step, weeksWaiting: 1, stepUrl },
    { kind: 'REGISTRATION_SUMMARY', step, registrants: [anne], waitlisted: [], invitedCount: 3, stepUrl },
    { kind: 'CAPACITY_REACHED', step, registered: 8, threshold: 80, stepUrl },
    { kind: 'MINUTES_REQUEST', step, participants: [anne], stepUrl },
    { kind: 'STEP_LATE', step, dueAt: new Date('2027-03-18T08:30:00Z'), processUrl },
    { kind: 'PHASE_CHANGED', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS', programme: [conseil, tableRonde], processUrl },
    { kind: 'SURVEY_OPENING', step: { ...step, behaviour: 'SURVEY' }, recipient: anne },
    { kind: 'SURVEY_CLOSING_REMINDER', step: { ...step, behaviour: 'SURVEY' }, recipient: anne, daysBefore: 2 },
    { kind: 'SURVEY_CLOSED', step: { ...step, behaviour: 'SURVEY' }, stepUrl },
    { kind: 'RENEWAL_STARTED', nextPeriod: { start: 2032, end: 2036 }, processUrl },
  ];

  it.each([tableRonde, conseil].flatMap((step) => everyKind(step).map((view) => [step.key, view.kind, view] as const)))(
    '%s: %s carries its own words and no sentence of the standard practice',
    (_key, _kind, view) => {
      const { subject, text, html } = renderMessage(bocage, view);
      for (const sentence of standardSentences) {
        expect(text).not.toContain(sentence);
        expect(subject).not.toContain(sentence);
      }
      if ('step' in view) expect(text).toContain(view.step.title);
      expect(html).not.toMatch(rawAmpersand);
    },
  );

  it('thanks those present with the documents, gives those excused the documents and what follows, and promises nothing it cannot keep', () => {
    const documents = [
      { filename: 'Compte rendu.pdf', about: 'PDF, 120 Ko', url: 'https://ctg.example.fr/p/TOKEN/documents/1' },
      { filename: 'Diaporama.pptx', about: 'PowerPoint, 2,4 Mo', url: 'https://ctg.example.fr/p/TOKEN/documents/2' },
    ];
    const pageUrl = 'https://ctg.example.fr/p/TOKEN';
    const present = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next: null, attendance: 'PRESENT', documents, pageUrl });
    expect(present.subject).toBe('Merci de votre participation : Table ronde « Familles et mobilité »');
    expect(present.text).toContain('Merci d’avoir participé à la rencontre « Table ronde « Familles et mobilité » » du jeudi 18 mars 2027.');
    expect(present.text).toContain('Compte rendu.pdf');
    expect(present.html).toContain('href="https://ctg.example.fr/p/TOKEN/documents/2"');
    expect(present.text).not.toContain('vous sera transmis');
    expect(present.text).not.toContain('toutes et tous');
    const excused = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next: null, attendance: 'EXCUSED', documents, pageUrl });
    expect(excused.subject).toBe('Suite à la rencontre : Table ronde « Familles et mobilité »');
    expect(excused.text).toContain('Vous n’avez pas pu participer à la rencontre');
    expect(excused.text).not.toContain('Merci d’avoir participé');
    expect(excused.text).toContain('- Diaporama.pptx (https://ctg.example.fr/p/TOKEN/documents/2) — PowerPoint, 2,4 Mo');
    // Closed without documents yet: where they will be, no promise of an email.
    const none = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next: null, attendance: 'PRESENT', documents: [], pageUrl }).text;
    expect(none).toContain('seront sur votre page personnelle');
    // Sent at the end by runs recorded before closing existed: nobody is thanked for coming who did not.
    const legacy = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next: null, attendance: null, documents: [], pageUrl: null }).text;
    expect(legacy).toContain('Merci à celles et ceux qui y ont participé.');
    expect(legacy).not.toContain('Merci d’avoir participé');
  });

  it('lists the contacts the coordinator chose for the process, with their phones', () => {
    const chosen = { ...bocage, contacts: [{ name: 'Marc Issaly', function: 'Co-coordinateur', organisation: 'Agglo du Bocage', email: 'm.issaly@agglo-bocage.example.org', phone: '02 96 00 00 00' }] };
    const { text } = renderMessage(chosen, { kind: 'INVITATION', step: tableRonde, recipient: anne, links });
    expect(text).toContain('- Marc Issaly, Co-coordinateur, Agglo du Bocage — m.issaly@agglo-bocage.example.org — 02 96 00 00 00');
    expect(text).not.toContain('Samia Haddad, Conseillère territoriale — Caf des Côtes-d’Armor');
  });

  it('names the territory with its own article and each person with their own function', () => {
    const { text } = renderMessage(bocage, { kind: 'INVITATION', step: tableRonde, recipient: anne, links });
    expect(text).toContain('Dans le cadre de l’élaboration de la Convention Territoriale Globale (CTG) 2027–2031 de l’Agglo du Bocage');
    expect(text).toContain('Pour l’Agglo du Bocage et la Caf des Côtes-d’Armor');
    expect(text).toContain('Yannick Le Goff, Chef de projet cohésion sociale — Agglo du Bocage');
    expect(text).toContain('Samia Haddad, Conseillère territoriale — Caf des Côtes-d’Armor');
    expect(text).toContain('Une matinée pour croiser les regards');
  });

  it('announces in a phase change the steps this plan has, with their dates', () => {
    const { text } = renderMessage(bocage, { kind: 'PHASE_CHANGED', from: 'DIAGNOSTIC', to: 'PLAN_ACTIONS', programme: [{ ...conseil, startsAt: null, endsAt: null }, tableRonde], processUrl });
    expect(text).toContain('Au programme de cette phase :');
    expect(text).toContain('- Présentation au conseil communautaire — date à fixer');
    expect(text).toContain('- Table ronde « Familles et mobilité » — jeudi 18 mars 2027, de 9h30 à 12h30');
  });

  it('thanks with the next session only when the plan has one', () => {
    const next = { ...tableRonde, title: 'Table ronde « Familles et mobilité » : suite', startsAt: new Date('2027-04-15T07:30:00Z'), endsAt: new Date('2027-04-15T10:30:00Z') };
    const closing = { attendance: 'PRESENT' as const, documents: [], pageUrl: null };
    const withNext = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next, ...closing }).text;
    expect(withNext).toContain('Une prochaine séance est prévue : « Table ronde « Familles et mobilité » : suite », jeudi 15 avril 2027, de 9h30 à 12h30.');
    const alone = renderMessage(bocage, { kind: 'FOLLOW_UP', step: tableRonde, recipient: anne, next: null, ...closing }).text;
    expect(alone).not.toContain('prochaine séance');
    expect(alone).toContain('Vos contributions viennent enrichir le diagnostic partagé du territoire.');
  });
});

describe('a meeting open to the public', () => {
  const open = { registrationUrl: 'https://ctg.example.org/inscription/forum', calendarFeedUrl: null, publicForm: true };
  it.each(['INVITATION', 'UPDATE', 'REMINDER'] as const)('%s gives the public form without promising to manage a registration with it', (kind) => {
    const { text } = renderMessage(context, { ...views[kind], links: open } as MessageView);
    expect(text).toContain('https://ctg.example.org/inscription/forum');
    expect(text).not.toMatch(/même lien vous permet de modifier|Gérer mon inscription|modifier ou l’annuler :/);
  });
  it('says so in the calendar file', () => {
    expect(calendarDescription(context, step, open)).toContain('Inscription (ouverte à tous) : https://ctg.example.org/inscription/forum');
  });
});

describe('a territory’s name in a sentence', () => {
  it.each([
    ['Communauté de Communes Larzac et Vallées', null, 'la Communauté de Communes Larzac et Vallées', 'de la Communauté de Communes Larzac et Vallées'],
    ['Communautés de Communes Lévezou Pareloup et Pays de Salars', null, 'les Communautés de Communes Lévezou Pareloup et Pays de Salars', 'des Communautés de Communes Lévezou Pareloup et Pays de Salars'],
    ['Pays de Salars', null, 'le Pays de Salars', 'du Pays de Salars'],
    ['Agglo du Bocage', 'l’', 'l’Agglo du Bocage', 'de l’Agglo du Bocage'],
    ['Aubrac Carladez Viadène', null, 'Aubrac Carladez Viadène', 'd’Aubrac Carladez Viadène'],
    ['Communauté de Communes du Causse', '', 'Communauté de Communes du Causse', 'de Communauté de Communes du Causse'],
  ])('%s (%s)', (name, article, the, of) => {
    expect(theName(name, article)).toBe(the);
    expect(ofName(name, article)).toBe(of);
  });
});

describe('interview campaign messages', () => {
  it('invite to choose a slot from the personal page, with the campaign’s span and no calendar file yet', () => {
    const { text, html } = renderMessage(context, views.INTERVIEW_INVITATION);
    expect(text).toContain(`Quand : ${CAMPAIGN}, 12 créneaux libres`);
    expect(text).toContain('Une heure pour recueillir votre regard');
    expect(text).toContain('Je choisis mon créneau : https://ctg.example.org/inscription/abc?x=1&y=2');
    expect(html).toContain('href="https://ctg.example.org/inscription/abc?x=1&amp;y=2"');
    expect(text).not.toMatch(/joint|inscription à la rencontre|Je m’inscris/);
  });

  it('remind those without a slot of how many are left', () => {
    const { text } = renderMessage(context, views.INTERVIEW_REMINDER);
    expect(text).toContain('se terminent dans 3 jours');
    expect(text).toContain('1 créneau reste libre');
  });

  it('confirm a slot with its time, and show the old one when it moved', () => {
    expect(renderMessage(context, views.INTERVIEW_BOOKED).text).toContain(`est réservé le ${WHEN}`);
    const moved = renderMessage(context, { ...views.INTERVIEW_BOOKED, previous: { startsAt: new Date('2026-04-01T12:00:00Z'), endsAt: new Date('2026-04-01T13:00:00Z') } } as MessageView);
    expect(moved.subject).toMatch(/^Entretien déplacé : /);
    expect(moved.text).toContain('Ancien créneau : mercredi 1er avril 2026, de 14h à 15h');
    expect(moved.text).toContain('déplace le rendez-vous déjà présent dans votre agenda');
  });

  it('tell a campaign’s cancellation without speaking of a calendar file to those who had no slot', () => {
    expect(renderMessage(context, views.INTERVIEW_CAMPAIGN_CANCELLED).text).toContain(`et avec eux le vôtre, prévu le ${WHEN}`);
    const unbooked = renderMessage(context, { ...views.INTERVIEW_CAMPAIGN_CANCELLED, slot: null } as MessageView).text;
    expect(unbooked).toContain('vous n’avez plus de créneau à choisir');
    expect(unbooked).not.toContain('.ics');
  });

  it('ask the coordinator for slots, not a date, while a campaign has none', () => {
    const { subject, text } = renderMessage(context, { kind: 'DATE_TO_SET', step: { ...campaign, startsAt: null, endsAt: null }, weeksWaiting: 0, stepUrl });
    expect(subject).toBe('Créneaux à proposer : Entretiens <acteurs> & partenaires');
    expect(text).toContain('Proposer des créneaux');
    expect(text).not.toContain('Fixer la date');
  });
});
