// The small grammar of the messages: a step's title and own words, what each phase's work feeds, and the
// article a proper name takes in a French sentence. Nothing here states a fact of one territory's
// practice: what a step is for is its description, written by its territory (domain/standard-plan.ts
// holds the seeds' sentences, as the standard plan's descriptions).
import { phaseLabels, type Phase } from '../../domain/plan';
import type { MessageContext, StepView } from './types';

/** The step's own words, one paragraph each (blank lines separate them); nothing when it has none. */
export function descriptionParagraphs(step: Pick<StepView, 'description'>): string[] {
  return (step.description ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The step's title, with its session when the title does not already say it. */
export function displayTitle(step: Pick<StepView, 'title' | 'session'>): string {
  const title = step.title.replace(/\s+/g, ' ').trim();
  if (!step.session || /séance/i.test(title)) return title;
  return `${title} (${step.session === 1 ? '1re séance' : 'seconde séance'})`;
}

/** What a phase's work feeds, in one sentence: true of every plan, since the four phases keep their meaning. */
const contributionTo: Record<Phase, string> = {
  DIAGNOSTIC: 'Vos contributions viennent enrichir le diagnostic partagé du territoire.',
  PLAN_ACTIONS: 'Vos contributions alimentent l’élaboration du plan d’actions de la Convention.',
  MISE_EN_OEUVRE: 'Vos contributions alimentent le suivi et l’évaluation des actions de la Convention.',
  RENOUVELLEMENT: 'Vos contributions préparent la Convention suivante.',
};

export function contributionOf(phase: Phase): string {
  return contributionTo[phase];
}

export const periodOf = (period: { start: number; end: number }): string => `${period.start}–${period.end}`;

/** « l’élaboration », « la mise en œuvre »… of the convention, depending on where the process stands. */
export function undertakingOf(phase: Phase): string {
  switch (phase) {
    case 'DIAGNOSTIC':
    case 'PLAN_ACTIONS':
      return 'l’élaboration';
    case 'MISE_EN_OEUVRE':
      return 'la mise en œuvre';
    case 'RENOUVELLEMENT':
      return 'le renouvellement';
  }
}

/** « Dans le cadre de l’élaboration de la Convention Territoriale Globale (CTG) 2023–2026 de la Communauté… » */
export function frameOf(context: MessageContext, phase: Phase): string {
  return `Dans le cadre de ${undertakingOf(phase)} de la Convention Territoriale Globale (CTG) ${periodOf(context.period)} ${ofName(context.territory.name, context.territory.article)}, conduite avec ${theName(context.cafName)}`;
}

// Territories and Cafs are named without their article (« Communauté de Communes Larzac et Vallées »):
// these put it back so sentences read as French. A territory's own article (data) wins over the guess.
// A word ends where no letter follows: `\b` would not see the end of « Communauté » (é is no \w).
const startsWithWord = (words: string) => new RegExp(`^(${words})(?![\\p{L}\\p{N}])`, 'iu');
const articles: [RegExp, 'la' | 'les' | 'le'][] = [
  [startsWithWord('communautés|communes'), 'les'],
  [startsWithWord('communauté|commune|métropole|ville|caf|caisse|mairie|collectivité|agglomération'), 'la'],
  [startsWithWord('pays|pôle|syndicat|département|conseil|petr|sivom|sivu|centre'), 'le'],
];
const hasArticle = /^(le|la|les|l['’])\s*/i;

/** The article a name takes when nobody said: « la » for a Communauté, « le » for a Pays… or none. */
export function guessArticle(name: string): string {
  if (hasArticle.test(name)) return '';
  return articles.find(([pattern]) => pattern.test(name))?.[1] ?? '';
}

/** « la Caf de l’Aveyron », « les Communautés de Communes… », « l’Agglo… » */
export function theName(name: string, article?: string | null): string {
  const chosen = article ?? guessArticle(name);
  if (!chosen) return name;
  return chosen === 'l’' || chosen === "l'" ? `l’${name}` : `${chosen} ${name}`;
}

/** « de la Communauté de Communes… », « des Communautés… », « du Pays… », « d’Aubrac… » */
export function ofName(name: string, article?: string | null): string {
  const named = theName(name, article);
  if (/^les\s/i.test(named)) return `des ${named.slice(4)}`;
  if (/^le\s/i.test(named)) return `du ${named.slice(3)}`;
  if (named === name && /^[aeiouyhéèêàâîôû]/i.test(name)) return `d’${name}`;
  return `de ${named}`;
}

/** « Laura Pradeilles, Chargée de coopération CTG »: a person's function only as they gave it. */
export function nameWithFunction(who: { name: string; function?: string | null }): string {
  return who.function ? `${who.name}, ${who.function}` : who.name;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** The phase as this process names it. */
export function phaseName(context: Pick<MessageContext, 'phaseLabels'>, phase: Phase): string {
  return (context.phaseLabels ?? phaseLabels)[phase];
}
