// Messages about a campaign of one-to-one interviews: the invitation to book a slot (no .ics: nothing is
// in anyone's calendar until they book), the reminder to those without one, their interview booked or
// moved (REQUEST .ics), given back (CANCEL), changed (place, link, title) and the campaign cancelled.
import { formatFrenchDate, formatFrenchDateRange } from '../../domain/time';
import { paragraph, type Block } from './blocks';
import { contactsBlocks, descriptionBlocks, fromCoordinator, personRef, whereRows, type ViewOf } from './shared';
import type { InterviewTime, MessageContext, RecipientLinks, RenderedMessage, StepView } from './types';
import { displayTitle, frameOf, plural } from './wording';
import { inDays } from './meeting';

/** What a partner's personal link does for their interview: in the emails' buttons and the .ics. */
export const INTERVIEW_MANAGE_LABEL = 'Changer ou annuler mon créneau';

/** « du lundi 1 mars au vendredi 26 mars 2027 », « le mardi 2 mars 2027 », or « dates à fixer ». */
export function campaignPeriodOf(step: Pick<StepView, 'startsAt' | 'endsAt'>, context: MessageContext): string {
  const zone = context.territory.timezone;
  if (!step.startsAt) return 'dates à fixer';
  const first = formatFrenchDate(step.startsAt, zone);
  const last = step.endsAt ? formatFrenchDate(step.endsAt, zone) : first;
  return first === last ? `le ${first}` : `du ${first} au ${last}`;
}

const slotWhen = (slot: InterviewTime, context: MessageContext) => formatFrenchDateRange(slot.startsAt, slot.endsAt, context.territory.timezone);

function campaignFacts(step: StepView, context: MessageContext, freeSlots: number): Block {
  return {
    type: 'facts',
    rows: [
      { label: 'Quoi', value: [displayTitle(step)] },
      { label: 'Quand', value: [`${campaignPeriodOf(step, context)}, ${plural(freeSlots, 'créneau libre', 'créneaux libres')}`] },
      ...whereRows(step),
    ],
  };
}

function interviewFacts(step: StepView, slot: InterviewTime, context: MessageContext): Block {
  return { type: 'facts', rows: [{ label: 'Quoi', value: [displayTitle(step)] }, { label: 'Quand', value: [slotWhen(slot, context)] }, ...whereRows(step)] };
}

/** Where to book, move or give back: their personal page; without one, a reply to the coordinator. */
function bookingBlocks(links: RecipientLinks, context: MessageContext, label: string, sentence: string): Block[] {
  if (!links.registrationUrl) return [paragraph('Pour convenir d’un créneau, répondez simplement à ce message ou écrivez à ', ...personRef(context.coordinator), '.')];
  return [{ type: 'button', label, href: links.registrationUrl }, paragraph(sentence)];
}

export function renderInterviewInvitation(context: MessageContext, view: ViewOf<'INTERVIEW_INVITATION'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`${frameOf(context, step.phase)}, nous souhaitons vous rencontrer en entretien individuel :`),
    campaignFacts(step, context, view.freeSlots),
    ...descriptionBlocks(step),
    paragraph('Choisissez le créneau qui vous convient, en ligne et sans créer de compte : un créneau réservé n’est plus proposé aux autres personnes.'),
    ...bookingBlocks(view.links, context, 'Je choisis mon créneau', 'Vous recevrez aussitôt la confirmation avec le fichier calendrier (.ics). Le même lien permet de changer de créneau ou de l’annuler.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Entretien : ${title} — choisissez votre créneau`,
    title,
    preheader: `${title} — ${campaignPeriodOf(step, context)}`,
    blocks,
  });
}

export function renderInterviewReminder(context: MessageContext, view: ViewOf<'INTERVIEW_REMINDER'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const last = step.endsAt ? ` (le dernier entretien a lieu le ${formatFrenchDate(step.endsAt, context.territory.timezone)})` : '';
  const blocks: Block[] = [
    paragraph(`Vous n’avez pas encore choisi de créneau pour l’entretien « ${title} ». Les entretiens se terminent ${inDays(view.daysBefore)}${last} et ${plural(view.freeSlots, 'créneau reste libre', 'créneaux restent libres')}.`),
    campaignFacts(step, context, view.freeSlots),
    ...bookingBlocks(view.links, context, 'Je choisis mon créneau', 'Aucun créneau ne vous convient ? Répondez à ce message : nous chercherons une autre date ensemble.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Rappel : choisissez votre créneau — ${title}`,
    title: `Rappel : ${title}`,
    preheader: `${plural(view.freeSlots, 'créneau libre', 'créneaux libres')} — ${campaignPeriodOf(step, context)}`,
    blocks,
  });
}

