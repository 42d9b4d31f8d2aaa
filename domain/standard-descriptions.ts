// The standard plan's sentences, in the seed newsletters' own words: the default descriptions of its
// steps (domain/standard-plan.ts). They live here and nowhere else; a territory's own plan has its own.
import type { StepKind } from './vocabulary';

/** Why each step of the standard plan matters, in the seeds' own words: the default descriptions. */
export const standardDescriptions: Record<StepKind, string> = {
  SEMINAIRE_ELUS: 'Ce séminaire lance la démarche avec les élus : enjeux, calendrier et gouvernance de la future Convention.',
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
  RESTITUTION_COTECH: 'Le comité technique analyse et approfondit les enseignements du diagnostic partagé.',
  RESTITUTION_COPIL: 'Le comité de pilotage reçoit la restitution du diagnostic partagé et des enjeux identifiés.',
  DEFINITION_AXES:
    'Cette séance définit les axes d’intervention prioritaires et permet d’échanger sur la gouvernance et l’organisation de la future CTG.',
  GROUPE_DE_TRAVAIL:
    'Ce groupe de travail thématique, réuni à deux reprises, co-construit avec les acteurs locaux le plan d’actions de la Convention.',
  REDACTION_CONVENTION: 'La rédaction de la Convention traduit les axes retenus en objectifs opérationnels et en actions.',
  RESTITUTION_FINALE: 'La restitution finale présente au comité de pilotage la Convention et son plan d’actions.',
  SIGNATURE: 'Cette séance est consacrée à la signature de la Convention Territoriale Globale par ses partenaires.',
  COPIL_ANNUEL:
    'Le comité de pilotage annuel, instance de décision, définit la stratégie, identifie les moyens mobilisables, arbitre et évalue le bon déroulement de la CTG.',
  COTECH_ANNUEL:
    'Le comité technique annuel veille à la concrétisation des actions et à leur articulation, et identifie les difficultés de mise en œuvre.',
  EVALUATION:
    'L’évaluation mesure l’avancement des actions de la Convention au regard de leurs indicateurs et prépare les ajustements nécessaires.',
};

export const workingGroupSessionDescriptions: Record<1 | 2, string> = {
  1: 'Cette première séance partage les enseignements du diagnostic sur la thématique et fait émerger les pistes d’actions.',
  2: 'Cette seconde séance approfondit les pistes retenues lors de la première et précise le contenu des actions : modalités de mise en œuvre, partenaires, échéances.',
};
const transversalThemes = 'Le handicap et l’accès aux droits y sont traités de manière transversale.';

/** The standard description of a standard step (a working group's names its session). */
export function standardDescription(kind: StepKind, session?: 1 | 2 | null): string {
  if (kind !== 'GROUPE_DE_TRAVAIL') return standardDescriptions[kind];
  return [standardDescriptions[kind], session ? workingGroupSessionDescriptions[session] : null, transversalThemes].filter(Boolean).join(' ');
}
