// Messages to the coordinator and the Caf adviser, who follows many territories: each names its
// territory in the subject, says what happened and links to where the process stands.
import { formatFrenchDate } from '../../domain/time';
import { paragraph, type Block } from './blocks';
import { automaticSignature, compose, contactsBlocks, descriptionBlocks, greetingOf, whenOf, type ViewOf } from './shared';
import type { MessageContext, RenderedMessage } from './types';
import { displayTitle, ofName, periodOf, phaseName } from './wording';

function territoryFacts(context: MessageContext, rows: { label: string; value: string }[]): Block {
  return {
    type: 'facts',
    rows: [
      { label: 'Territoire', value: [context.territory.name] },
      { label: 'Caf', value: [context.cafName] },
      { label: 'Période', value: [periodOf(context.period)] },
      ...rows.map((row) => ({ label: row.label, value: [row.value] })),
    ],
  };
}

export function renderStepLate(context: MessageContext, view: ViewOf<'STEP_LATE'>): RenderedMessage {
  const { step } = view;
  const title = displayTitle(step);
  const due = formatFrenchDate(view.dueAt, context.territory.timezone);
  return compose(context, {
    subject: `Étape en retard : ${title} — ${context.territory.name}`,
    preheader: `Attendue le ${due}, pas encore réalisée.`,
    greeting: greetingOf(null),
    blocks: [
      paragraph(`L’étape « ${title} » de la CTG ${ofName(context.territory.name, context.territory.article)} était attendue le ${due} et n’est pas encore réalisée.`),
      territoryFacts(context, [
        { label: 'Phase', value: phaseName(context, step.phase) },
        { label: 'Étape', value: title },
        { label: 'Échéance', value: due },
      ]),
      ...descriptionBlocks(step),
      paragraph('Elle peut être marquée comme faite, reprogrammée ou annulée depuis la page du processus.'),
      { type: 'button', label: 'Voir l’avancement du territoire', href: view.processUrl },
      ...contactsBlocks(context),
    ],
    signature: automaticSignature,
    contact: context.coordinator,
  });
}

export function renderPhaseChanged(context: MessageContext, view: ViewOf<'PHASE_CHANGED'>): RenderedMessage {
  return compose(context, {
    subject: `Nouvelle phase — ${context.territory.name} : ${phaseName(context, view.to)}`,
    title: `Nouvelle phase : ${phaseName(context, view.to)}`,
    preheader: `${phaseName(context, view.from)} → ${phaseName(context, view.to)}`,
    greeting: greetingOf(null),
    blocks: [
      paragraph(`La CTG ${periodOf(context.period)} ${ofName(context.territory.name, context.territory.article)} change de phase.`),
      {
        type: 'facts',
        rows: [
          { label: 'Phase terminée', value: [phaseName(context, view.from)], struck: true },
          { label: 'Nouvelle phase', value: [phaseName(context, view.to)] },
        ],
      },
      ...programmeBlocks(context, view),
      { type: 'button', label: 'Voir l’avancement du territoire', href: view.processUrl },
      ...contactsBlocks(context),
    ],
    signature: automaticSignature,
    contact: context.coordinator,
  });
}

/** What this plan has in the new phase, step by step: its own titles and dates, nothing of another plan. */
function programmeBlocks(context: MessageContext, view: ViewOf<'PHASE_CHANGED'>): Block[] {
  if (view.programme.length === 0) return [];
  return [
    paragraph('Au programme de cette phase :'),
    { type: 'list', items: view.programme.map((step) => [`${displayTitle(step)} — ${whenOf(step, context)}`]) },
  ];
}
