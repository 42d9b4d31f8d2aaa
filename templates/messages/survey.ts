// A survey window (the seeds' consultation des habitants): the survey opens (partners are asked to answer
// and to relay it) and, a few days before it closes, a last call. Its window is the step's startsAt → endsAt.
import { formatFrenchDate, formatFrenchTime } from '../../domain/time';
import { paragraph, type Block, type Inline } from './blocks';
import { contactsBlocks, DATE_TO_SET, descriptionBlocks, fromCoordinator, personRef, type ViewOf } from './shared';
import type { MessageContext, RenderedMessage, StepView } from './types';
import { displayTitle, frameOf } from './wording';

/** « dimanche 5 mars 2023 à 23h59 »: the closing moment, to the minute, in the territory's zone. */
function moment(instant: Date | null, context: MessageContext): string {
  if (!instant) return DATE_TO_SET;
  const zone = context.territory.timezone;
  return `${formatFrenchDate(instant, zone)} à ${formatFrenchTime(instant, zone)}`;
}

function windowRows(step: StepView, context: MessageContext): { label: string; value: Inline[] }[] {
  return [
    { label: 'Quoi', value: [displayTitle(step)] },
    { label: 'Ouverture', value: [moment(step.startsAt, context)] },
    { label: 'Clôture', value: [moment(step.endsAt, context)] },
    step.onlineUrl
      ? { label: 'Questionnaire', value: [{ text: step.onlineUrl, href: step.onlineUrl }] }
      : { label: 'Questionnaire', value: ['disponible sur demande auprès de la coordination'] },
  ];
}

function answerBlocks(step: StepView, context: MessageContext): Block[] {
  if (step.onlineUrl) return [{ type: 'button', label: 'Répondre à l’enquête', href: step.onlineUrl }];
  return [paragraph('Pour recevoir le questionnaire, écrivez à ', ...personRef(context.coordinator), '.')];
}

const relay =
  'Merci de la relayer largement auprès des personnes que vous accompagnez : affichage dans vos locaux, lettres d’information, réseaux sociaux. Plus les réponses sont nombreuses, plus les résultats seront représentatifs.';

export function renderSurveyOpening(context: MessageContext, view: ViewOf<'SURVEY_OPENING'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`${frameOf(context, step.phase)}, l’enquête « ${title} » est ouverte.`),
    { type: 'facts', rows: windowRows(step, context) },
    ...descriptionBlocks(step),
    ...answerBlocks(step, context),
    paragraph(relay),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Enquête ouverte : ${title} — jusqu’au ${step.endsAt ? formatFrenchDate(step.endsAt, context.territory.timezone) : DATE_TO_SET}`,
    title,
    preheader: `Répondez et relayez l’enquête jusqu’au ${moment(step.endsAt, context)}.`,
    blocks,
  });
}

/** « plus que 3 jours », « plus qu’un jour », « dernier jour ». */
function remaining(days: number): string {
  if (days <= 0) return 'dernier jour';
  if (days === 1) return 'plus qu’un jour';
  return `plus que ${days} jours`;
}

export function renderSurveyClosingReminder(context: MessageContext, view: ViewOf<'SURVEY_CLOSING_REMINDER'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`L’enquête « ${title} » se termine le ${moment(step.endsAt, context)} : ${remaining(view.daysBefore)} pour y répondre et la faire connaître.`),
    { type: 'facts', rows: windowRows(step, context) },
    ...answerBlocks(step, context),
    paragraph(relay),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Enquête : ${remaining(view.daysBefore)} pour répondre — ${title}`,
    title: `Enquête : ${remaining(view.daysBefore)} pour répondre`,
    preheader: `Clôture le ${moment(step.endsAt, context)}.`,
    blocks,
  });
}
