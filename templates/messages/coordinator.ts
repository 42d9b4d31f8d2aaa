// Messages to the coordinator: nudges (a date to set, minutes to file), registration figures, the end of
// the survey, the start of a renewal. Each carries the link to act on.
import { formatFrenchDate, formatFrenchMonthSpan } from '../../domain/time';
import { heading, paragraph, type Block } from './blocks';
import {
  automaticSignature,
  compose,
  coordinatorContact,
  dayOf,
  descriptionBlocks,
  greetingOf,
  personRef,
  stepFacts,
  whenOf,
  type ViewOf,
} from './shared';
import type { MessageContext, Person, RenderedMessage } from './types';
import { displayTitle, periodOf, phaseName, plural, theName } from './wording';

function draftFor(context: MessageContext, parts: { subject: string; title?: string; preheader: string; blocks: Block[] }) {
  return compose(context, {
    ...parts,
    greeting: greetingOf({ fullName: context.coordinator.name }),
    signature: automaticSignature,
    contact: coordinatorContact(context),
  });
}

function adviserHelp(context: MessageContext): Block[] {
  const adviser = context.cafAdviser;
  if (!adviser) return [];
  return [paragraph(`Besoin d’un appui ? Votre contact à ${theName(context.cafName)} : `, ...personRef(adviser), '.')];
}

export function renderDateToSet(context: MessageContext, view: ViewOf<'DATE_TO_SET'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  if (step.behaviour === 'INTERVIEWS') {
    // A campaign is dated by its slots: what it waits for is slots to propose.
    const waitingSlots = view.weeksWaiting > 0 ? `attendent leurs créneaux depuis ${plural(view.weeksWaiting, 'semaine')}` : 'n’ont pas encore de créneau proposé';
    return draftFor(context, {
      subject: `Créneaux à proposer : ${title}`,
      preheader: `Les entretiens « ${title} » attendent leurs créneaux.`,
      blocks: [
        paragraph(`Les entretiens « ${title} » (${phaseName(context, step.phase)})${step.month ? `, prévus en ${formatFrenchMonthSpan(step.month, step.untilMonth)},` : ''} ${waitingSlots}.`),
        paragraph('Tant qu’aucun créneau n’est proposé, les personnes à rencontrer ne peuvent pas être invitées à en choisir un.'),
        ...descriptionBlocks(step),
        { type: 'button', label: 'Proposer des créneaux', href: view.stepUrl },
        ...adviserHelp(context),
      ],
    });
  }
  const planned = step.month ? `, prévue en ${formatFrenchMonthSpan(step.month, step.untilMonth)},` : '';
  const what = step.month ? 'son jour' : 'sa date';
  const waiting = view.weeksWaiting > 0 ? `attend ${what} depuis ${plural(view.weeksWaiting, 'semaine')}` : step.month ? 'n’a pas encore de jour fixé' : 'n’a pas encore de date';
  return draftFor(context, {
    subject: `Date à fixer : ${title}`,
    preheader: `L’étape « ${title} » attend sa date.`,
    blocks: [
      paragraph(`L’étape « ${title} » (${phaseName(context, step.phase)})${planned} ${waiting}.`),
      paragraph(step.month ? 'Tant que son jour n’est pas fixé, les invitations ne peuvent pas partir.' : 'Tant qu’elle n’est pas fixée, les invitations ne peuvent pas partir.'),
      ...descriptionBlocks(step),
      { type: 'button', label: 'Fixer la date', href: view.stepUrl },
      ...adviserHelp(context),
    ],
  });
}

const personRow = (person: Person): string[] => [person.fullName, person.organisation ?? '', person.email];

function peopleTable(people: Person[], empty: string): Block {
  if (people.length === 0) return paragraph(empty);
  return { type: 'table', columns: ['Nom', 'Structure', 'Courriel'], rows: people.map(personRow) };
}

function seatsLine(registered: number, capacity: number | null): string {
  const count = plural(registered, 'inscription');
  return capacity ? `${count} pour ${plural(capacity, 'place')}` : `${count}, sans limite de places`;
}

export function renderRegistrationSummary(context: MessageContext, view: ViewOf<'REGISTRATION_SUMMARY'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const count = view.registrants.length;
  const blocks: Block[] = [
    paragraph(
      `Voici les inscriptions à la rencontre « ${title} » : ${plural(count, 'inscription')} pour ${plural(view.invitedCount, 'personne invitée', 'personnes invitées')}.`,
    ),
    stepFacts(step, context, [{ label: 'Inscriptions', value: [seatsLine(count, step.capacity)] }]),
    heading('Inscrits'),
    peopleTable(view.registrants, 'Personne n’est encore inscrit.'),
  ];
  if (view.waitlisted.length > 0) {
    blocks.push(heading(`Liste d’attente (${view.waitlisted.length})`));
    blocks.push({ type: 'lines', lines: view.waitlisted.map((p, i) => `${i + 1}. ${personRow(p).filter(Boolean).join(' — ')}`) });
  }
  blocks.push({ type: 'button', label: 'Voir l’étape et exporter la liste', href: view.stepUrl });
  return draftFor(context, {
    subject: `Inscriptions : ${title} — ${count} / ${view.invitedCount} invités`,
    preheader: `${plural(count, 'inscription')} pour ${title}, ${whenOf(step, context)}.`,
    blocks,
  });
}

