// The CTG vocabulary as plain data: phases, step kinds, roles. No zod here, on purpose: the workflows
// import it, and every workflow instance evaluates its own copy of what the workflow bundle contains.
export const phases = ['DIAGNOSTIC', 'PLAN_ACTIONS', 'MISE_EN_OEUVRE', 'RENOUVELLEMENT'] as const;
export type Phase = (typeof phases)[number];

export const phaseLabels: Record<Phase, string> = {
  DIAGNOSTIC: 'Phase 1 – Diagnostic partagé',
  PLAN_ACTIONS: 'Phase 2 – Stratégie et plan d’actions',
  MISE_EN_OEUVRE: 'Mise en œuvre',
  RENOUVELLEMENT: 'Renouvellement',
};

export const stepKinds = [
  'SEMINAIRE_ELUS',
  'LANCEMENT_PARTENAIRES',
  'ANALYSE_DOCUMENTAIRE',
  'ENTRETIEN_PARTENAIRE',
  'RENCONTRE_THEMATIQUE',
  'CONSULTATION_HABITANTS',
  'FORUM_HABITANTS',
  'RESTITUTION_COTECH',
  'RESTITUTION_COPIL',
  'DEFINITION_AXES',
  'GROUPE_DE_TRAVAIL',
  'REDACTION_CONVENTION',
  'RESTITUTION_FINALE',
  'SIGNATURE',
  'COPIL_ANNUEL',
  'COTECH_ANNUEL',
  'EVALUATION',
] as const;
export type StepKind = (typeof stepKinds)[number];

/** Steps that are work to be done by the coordinator, not meetings people are invited to. */
export const taskKinds: ReadonlySet<StepKind> = new Set(['ANALYSE_DOCUMENTAIRE', 'REDACTION_CONVENTION', 'EVALUATION']);

export const contactRoles = ['ELU', 'PARTENAIRE', 'COPIL', 'COTECH'] as const;
export type ContactRole = (typeof contactRoles)[number];