export function renderInterviewBooked(context: MessageContext, view: ViewOf<'INTERVIEW_BOOKED'>): RenderedMessage {
  const { step, slot, previous } = view;
  const title = displayTitle(step);
  const when = slotWhen(slot, context);
  const blocks: Block[] = [
    paragraph(previous ? `Votre entretien « ${title} » est déplacé : il a désormais lieu le ${when}.` : `Votre entretien « ${title} » est réservé le ${when}.`),
    ...(previous ? [{ type: 'facts', rows: [{ label: 'Ancien créneau', value: [slotWhen(previous, context)], struck: true }] } as Block] : []),
    interviewFacts(step, slot, context),
    ...descriptionBlocks(step),
    paragraph(
      previous
        ? 'Le fichier calendrier joint (.ics) déplace le rendez-vous déjà présent dans votre agenda, sans le dupliquer.'
        : 'Le fichier calendrier joint (.ics) ajoute ce rendez-vous à votre agenda.',
    ),
    ...bookingBlocks(view.links, context, INTERVIEW_MANAGE_LABEL, 'Un empêchement ? Changez de créneau ou annulez-le : il sera de nouveau proposé aux autres personnes.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `${previous ? 'Entretien déplacé' : 'Entretien confirmé'} : ${title} — ${formatFrenchDate(slot.startsAt, context.territory.timezone)}`,
    title: `${previous ? 'Entretien déplacé' : 'Entretien confirmé'} : ${title}`,
    preheader: `${title} — ${when}`,
    blocks,
  });
}

export function renderInterviewReleased(context: MessageContext, view: ViewOf<'INTERVIEW_RELEASED'>): RenderedMessage {
  const { step, slot } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(`Votre créneau du ${slotWhen(slot, context)} pour l’entretien « ${title} » est annulé : il est de nouveau proposé aux autres personnes.`),
    paragraph('Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.'),
    ...bookingBlocks(view.links, context, 'Choisir un autre créneau', 'Vous pouvez choisir un autre créneau tant qu’il en reste de libres.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Créneau annulé : ${title} — ${formatFrenchDate(slot.startsAt, context.territory.timezone)}`,
    title: `Créneau annulé : ${title}`,
    preheader: `Votre créneau du ${slotWhen(slot, context)} est libéré.`,
    blocks,
  });
}

export function renderInterviewUpdated(context: MessageContext, view: ViewOf<'INTERVIEW_UPDATED'>): RenderedMessage {
  const { step, slot, previous } = view;
  const title = displayTitle(step);
  const rows = [];
  if ((previous.location ?? null) !== (step.location ?? null)) {
    rows.push({ label: 'Ancien lieu', value: [previous.location ?? 'non précisé'], struck: true }, { label: 'Nouveau lieu', value: [step.location ?? 'en ligne uniquement'] });
  }
  if ((previous.onlineUrl ?? null) !== (step.onlineUrl ?? null)) {
    rows.push({ label: 'Lien de connexion', value: [step.onlineUrl ? { text: step.onlineUrl, href: step.onlineUrl } : 'supprimé : l’entretien se tient sur place'] });
  }
  const blocks: Block[] = [
    paragraph(rows.length ? `Votre entretien « ${title} » du ${slotWhen(slot, context)} change. Voici ce qui change :` : `Les informations de votre entretien « ${title} » ont été mises à jour.`),
    ...(rows.length ? [{ type: 'facts', rows } as Block] : []),
    interviewFacts(step, slot, context),
    ...descriptionBlocks(step),
    paragraph('Le fichier calendrier joint (.ics) met à jour le rendez-vous déjà présent dans votre agenda.'),
    ...bookingBlocks(view.links, context, INTERVIEW_MANAGE_LABEL, 'Si cela ne vous convient plus, changez de créneau ou annulez-le.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Modification : ${title} — ${formatFrenchDate(slot.startsAt, context.territory.timezone)}`,
    title: `Modification : ${title}`,
    preheader: `${title} — ${slotWhen(slot, context)}`,
    blocks,
  });
}

export function renderInterviewCampaignCancelled(context: MessageContext, view: ViewOf<'INTERVIEW_CAMPAIGN_CANCELLED'>): RenderedMessage {
  const { step, slot } = view;
  const title = displayTitle(step);
  const blocks: Block[] = [
    paragraph(
      slot
        ? `Nous sommes au regret de vous informer que les entretiens « ${title} » sont annulés, et avec eux le vôtre, prévu le ${slotWhen(slot, context)}.`
        : `Nous sommes au regret de vous informer que les entretiens « ${title} » sont annulés : vous n’avez plus de créneau à choisir.`,
    ),
    ...(view.reason ? [{ type: 'facts', rows: [{ label: 'Motif', value: [view.reason] }] } as Block] : []),
    ...(slot ? [paragraph('Le fichier calendrier joint (.ics) retire ce rendez-vous de votre agenda.')] : []),
    paragraph('Pour toute question, écrivez à ', ...personRef(context.coordinator), '.'),
    ...contactsBlocks(context),
  ];
  return fromCoordinator(context, view.recipient, {
    subject: `Annulation : ${title}`,
    title: `Annulation : ${title}`,
    preheader: slot ? `Votre entretien du ${slotWhen(slot, context)} est annulé.` : `Les entretiens « ${title} » sont annulés.`,
    blocks,
  });
}
