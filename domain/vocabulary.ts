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

/** A process's names for its phases: its own where it gave them, the standard ones otherwise. */
export function phaseLabelsOf(own: unknown): Record<Phase, string> {
  const labels = { ...phaseLabels };
  if (own && typeof own === 'object') {
    for (const phase of phases) {
      const label = (own as Record<string, unknown>)[phase];
      if (typeof label === 'string' && label.trim()) labels[phase] = label.trim();
    }
  }
  return labels;
}

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

/**
 * What the workflows run, whatever the step is called: a meeting by invitation, a meeting open to the
 * public (registration by a form), a campaign of one-to-one interviews (each invitee books one of the
 * proposed time slots), a survey window (partners relay it), a task or deliverable (waits to be marked
 * done, late past its due date), a milestone (a decision or a signature: a date and a done, no
 * invitations), an issue of the territory's newsletter (drafted a week before its date, done once the
 * coordinator sends it). The title and description people read are the step's own.
 */
export const stepBehaviours = ['MEETING', 'PUBLIC_MEETING', 'INTERVIEWS', 'SURVEY', 'TASK', 'MILESTONE', 'NEWSLETTER'] as const;
export type StepBehaviour = (typeof stepBehaviours)[number];

export const stepBehaviourLabels: Record<StepBehaviour, string> = {
  MEETING: 'Rencontre sur invitation',
  PUBLIC_MEETING: 'Rencontre ouverte au public',
  INTERVIEWS: 'Campagne d’entretiens individuels (créneaux à réserver)',
  SURVEY: 'Enquête (période de réponse)',
  TASK: 'Tâche ou livrable',
  MILESTONE: 'Jalon (décision, signature)',
  NEWSLETTER: 'Lettre d’information (brouillon une semaine avant, envoi après relecture)',
};

/** The behaviour of a step of the standard plan's kinds (steps stored before behaviours existed carry only these). */
export const behaviourOfKind: Record<StepKind, StepBehaviour> = {
  SEMINAIRE_ELUS: 'MEETING',
  LANCEMENT_PARTENAIRES: 'MEETING',
  ANALYSE_DOCUMENTAIRE: 'TASK',
  ENTRETIEN_PARTENAIRE: 'MEETING',
  RENCONTRE_THEMATIQUE: 'MEETING',
  CONSULTATION_HABITANTS: 'SURVEY',
  FORUM_HABITANTS: 'PUBLIC_MEETING',
  RESTITUTION_COTECH: 'MEETING',
  RESTITUTION_COPIL: 'MEETING',
  DEFINITION_AXES: 'MEETING',
  GROUPE_DE_TRAVAIL: 'MEETING',
  REDACTION_CONVENTION: 'TASK',
  RESTITUTION_FINALE: 'MEETING',
  SIGNATURE: 'MEETING',
  COPIL_ANNUEL: 'MEETING',
  COTECH_ANNUEL: 'MEETING',
  EVALUATION: 'TASK',
};

/** A step's behaviour: its own, or (recorded workflow inputs, older rows) the one of its standard kind. */
export function behaviourOf(step: { behaviour?: StepBehaviour | string | null; kind?: string | null }): StepBehaviour {
  if (step.behaviour && (stepBehaviours as readonly string[]).includes(step.behaviour)) return step.behaviour as StepBehaviour;
  return (step.kind && behaviourOfKind[step.kind as StepKind]) || 'MEETING';
}

/** Work with a due date rather than a meeting: nobody is invited, it waits to be marked done. */
export const isWorkItem = (behaviour: StepBehaviour): boolean => behaviour === 'TASK' || behaviour === 'MILESTONE' || behaviour === 'NEWSLETTER';
/** Days before its date when a newsletter step's issue is drafted for the coordinator to read. */
export const NEWSLETTER_DRAFT_DAYS = 7;
/** People are invited and may register. */
export const isMeeting = (behaviour: StepBehaviour): boolean => behaviour === 'MEETING' || behaviour === 'PUBLIC_MEETING';

export const contactRoles = ['ELU', 'PARTENAIRE', 'COPIL', 'COTECH'] as const;
export type ContactRole = (typeof contactRoles)[number];

/** The reasons the service itself gives when it cancels a step (not a coordinator's decision to drop it). */
export const automaticCancellationReasons = { phaseClosed: 'Phase close', periodEnded: 'Fin de la période de la convention' } as const;
