// The DESCRIPTION of a meeting's .ics, in French: many calendar apps show only this, so it repeats what,
// why, when, where, how to register and whom to contact, in a few short lines.
import { whenOf } from './shared';
import type { MessageContext, RecipientLinks, StepView } from './types';
import { descriptionParagraphs, displayTitle } from './wording';

export function calendarDescription(
  context: MessageContext,
  step: StepView,
  links: RecipientLinks | null,
  cancellation?: { reason: string | null },
  /** What the personal link does, when it is not a registration (« Changer ou annuler mon créneau »). */
  manageLabel?: string,
): string {
  const contact = `Contact : ${context.coordinator.name} <${context.coordinator.email}>`;
  const title = `${displayTitle(step)} — CTG ${context.territory.name}`;
  if (cancellation) {
    return [`ANNULÉ : ${title}`, cancellation.reason ? `Motif : ${cancellation.reason}` : null, `Date prévue : ${whenOf(step, context)}`, contact]
      .filter((line): line is string => line !== null)
      .join('\n');
  }
  return [
    title,
    ...descriptionParagraphs(step),
    `Quand : ${whenOf(step, context)}`,
    step.location ? `Lieu : ${step.location}` : null,
    step.onlineUrl ? `En ligne : ${step.onlineUrl}` : null,
    links?.registrationUrl
      ? manageLabel
        ? `${manageLabel} : ${links.registrationUrl}`
        : links.publicForm
        ? `Inscription (ouverte à tous) : ${links.registrationUrl}`
        : `Inscription (ou annulation) : ${links.registrationUrl}`
      : `Pour confirmer votre présence ou prévenir d’un empêchement : ${context.coordinator.email}`,
    contact,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

/**
 * The DESCRIPTION of the CANCEL sent to one person who gave their seat back: the meeting still takes
 * place, only their registration is cancelled.
 */
export function unregisteredCalendarDescription(context: MessageContext, step: StepView, links: RecipientLinks | null): string {
  return [
    `Inscription annulée : ${displayTitle(step)} — CTG ${context.territory.name}`,
    `Date prévue : ${whenOf(step, context)}`,
    links?.registrationUrl ? `S’inscrire à nouveau : ${links.registrationUrl}` : null,
    `Contact : ${context.coordinator.name} <${context.coordinator.email}>`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}
