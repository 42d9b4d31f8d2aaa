// What each message of the lifecycle needs to be written. Activities build these views from the
// database; templates/messages turns each into a French email (subject, plain text, HTML).
import type { Phase, StepKind } from '../../domain/plan';

export interface Person {
  fullName: string;
  email: string;
  organisation?: string | null;
}

export interface MessageContext {
  territory: { name: string; timezone: string };
  coordinator: { name: string; email: string };
  /** The Caf's territorial adviser, when known. */
  cafAdviser: { name: string; email: string } | null;
  cafName: string;
  /** Period of the convention being built or run, e.g. 2023–2026. */
  period: { start: number; end: number };
}

export interface StepView {
  key: string;
  kind: StepKind;
  phase: Phase;
  title: string;
  /** Instants (UTC); null while the date is « à fixer ». For a survey window: opening and closing. */
  startsAt: Date | null;
  endsAt: Date | null;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  /** For a working group: 1 or 2; null otherwise. */
  session: 1 | 2 | null;
}

/** Links a recipient needs; absent until registration pages exist (personal link, no account). */
export interface RecipientLinks {
  registrationUrl: string | null;
  calendarFeedUrl: string | null;
}

export type MessageView =
  // to partners (or the public), about one step
  | { kind: 'INVITATION'; step: StepView; recipient: Person; links: RecipientLinks }
  | { kind: 'UPDATE'; step: StepView; previous: Pick<StepView, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>; recipient: Person; links: RecipientLinks }
  | { kind: 'CANCELLATION'; step: StepView; recipient: Person; reason: string | null }
  | { kind: 'REMINDER'; step: StepView; recipient: Person; daysBefore: number; links: RecipientLinks }
  | { kind: 'FOLLOW_UP'; step: StepView; recipient: Person }
  | { kind: 'SURVEY_OPENING'; step: StepView; recipient: Person }
  | { kind: 'SURVEY_CLOSING_REMINDER'; step: StepView; recipient: Person; daysBefore: number }
  | { kind: 'REGISTRATION_CONFIRMED'; step: StepView; recipient: Person; links: RecipientLinks }
  | { kind: 'WAITLISTED'; step: StepView; recipient: Person; position: number; links: RecipientLinks }
  | { kind: 'PROMOTED_FROM_WAITLIST'; step: StepView; recipient: Person; links: RecipientLinks }
  /**
   * A registration given back (by the person or by the coordinator). `heldSeat`: they held a seat, so the
   * meeting was in their calendar and a CANCEL comes with the email; `links.registrationUrl`: where to
   * register again (their personal page or the forum's form), else they write to the coordinator.
   */
  | { kind: 'REGISTRATION_CANCELLED'; step: StepView; recipient: Person; heldSeat: boolean; links: RecipientLinks }
  // to the coordinator
  | { kind: 'DATE_TO_SET'; step: StepView; weeksWaiting: number; stepUrl: string }
  | { kind: 'REGISTRATION_SUMMARY'; step: StepView; registrants: Person[]; waitlisted: Person[]; invitedCount: number; stepUrl: string }
  | { kind: 'CAPACITY_REACHED'; step: StepView; registered: number; threshold: 80 | 100; stepUrl: string }
  | { kind: 'MINUTES_REQUEST'; step: StepView; participants: Person[]; stepUrl: string }
  | { kind: 'SURVEY_CLOSED'; step: StepView; stepUrl: string }
  | { kind: 'RENEWAL_STARTED'; nextPeriod: { start: number; end: number }; processUrl: string }
  // to the coordinator and the Caf adviser
  | { kind: 'STEP_LATE'; step: StepView; dueAt: Date; processUrl: string }
  | { kind: 'PHASE_CHANGED'; from: Phase; to: Phase; processUrl: string };

export type MessageKind = MessageView['kind'];

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}
