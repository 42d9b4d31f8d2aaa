// The words of the CTG, taken from the seed newsletters: why each step matters, what each phase means,
// and the small grammar a French sentence needs around a proper name.
import type { Phase, StepKind } from '../../domain/plan';
import type { MessageContext, StepView } from './types';

/** Why a step matters, one or two sentences per kind, in the seeds' own vocabulary. */
const purposeByKind: Record<StepKind, string> = {
  SEMINAIRE_ELUS:
    'Ce séminaire lance la démarche avec les élus : enjeux, calendrier et gouvernance de la future Convention.',
  LANCEMENT_PARTENAIRES:
    'Cette rencontre lance la démarche avec l’ensemble des partenaires : présentation de la CTG, de ses étapes et de la manière d’y contribuer.',
  ANALYSE_DOCUMENTAIRE:
    'L’analyse documentaire et statistique (exploitation des données) dresse le portrait du territoire sur lequel s’appuie le diagnostic.',
  ENTRETIEN_PARTENAIRE:
    'Cet entretien permet de recueillir votre regard sur les besoins du territoire, l’offre existante, vos modalités de coopération et vos attentes.',
  RENCONTRE_THEMATIQUE:
    'Cette rencontre thématique avec les acteurs locaux permet d’étayer le diagnostic des besoins repérés et de l’offre existante, de faire remonter l’expérience de terrain de chacun et de faire émerger de premières pistes de travail.',
  CONSULTATION_HABITANTS:
    'La consultation des habitants complète le diagnostic : elle recueille les besoins des familles, des enfants et des jeunes, et leur regard sur l’offre existante.',
  FORUM_HABITANTS:
    'Ce forum est ouvert à tous les habitants : venez dire ce qui facilite ou complique la vie des familles, des enfants et des jeunes sur le territoire.',
  RESTITUTION_COTECH:
    'Le comité technique analyse et approfondit les enseignements du diagnostic partagé.',
  RESTITUTION_COPIL:
    'Le comité de pilotage reçoit la restitution du diagnostic partagé et des enjeux identifiés.',
  DEFINITION_AXES:
    'Cette séance définit les axes d’intervention prioritaires et permet d’échanger sur la gouvernance et l’organisation de la future CTG.',
  GROUPE_DE_TRAVAIL:
    'Ce groupe de travail thématique, réuni à deux reprises, co-construit avec les acteurs locaux le plan d’actions de la Convention.',
  REDACTION_CONVENTION:
    'La rédaction de la Convention traduit les axes retenus en objectifs opérationnels et en actions.',
  RESTITUTION_FINALE:
    'La restitution finale présente au comité de pilotage la Convention et son plan d’actions.',
  SIGNATURE: 'Cette séance est consacrée à la signature de la Convention Territoriale Globale par ses partenaires.',
  COPIL_ANNUEL:
    'Le comité de pilotage annuel, instance de décision, définit la stratégie, identifie les moyens mobilisables, arbitre et évalue le bon déroulement de la CTG.',
  COTECH_ANNUEL:
    'Le comité technique annuel veille à la concrétisation des actions et à leur articulation, et identifie les difficultés de mise en œuvre.',
  EVALUATION:
    'L’évaluation mesure l’avancement des actions de la Convention au regard de leurs indicateurs et prépare les ajustements nécessaires.',
};

const sessionPurpose: Record<1 | 2, string> = {
  1: 'Cette première séance partage les enseignements du diagnostic sur la thématique et fait émerger les pistes d’actions.',
  2: 'Cette seconde séance approfondit les pistes retenues lors de la première et précise le contenu des actions : modalités de mise en œuvre, partenaires, échéances.',
};

export function purposeOf(step: Pick<StepView, 'kind' | 'session'>): string {
  const base = purposeByKind[step.kind];
  if (step.kind !== 'GROUPE_DE_TRAVAIL') return base;
  const session = step.session ? ` ${sessionPurpose[step.session]}` : '';
  return `${base}${session} Le handicap et l’accès aux droits y sont traités de manière transversale.`;
}