export function renderCapacityReached(context: MessageContext, view: ViewOf<'CAPACITY_REACHED'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const full = view.threshold === 100;
  const seats = seatsLine(view.registered, step.capacity);
  const blocks: Block[] = [
    paragraph(
      full
        ? `La rencontre « ${title} » est complète (${seats}). Les nouvelles demandes sont placées sur liste d’attente.`
        : `La rencontre « ${title} » a atteint 80 % de sa capacité (${seats}).`,
    ),
    stepFacts(step, context),
    paragraph(
      full
        ? 'Si la salle le permet, augmentez la capacité : les personnes en liste d’attente seront inscrites dans l’ordre et prévenues.'
        : 'Si vous attendez d’autres participants, pensez à augmenter la capacité ou à prévoir une salle plus grande.',
    ),
    { type: 'button', label: 'Gérer les inscriptions', href: view.stepUrl },
  ];
  return draftFor(context, {
    subject: full ? `Complet : ${title} — ${dayOf(step.startsAt, context)}` : `80 % des places réservées : ${title}`,
    preheader: seats,
    blocks,
  });
}

export function renderMinutesRequest(context: MessageContext, view: ViewOf<'MINUTES_REQUEST'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const held = step.startsAt ? ` le ${formatFrenchDate(step.startsAt, context.territory.timezone)}` : '';
  return draftFor(context, {
    subject: `Compte rendu à déposer : ${title}`,
    preheader: `La rencontre a eu lieu${held} : indiquez qui était là et déposez son compte rendu.`,
    blocks: [
      paragraph(`La rencontre « ${title} » a eu lieu${held}. Pour la clore, indiquez qui était présent, excusé ou absent (et ajoutez les personnes venues sans inscription), puis déposez le compte rendu et les supports.`),
      paragraph('À la clôture, les présents reçoivent vos remerciements avec les documents, les excusés les documents et la suite ; les absents et ceux qui n’ont pas répondu ne reçoivent rien. Les documents restent consultables par les invités depuis leur lien personnel.'),
      { type: 'button', label: 'Clore la rencontre', href: view.stepUrl },
      heading(`Participants annoncés (${view.participants.length})`),
      peopleTable(view.participants, 'Aucun participant n’a été enregistré.'),
    ],
  });
}

export function renderSurveyClosed(context: MessageContext, view: ViewOf<'SURVEY_CLOSED'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const closed = step.endsAt ? ` le ${dayOf(step.endsAt, context)}` : '';
  return draftFor(context, {
    subject: `Enquête clôturée : ${title}`,
    preheader: `L’enquête s’est terminée${closed}.`,
    blocks: [
      paragraph(`L’enquête « ${title} » s’est terminée${closed}.`),
      paragraph('Ses réponses peuvent maintenant être exploitées pour le diagnostic partagé et préparées pour les restitutions au comité technique et au comité de pilotage.'),
      { type: 'button', label: 'Voir l’étape', href: view.stepUrl },
      ...adviserHelp(context),
    ],
  });
}

export function renderRenewalStarted(context: MessageContext, view: ViewOf<'RENEWAL_STARTED'>): RenderedMessage {
  const next = periodOf(view.nextPeriod);
  return draftFor(context, {
    subject: `Renouvellement de la CTG : la démarche ${next} commence`,
    preheader: `La CTG ${periodOf(context.period)} arrive à son terme.`,
    blocks: [
      paragraph(`La Convention Territoriale Globale ${periodOf(context.period)} arrive à son terme. Le renouvellement pour la période ${next} commence : un diagnostic partagé, puis un plan d’actions, comme pour la première Convention.`),
      paragraph('Les étapes sont planifiées ; celles dont la date reste à fixer vous seront rappelées. Vérifiez le calendrier et la liste des partenaires avant l’envoi des premières invitations.'),
      { type: 'button', label: 'Voir la démarche de renouvellement', href: view.processUrl },
      ...adviserHelp(context),
    ],
  });
}

export function renderNewsletterDraft(context: MessageContext, view: ViewOf<'NEWSLETTER_DRAFT'>): RenderedMessage {
  return draftFor(context, {
    subject: `${view.issueName} à relire`,
    preheader: `${view.reason} : un brouillon est prêt, complétez-le et envoyez-le quand il vous convient.`,
    blocks: [
      paragraph(`${view.reason}. Un brouillon de « ${view.issueName} » est prêt : il reprend où en est la démarche, les prochaines rencontres avec leurs dates et la manière de s’inscrire.`),
      paragraph('Ajoutez votre édito, une rubrique (un zoom sur un résultat, un chiffre clé), choisissez les contacts affichés, regardez l’aperçu, puis envoyez-le ou programmez son envoi. Rien ne part sans vous.'),
      { type: 'button', label: 'Relire et envoyer', href: view.editUrl },
    ],
  });
}
