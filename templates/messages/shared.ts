// Pieces every message family uses: the step's facts (what, when, where), contacts, how to register or
// cancel, and the final assembly into subject + HTML (in the shared email frame) + plain text.
import { formatFrenchDate, formatFrenchDateRange, formatFrenchMonthSpan } from '../../domain/time';
import { emailLayout, textFooter, type EmailContact } from '../email-layout';
import { blocksToHtml, blocksToText, heading, link, mailto, paragraph, type Block, type Inline } from './blocks';
import type { MessageContext, MessageView, Person, RecipientLinks, RenderedMessage, StepView } from './types';
import { descriptionParagraphs, displayTitle, nameWithFunction, theName } from './wording';

export const DATE_TO_SET = 'date à fixer';

/** « jeudi 13 octobre 2022, de 9h30 à 12h30 » in the territory's zone, « avril 2027 » while only its month is known, or « date à fixer ». */
export function whenOf(step: Pick<StepView, 'startsAt' | 'endsAt' | 'month' | 'untilMonth'>, context: MessageContext): string {
  if (step.startsAt) return formatFrenchDateRange(step.startsAt, step.endsAt, context.territory.timezone);
  return step.month ? formatFrenchMonthSpan(step.month, step.untilMonth) : DATE_TO_SET;
}

/** « jeudi 13 octobre 2022 », for subjects. */
export function dayOf(instant: Date | null, context: MessageContext): string {
  return instant ? formatFrenchDate(instant, context.territory.timezone) : DATE_TO_SET;
}

export function whereRows(step: Pick<StepView, 'location' | 'onlineUrl'>): { label: string; value: Inline[] }[] {
  const rows: { label: string; value: Inline[] }[] = [];
  if (step.location) rows.push({ label: 'Lieu', value: [step.location] });
  if (step.onlineUrl) rows.push({ label: 'En ligne', value: [link(step.onlineUrl, step.onlineUrl)] });
  if (rows.length === 0) rows.push({ label: 'Lieu', value: ['précisé prochainement'] });
  return rows;
}

/** What, when, where of a step, in a framed box. */
export function stepFacts(step: StepView, context: MessageContext, extra: { label: string; value: Inline[] }[] = []): Block {
  return {
    type: 'facts',
    rows: [
      { label: 'Quoi', value: [displayTitle(step)] },
      { label: 'Quand', value: [whenOf(step, context)] },
      ...whereRows(step),
      ...extra,
    ],
  };
}

export function greetingOf(person: Pick<Person, 'fullName'> | null): string {
  return person ? `Bonjour ${person.fullName},` : 'Bonjour,';
}

/** « Laura Pradeilles (laura@…) », as a link in HTML. */
export function personRef(who: { name: string; email: string }): Inline[] {
  return [`${who.name} (`, mailto(who.email), ')'];
}

/** The seeds end with « Vos contacts »: the coordinator, and the Caf adviser when known, with their functions as they gave them. */
export function contactsBlocks(context: MessageContext): Block[] {
  if (context.contacts?.length) {
    const chosen = context.contacts.map((c): Inline[] => [
      [c.name, c.function, c.organisation].filter(Boolean).join(', ') + ' — ',
      mailto(c.email),
      ...(c.phone ? [` — ${c.phone}`] : []),
    ]);
    return [heading('Vos contacts'), { type: 'list', items: chosen }];
  }
  const items: Inline[][] = [[`${nameWithFunction(context.coordinator)} — ${context.territory.name} — `, mailto(context.coordinator.email)]];
  if (context.cafAdviser) {
    items.push([`${nameWithFunction(context.cafAdviser)} — ${context.cafName} — `, mailto(context.cafAdviser.email)]);
  }
  return [heading('Vos contacts'), { type: 'list', items }];
}

/** The step's own description, as paragraphs (nothing when it has none). */
export function descriptionBlocks(step: Pick<StepView, 'description'>): Block[] {
  return descriptionParagraphs(step).map((text) => paragraph(text));
}

