// Messages to partners about one meeting: invitation, update, cancellation, reminder, thanks afterwards.
// The .ics travels with the first three (REQUEST, REQUEST, CANCEL); the text says what it does.
import { formatFrenchDate, formatFrenchTime } from '../../domain/time';
import { heading, link, paragraph, type Block, type Inline } from './blocks';
import { contactsBlocks, DATE_TO_SET, dayOf, descriptionBlocks, feedBlocks, fromCoordinator, manageRegistrationBlocks, personRef, registrationBlocks, stepFacts, whenOf, type ViewOf } from './shared';
import type { MessageContext, RenderedMessage, StepView } from './types';
import { contributionOf, displayTitle, frameOf } from './wording';

export function renderInvitation(context: MessageContext, view: ViewOf<'INVITATION'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`${frameOf(context, step.phase)}, nous avons le plaisir de vous inviter :`),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    ...registrationBlocks(step, view.links, context),
    ...calendarNote(step, 'L’invitation est jointe au format calendrier (.ics) : ouvrez-la pour ajouter la rencontre à votre agenda.'),
    ...feedBlocks(view.links),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Invitation : ${title} — ${dayOf(step.startsAt, context)}`,
    title,
    preheader: `${title} — ${whenOf(step, context)}`,
    blocks,
  });
}

type Schedule = Pick<StepView, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>;

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

interface Changes {
  date: boolean;
  place: boolean;
  link: boolean;
}

function changesBetween(previous: Schedule, current: Schedule): Changes {
  return {
    date: !sameInstant(previous.startsAt, current.startsAt) || !sameInstant(previous.endsAt, current.endsAt),
    place: (previous.location ?? null) !== (current.location ?? null),
    link: (previous.onlineUrl ?? null) !== (current.onlineUrl ?? null),
  };
}

/** « déplacé au lundi 17 octobre 2022 », « nouvel horaire », « nouveau lieu »: the headline of the change. */
function changeHeadline(changes: Changes, previous: Schedule, step: StepView, context: MessageContext): string {
  if (changes.date) {
    if (!step.startsAt) return 'reporté, nouvelle date à fixer';
    const sameDay = previous.startsAt && dayOf(previous.startsAt, context) === dayOf(step.startsAt, context);
    return sameDay ? `nouvel horaire le ${dayOf(step.startsAt, context)}` : `déplacé au ${dayOf(step.startsAt, context)}`;
  }
  if (changes.place) return `nouveau lieu le ${dayOf(step.startsAt, context)}`;
  if (changes.link) return `nouveau lien de connexion le ${dayOf(step.startsAt, context)}`;
  return `informations mises à jour`;
}

function changeRows(changes: Changes, previous: Schedule, step: StepView, context: MessageContext) {
  const rows: { label: string; value: Inline[]; struck?: boolean }[] = [];
  if (changes.date) {
    rows.push({ label: 'Ancienne date', value: [whenOf(previous, context)], struck: true });
    rows.push({ label: 'Nouvelle date', value: [whenOf(step, context)] });
  }
  if (changes.place) {
    rows.push({ label: 'Ancien lieu', value: [previous.location ?? 'non précisé'], struck: true });
    rows.push({ label: 'Nouveau lieu', value: [step.location ?? (step.onlineUrl ? 'en ligne uniquement' : 'précisé prochainement')] });
  }
  if (changes.link) {
    if (step.onlineUrl) rows.push({ label: 'Nouveau lien de connexion', value: [{ text: step.onlineUrl, href: step.onlineUrl }] });
    else rows.push({ label: 'Lien de connexion', value: ['supprimé : la rencontre se tient uniquement sur place'] });
  }
  return rows;
}

export function renderUpdate(context: MessageContext, view: ViewOf<'UPDATE'>): RenderedMessage {
  const { step, previous } = view;
  const title = displayTitle(step);
  const changes = changesBetween(previous, step);
  const rows = changeRows(changes, previous, step, context);
  const blocks: Block[] = [
    paragraph(
      rows.length > 0
        ? `La rencontre « ${title} » est modifiée. Voici ce qui change :`
        : `Les informations de la rencontre « ${title} » ont été mises à jour.`,
    ),
    ...(rows.length > 0 ? [{ type: 'facts', rows } as Block] : []),
    paragraph('Les informations à jour :'),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    ...calendarNote(step, 'Le fichier calendrier joint (.ics) met à jour le rendez-vous déjà présent dans votre agenda, sans le dupliquer.'),
    ...(view.links.publicForm && view.links.registrationUrl
      ? [
          paragraph('Si vous êtes inscrit(e), votre inscription est conservée ; pour l’annuler, suivez le lien reçu lors de l’inscription.'),
          paragraph('Pas encore inscrit(e) ? ', { text: 'S’inscrire', href: view.links.registrationUrl }, '.'),
        ]
      : view.links.registrationUrl
      ? [
          ...manageRegistrationBlocks(
            view.links,
            context,
            'Si vous êtes inscrit(e), votre inscription est conservée. Si la nouvelle organisation ne vous convient plus, vous pouvez la modifier ou l’annuler',
          ),
          paragraph('Pas encore inscrit(e) ? ', { text: 'Je m’inscris', href: view.links.registrationUrl }, '.'),
        ]
      : manageRegistrationBlocks(view.links, context, 'Si la nouvelle organisation ne vous convient pas, merci de nous prévenir')),
    paragraph('Nous vous prions de nous excuser pour ce changement.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Modification : ${title} — ${changeHeadline(changes, previous, step, context)}`,
    title: `Modification : ${title}`,
    preheader: rows.map((row) => `${row.label} : ${row.value.map((v) => (typeof v === 'string' ? v : v.text)).join('')}`).join(' · ') || title,
    blocks,
  });
}

