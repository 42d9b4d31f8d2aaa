// Answers to a partner's registration: confirmed, on the waiting list, moved up from it, or given back.
// The registration link stays the way to change one's mind.
import { paragraph, type Block } from './blocks';
import { contactsBlocks, dayOf, descriptionBlocks, feedBlocks, fromCoordinator, manageRegistrationBlocks, personRef, stepFacts, whenOf, type ViewOf } from './shared';
import type { MessageContext, RenderedMessage } from './types';
import { displayTitle } from './wording';

export function renderRegistrationConfirmed(context: MessageContext, view: ViewOf<'REGISTRATION_CONFIRMED'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`Votre inscription à la rencontre « ${title} » est bien enregistrée.`),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    ...manageRegistrationBlocks(view.links, context, 'Un empêchement ? Merci d’annuler votre inscription pour libérer votre place'),
    ...feedBlocks(view.links),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Inscription confirmée : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Inscription confirmée : ${title}`,
    preheader: `${title} — ${whenOf(step, context)}`,
    blocks,
  });
}

/** « 1re », « 2e »: French ordinals. */
const ordinal = (n: number) => (n === 1 ? '1re' : `${n}e`);

export function renderWaitlisted(context: MessageContext, view: ViewOf<'WAITLISTED'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(
      `La rencontre « ${title} » est complète : votre demande est inscrite sur la liste d’attente, en ${ordinal(view.position)} position.`,
    ),
    paragraph('Dès qu’une place se libère, nous vous écrirons pour vous confirmer votre inscription.'),
    stepFacts(step, context),
    ...manageRegistrationBlocks(view.links, context, 'Si vous ne souhaitez plus participer, vous pouvez retirer votre demande'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Liste d’attente : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Liste d’attente : ${title}`,
    preheader: `Vous êtes en ${ordinal(view.position)} position sur la liste d’attente.`,
    blocks,
  });
}

export function renderPromotedFromWaitlist(context: MessageContext, view: ViewOf<'PROMOTED_FROM_WAITLIST'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`Bonne nouvelle : une place s’est libérée et votre inscription à la rencontre « ${title} » est confirmée.`),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    ...manageRegistrationBlocks(view.links, context, 'Si vous ne pouvez plus venir, merci d’annuler votre inscription pour libérer la place'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Place disponible : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Votre inscription est confirmée : ${title}`,
    preheader: `Une place s’est libérée : ${title} — ${whenOf(step, context)}`,
    blocks,
  });
}

export function renderRegistrationCancelled(context: MessageContext, view: ViewOf<'REGISTRATION_CANCELLED'>): RenderedMessage {
  const { step, heldSeat } = view;
  const title = displayTitle(step);
  const again = `Vous changez d’avis ? Vous pouvez vous inscrire à nouveau tant que la rencontre n’a pas commencé${
    step.capacity === null ? '' : ', dans la limite des places disponibles'
  }`;
  const blocks: Block[] = [
    paragraph(
      heldSeat
        ? `Votre inscription à la rencontre « ${title} » est annulée : votre place est libérée.`
        : `Votre demande d’inscription à la rencontre « ${title} » est annulée : vous n’êtes plus sur la liste d’attente.`,
    ),
    stepFacts(step, context),
    // Only a seat put the meeting in their calendar: the CANCEL attached takes it out.
    ...(heldSeat && step.startsAt ? [paragraph('Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.')] : []),
    view.links.registrationUrl
      ? paragraph(`${again} : `, { text: 'm’inscrire à nouveau', href: view.links.registrationUrl }, '.')
      : paragraph(`${again} : répondez simplement à ce message ou écrivez à `, ...personRef(context.coordinator), '.'),
    paragraph('Si vous n’avez pas demandé cette annulation, écrivez à ', ...personRef(context.coordinator), '.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Inscription annulée : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Votre inscription est annulée : ${title}`,
    preheader: heldSeat ? `Votre place du ${dayOf(step.startsAt, context)} est libérée.` : 'Vous n’êtes plus sur la liste d’attente.',
    blocks,
  });
}

/**
 * The public form's answer (double opt-in): confirm from this link, or nothing happens. Sent to whatever
 * address was typed, so it says who asked and what to do if it was not them: nothing.
 */
export function renderRegistrationToConfirm(context: MessageContext, view: ViewOf<'REGISTRATION_TO_CONFIRM'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const hold = view.holdMinutes ? ` Une place vous est réservée pendant ${view.holdMinutes} minutes.` : ' La rencontre est complète : en confirmant, vous serez inscrit(e) sur la liste d’attente.';
  const blocks: Block[] = [
    paragraph(`Une inscription à la rencontre « ${title} » a été demandée avec votre adresse. Pour la confirmer, suivez ce lien.${hold}`),
    ...(view.links.registrationUrl ? [{ type: 'button', label: 'Confirmer mon inscription', href: view.links.registrationUrl } as Block] : []),
    stepFacts(step, context),
    ...descriptionBlocks(step),
    paragraph('Vous n’avez rien demandé ? Ne faites rien : sans confirmation, la demande est effacée sous deux jours et vous ne recevrez plus de message à ce sujet.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Confirmez votre inscription : ${title} — ${dayOf(step.startsAt, context)}`,
    title: `Confirmez votre inscription : ${title}`,
    preheader: `Un clic pour confirmer votre inscription du ${dayOf(step.startsAt, context)}.`,
    blocks,
  });
}