/** How to register, or to say one cannot come: the registration link when there is one, else a reply. */
export function registrationBlocks(step: StepView, links: RecipientLinks, context: MessageContext): Block[] {
  if (!links.registrationUrl) {
    return [
      paragraph(
        'Pour confirmer votre présence ou nous prévenir d’un empêchement, répondez simplement à ce message ou écrivez à ',
        ...personRef(context.coordinator),
        '.',
      ),
    ];
  }
  if (links.publicForm) {
    // A form open to anyone: it takes a registration, it does not manage one (that link comes by email).
    return [
      paragraph('Cette rencontre est ouverte à tous : l’inscription se fait en ligne, sans compte, et vous pouvez faire circuler ce lien.'),
      { type: 'button', label: 'S’inscrire', href: links.registrationUrl },
      paragraph('Après l’inscription, un courriel donne le lien pour l’annuler si besoin. Accepter l’invitation dans votre agenda ne vaut pas inscription.'),
    ];
  }
  const several = step.session ? ' Vous pouvez vous inscrire à une ou plusieurs séances.' : '';
  return [
    paragraph(`Merci de vous inscrire en ligne, sans créer de compte.${several}`),
    { type: 'button', label: 'Je m’inscris', href: links.registrationUrl },
    paragraph(
      'Le même lien vous permet de modifier ou d’annuler votre inscription. Accepter l’invitation dans votre agenda ne vaut pas inscription.',
    ),
  ];
}

/** Cancel or change a registration already made; `what` is a sentence without its final punctuation. */
export function manageRegistrationBlocks(links: RecipientLinks, context: MessageContext, what: string): Block[] {
  if (links.registrationUrl) {
    return [paragraph(`${what} : `, { text: 'gérer mon inscription', href: links.registrationUrl }, '.')];
  }
  return [paragraph(`${what} : répondez simplement à ce message ou écrivez à `, ...personRef(context.coordinator), '.')];
}

export function feedBlocks(links: RecipientLinks): Block[] {
  if (!links.calendarFeedUrl) return [];
  return [
    paragraph(
      'Pour retrouver toutes les dates de la démarche dans votre agenda, ',
      { text: 'abonnez-vous au calendrier de la CTG', href: links.calendarFeedUrl },
      '.',
    ),
  ];
}

export interface Draft {
  subject: string;
  /** The heading of the email; defaults to the subject. */
  title?: string;
  preheader: string;
  greeting: string;
  blocks: Block[];
  /** Who signs: the coordinator for partners, an automatic note for reports. */
  signature: string[];
  /** Shown in the footer as « Votre contact ». */
  contact: { name: string; email: string };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function compose(context: MessageContext, draft: Draft): RenderedMessage {
  const contact: EmailContact = { ...draft.contact, territoryName: context.territory.name };
  const subject = oneLine(draft.subject);
  const text = [
    draft.greeting,
    blocksToText(draft.blocks),
    ['Bien cordialement,', ...draft.signature].join('\n'),
    textFooter(contact),
  ].join('\n\n');
  const body = blocksToHtml([
    paragraph(draft.greeting),
    ...draft.blocks,
    { type: 'lines', lines: ['Bien cordialement,', ...draft.signature] },
  ]);
  return {
    subject,
    text,
    html: emailLayout({ title: oneLine(draft.title ?? subject), preheader: oneLine(draft.preheader), body, contact }),
  };
}

/** A partner's message: greeted by name, signed by the coordinator, who is their contact. */
export function fromCoordinator(context: MessageContext, recipient: Parameters<typeof greetingOf>[0], draft: Pick<Draft, 'subject' | 'title' | 'preheader' | 'blocks'>): RenderedMessage {
  return compose(context, { ...draft, greeting: greetingOf(recipient), signature: coordinatorSignature(context), contact: context.coordinator });
}

/** Partners' messages are signed by the coordinator, on behalf of the territory and the Caf. */
export function coordinatorSignature(context: MessageContext): string[] {
  return [context.coordinator.name, `Pour ${theName(context.territory.name, context.territory.article)} et ${theName(context.cafName)}`];
}

/** Reports to the coordinator and the adviser are automatic: they say so. */
export const automaticSignature = ['Le suivi automatique de la CTG'];

/** Whom the coordinator asks: the Caf adviser when known. */
export function coordinatorContact(context: MessageContext): { name: string; email: string } {
  return context.cafAdviser ?? context.coordinator;
}

export type ViewOf<K extends MessageView['kind']> = Extract<MessageView, { kind: K }>;