export function renderCancellation(context: MessageContext, view: ViewOf<'CANCELLATION'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const when = whenOf(step, context);
  const planned = when === DATE_TO_SET ? '' : `, prévue le ${when}${step.location ? ` (${step.location})` : ''},`;
  const blocks: Block[] = [
    paragraph(`Nous sommes au regret de vous informer que la rencontre « ${title} »${planned} est annulée.`),
    ...(view.reason ? [{ type: 'facts', rows: [{ label: 'Motif', value: [view.reason] }] } as Block] : []),
    paragraph('Nous vous prions de nous excuser pour la gêne occasionnée.'),
    ...calendarNote(step, 'Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.'),
    paragraph('Si une nouvelle date est fixée, vous recevrez une nouvelle invitation. Vous n’avez rien d’autre à faire : votre éventuelle inscription est annulée avec la rencontre.'),
    paragraph('Pour toute question, écrivez à ', ...personRef(context.coordinator), '.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Annulation : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Annulation : ${title}`,
    preheader: `La rencontre du ${dayOf(step.startsAt, context)} est annulée.`,
    blocks,
  });
}

/** « dans 7 jours », « demain », « aujourd’hui ». */
export function inDays(days: number): string {
  if (days <= 0) return 'aujourd’hui';
  if (days === 1) return 'demain';
  return `dans ${days} jours`;
}

export function renderReminder(context: MessageContext, view: ViewOf<'REMINDER'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const time = step.startsAt ? ` à ${formatFrenchTime(step.startsAt, context.territory.timezone)}` : '';
  const blocks: Block[] = [
    paragraph(`Nous vous rappelons que la rencontre « ${title} » a lieu ${inDays(view.daysBefore)}${time}.`),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    ...(view.links.publicForm && view.links.registrationUrl
      ? [
          paragraph('Pas encore inscrit(e) ? ', { text: 'S’inscrire', href: view.links.registrationUrl }, '. Un empêchement ? Le lien reçu lors de l’inscription permet de l’annuler et libère votre place.'),
        ]
      : view.links.registrationUrl
      ? [
          paragraph(
            'Pas encore inscrit(e), ou un empêchement ? ',
            { text: 'Gérer mon inscription', href: view.links.registrationUrl },
            ' : annuler libère votre place pour une autre personne.',
          ),
        ]
      : manageRegistrationBlocks(view.links, context, 'En cas d’empêchement, merci de nous prévenir')),
    ...feedBlocks(view.links),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Rappel : ${title} ${inDays(view.daysBefore)} — ${dayOf(step.startsAt, context)}`,
    title: `Rappel : ${title}`,
    preheader: `${title} — ${whenOf(step, context)}`,
    blocks,
  });
}

export function renderFollowUp(context: MessageContext, view: ViewOf<'FOLLOW_UP'>): RenderedMessage {
  const { step, attendance, documents } = view;
  const title = displayTitle(step);
  const on = step.startsAt ? ` du ${formatFrenchDate(step.startsAt, context.territory.timezone)}` : '';
  const next = view.next ? `Une prochaine séance est prévue : « ${displayTitle(view.next)} », ${view.next.startsAt ? whenOf(view.next, context) : 'à une date qui vous sera précisée'}. Vous en recevrez l’invitation.` : null;
  const opening =
    attendance === 'PRESENT'
      ? `Merci d’avoir participé à la rencontre « ${title} »${on}.`
      : attendance === 'EXCUSED'
        ? `Vous n’avez pas pu participer à la rencontre « ${title} »${on} : voici de quoi en suivre les travaux.`
        : `La rencontre « ${title} »${on} s’est tenue. Merci à celles et ceux qui y ont participé.`;
  const documentBlocks: Block[] =
    documents.length > 0
      ? [
          heading(documents.length > 1 ? 'Les documents de la rencontre' : 'Le document de la rencontre', 3),
          { type: 'list', items: documents.map((d) => (d.url ? [link(d.filename, d.url), ` — ${d.about}`] : [`${d.filename} — ${d.about}`])) },
          paragraph(view.pageUrl ? 'Ils restent disponibles sur votre page personnelle, avec ceux qui seront déposés plus tard : ' : 'Pour les recevoir, écrivez à ', ...(view.pageUrl ? [link(view.pageUrl, view.pageUrl), '.'] : [...personRef(context.coordinator), '.'])),
        ]
      : attendance && view.pageUrl
        ? [paragraph('Le compte rendu et les supports, dès qu’ils seront déposés, seront sur votre page personnelle : ', link(view.pageUrl, view.pageUrl), '.')]
        : [];
  const blocks: Block[] = [
    paragraph(opening),
    ...documentBlocks,
    paragraph(next ?? contributionOf(step.phase)),
    paragraph(
      attendance === 'EXCUSED' ? 'Vos remarques et vos contributions sont les bienvenues : écrivez à ' : 'Si vous souhaitez compléter vos contributions ou faire part de vos remarques, écrivez à ',
      ...personRef(context.coordinator),
      '.',
    ),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: attendance === 'PRESENT' ? `Merci de votre participation : ${title}` : `Suite à la rencontre : ${title}`,
    preheader: documents.length > 0 ? `${documents.length > 1 ? 'Les documents' : 'Le document'} de la rencontre « ${title} ».` : (next ?? contributionOf(step.phase)),
    blocks,
  });
}

/** The sentence about the attached .ics: only when there is a date, since only then is a file attached. */
function calendarNote(step: StepView, sentence: string): Block[] {
  return step.startsAt ? [paragraph(sentence)] : [];
}