/** The step's title, with its session when the title does not already say it. */
export function displayTitle(step: Pick<StepView, 'title' | 'session'>): string {
  const title = step.title.replace(/\s+/g, ' ').trim();
  if (!step.session || /séance/i.test(title)) return title;
  return `${title} (${step.session === 1 ? '1re séance' : 'seconde séance'})`;
}

/** What follows a meeting, for the thank-you message. */
export function nextAfter(step: Pick<StepView, 'kind' | 'session' | 'phase'>): string {
  if (step.kind === 'GROUPE_DE_TRAVAIL' && step.session === 1) {
    return 'Le groupe se réunira une seconde fois pour approfondir les pistes d’actions identifiées : vous recevrez l’invitation à cette seconde séance.';
  }
  if (step.kind === 'GROUPE_DE_TRAVAIL') {
    return 'Les propositions issues des deux séances alimenteront la rédaction de la Convention et de son plan d’actions.';
  }
  if (step.kind === 'SIGNATURE') return 'La Convention entre maintenant dans sa mise en œuvre, suivie chaque année par les comités de pilotage et technique.';
  if (step.phase === 'DIAGNOSTIC') return 'Vos contributions viennent enrichir le diagnostic partagé, qui sera restitué aux partenaires.';
  if (step.phase === 'PLAN_ACTIONS') return 'Vos contributions alimentent l’élaboration du plan d’actions de la Convention.';
  return 'Vos contributions alimentent le suivi et l’évaluation des actions de la Convention.';
}

const phaseMeaning: Record<Phase, string> = {
  DIAGNOSTIC:
    'séminaire avec les élus, lancement partenaires, analyse documentaire et statistique, entretiens partenaires clés, rencontres thématiques, consultation des habitants, puis restitutions en comité technique et comité de pilotage.',
  PLAN_ACTIONS:
    'définition des axes d’intervention prioritaires, groupes de travail thématiques réunis à deux reprises, rédaction de la Convention, restitution finale et signature.',
  MISE_EN_OEUVRE:
    'comité de pilotage et comité technique au moins une fois par an, suivi et évaluation des actions de la Convention.',
  RENOUVELLEMENT:
    'la période de la Convention s’achève : un nouveau diagnostic partagé puis un nouveau plan d’actions préparent la Convention suivante.',
};

/** What a phase is made of, in one lower-case clause. */
export function phaseMeaningOf(phase: Phase): string {
  return phaseMeaning[phase];
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
  return `Dans le cadre de ${undertakingOf(phase)} de la Convention Territoriale Globale (CTG) ${periodOf(context.period)} ${ofName(context.territory.name)}, conduite avec ${theName(context.cafName)}`;
}

// Territories and Cafs are named without their article (« Communauté de Communes Larzac et Vallées »):
// these put it back so sentences read as French.
const articles: [RegExp, 'la' | 'les' | 'le'][] = [
  [/^(communautés|communes)\b/i, 'les'],
  [/^(communauté|commune|métropole|ville|caf|caisse|mairie|collectivité|agglomération)\b/i, 'la'],
  [/^(pays|pôle|syndicat|département|conseil|petr|sivom|sivu|centre)\b/i, 'le'],
];
const hasArticle = /^(le|la|les|l['’])\s*/i;

/** « la Caf de l’Aveyron », « les Communautés de Communes… » */
export function theName(name: string): string {
  if (hasArticle.test(name)) return name;
  const article = articles.find(([pattern]) => pattern.test(name))?.[1];
  return article ? `${article} ${name}` : name;
}

/** « de la Communauté de Communes… », « des Communautés… », « du Pays… » */
export function ofName(name: string): string {
  const named = theName(name);
  if (/^les\s/i.test(named)) return `des ${named.slice(4)}`;
  if (/^le\s/i.test(named)) return `du ${named.slice(3)}`;
  if (named === name && /^[aeiouyhéèêàâîôû]/i.test(name)) return `d’${name}`;
  return `de ${named}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}
