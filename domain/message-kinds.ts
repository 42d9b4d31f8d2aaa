// What each message about a step does, in one table: whom it goes to, whether it carries personal links,
// which calendar method goes with it, whether it announces the step (from then on it counts as told), and
// whether it is timely (due at a moment: it must not wait behind a burst of invitations). Pure data: the
// messages activity reads it to send, the workflows to choose the delivery queue.

export type StepMessageKind =
  | 'INVITATION'
  | 'UPDATE'
  | 'CANCELLATION'
  | 'REMINDER'
  | 'FOLLOW_UP'
  | 'SURVEY_OPENING'
  | 'SURVEY_CLOSING_REMINDER'
  | 'SURVEY_CLOSED'
  | 'DATE_TO_SET'
  | 'REGISTRATION_SUMMARY'
  | 'MINUTES_REQUEST'
  | 'STEP_LATE';

/**
 * `audience`: the step's audience now (for an invitation to newcomers, only those not yet told);
 * `audience+registrants`: and those registered who are not in it (members of the public);
 * `announced+registrants`: those it was announced to, and those registered;
 * `attendees`: once the meeting is closed, those recorded present or excused; before closing existed
 *   (runs recorded before), those who held a seat, else those it was announced to;
 * `coordinator`, `coordinator+adviser`: the territory's own people.
 */
export type RecipientRule = 'audience' | 'audience+registrants' | 'announced+registrants' | 'attendees' | 'coordinator' | 'coordinator+adviser';

export interface StepMessageRule {
  recipients: RecipientRule;
  /** Carries each partner's personal page and calendar feed (or a registrant's own page, or the public form). */
  links: boolean;
  calendar: 'REQUEST' | 'CANCEL' | null;
  /** Sending it marks the step as announced (PLANNED → INVITED). */
  announces: boolean;
  /** Due at a moment (a reminder, a change, a cancellation): sent on the timely queue, never behind a burst. */
  timely: boolean;
}

export const stepMessageRules: Record<StepMessageKind, StepMessageRule> = {
  INVITATION: { recipients: 'audience', links: true, calendar: 'REQUEST', announces: true, timely: false },
  UPDATE: { recipients: 'audience+registrants', links: true, calendar: 'REQUEST', announces: true, timely: true },
  CANCELLATION: { recipients: 'announced+registrants', links: false, calendar: 'CANCEL', announces: false, timely: true },
  REMINDER: { recipients: 'audience+registrants', links: true, calendar: null, announces: false, timely: true },
  FOLLOW_UP: { recipients: 'attendees', links: true, calendar: null, announces: false, timely: false },
  SURVEY_OPENING: { recipients: 'audience', links: false, calendar: null, announces: true, timely: false },
  SURVEY_CLOSING_REMINDER: { recipients: 'audience', links: false, calendar: null, announces: false, timely: true },
  SURVEY_CLOSED: { recipients: 'coordinator', links: false, calendar: null, announces: false, timely: false },
  DATE_TO_SET: { recipients: 'coordinator', links: false, calendar: null, announces: false, timely: false },
  REGISTRATION_SUMMARY: { recipients: 'coordinator', links: false, calendar: null, announces: false, timely: true },
  MINUTES_REQUEST: { recipients: 'coordinator', links: false, calendar: null, announces: false, timely: false },
  STEP_LATE: { recipients: 'coordinator+adviser', links: false, calendar: null, announces: false, timely: false },
};

/** Registrations are the truth about who comes: these kinds read them. */
export const readsRegistrations = (kind: StepMessageKind): boolean =>
  ['UPDATE', 'REMINDER', 'CANCELLATION', 'FOLLOW_UP', 'REGISTRATION_SUMMARY', 'MINUTES_REQUEST'].includes(kind);
