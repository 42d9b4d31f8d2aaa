// What each message of the lifecycle needs to be written. Activities build these views from the
// database; templates/messages turns each into a French email (subject, plain text, HTML).
import type { Phase, StepBehaviour } from '../../domain/plan';

export interface Person {
  fullName: string;
  email: string;
  organisation?: string | null;
}

/** Someone people can write to, with their function as they write it (« Chargée de coopération CTG »). */
export interface NamedContact {
  name: string;
  email: string;
  function?: string | null;
}

export interface MessageContext {
  /** `article`: how the name reads in a sentence (« la », « le », « les », « l’ », "" for none); null: guessed. */
  territory: { name: string; timezone: string; article?: string | null };
  coordinator: NamedContact;
  /** The Caf's territorial adviser, when known. */
  cafAdviser: NamedContact | null;
  cafName: string;
  /** Period of the convention being built or run, e.g. 2023–2026. */
  period: { start: number; end: number };
  /** The process's names for its phases (its own, else the standard ones). */
  phaseLabels?: Record<Phase, string>;
  /** « Vos contacts » as the coordinator chose them for this process (a co-coordinator, a consultancy…); absent: the coordinator and the Caf adviser. */
  contacts?: { name: string; function: string | null; organisation: string | null; email: string; phone: string | null }[];
}

export interface StepView {
  key: string;
  behaviour: StepBehaviour;
  phase: Phase;
  title: string;
  /** The step's own words (purpose, agenda, what to bring); null when it has none. */
  description: string | null;
  /** Instants (UTC); null while the date is « à fixer ». For a survey window: opening and closing. */
  startsAt: Date | null;
  endsAt: Date | null;
  /** While its day is unknown: the month (« 2027-04 ») or span of months it is planned for. */
  month?: string | null;
  untilMonth?: string | null;
  location: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  /** For a meeting held in several sessions: 1 or 2; null otherwise. */
  session: 1 | 2 | null;
}

/** One interview's time. */
export interface InterviewTime {
  startsAt: Date;
  endsAt: Date;
}

/** A step of the plan as another message mentions it (what comes next). */
export type StepMention = Pick<StepView, 'title' | 'startsAt' | 'endsAt' | 'session' | 'month' | 'untilMonth'>;

/** Links a recipient needs; absent until registration pages exist (personal link, no account). */
export interface RecipientLinks {
  registrationUrl: string | null;
  calendarFeedUrl: string | null;
  /** The registration link is a meeting's public form (open to anyone), not the person's own page. */
  publicForm?: boolean;
  /** Where their own link opens a meeting's documents (`<documentsUrl>/<id>`): a partner's page or a registrant's. */
  documentsUrl?: string | null;
}

/** A held meeting's document, as an email or page links it. */
export interface DocumentMention {
  filename: string;
  /** « PDF, 1,2 Mo » */
  about: string;
  url: string | null;
}

export type MessageView =
  // to partners (or the public), about one step
  | { kind: 'INVITATION'; step: StepView; recipient: Person; links: RecipientLinks }
  | { kind: 'UPDATE'; step: StepView; previous: Pick<StepView, 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>; recipient: Person; links: RecipientLinks }
  | { kind: 'CANCELLATION'; step: StepView; recipient: Person; reason: string | null }
  | { kind: 'REMINDER'; step: StepView; recipient: Person; daysBefore: number; links: RecipientLinks }
  /**
   * `next`: the meeting's next session, when the plan has one (« inviteesOf » this step). `attendance`:
   * what the coordinator recorded for them when closing the meeting (null: sent at the meeting's end by
   * runs recorded before closing existed, to those registered); `documents`: those filed by then.
   */
  | { kind: 'FOLLOW_UP'; step: StepView; recipient: Person; next: StepMention | null; attendance: 'PRESENT' | 'EXCUSED' | null; documents: DocumentMention[]; pageUrl: string | null }
  | { kind: 'SURVEY_OPENING'; step: StepView; recipient: Person }
  | { kind: 'SURVEY_CLOSING_REMINDER'; step: StepView; recipient: Person; daysBefore: number }
  /** The public form's double opt-in: `links.registrationUrl` confirms; `holdMinutes`: a seat held meanwhile (null: full, waiting list). */
  | { kind: 'REGISTRATION_TO_CONFIRM'; step: StepView; recipient: Person; holdMinutes: number | null; links: RecipientLinks }
  | { kind: 'REGISTRATION_CONFIRMED'; step: StepView; recipient: Person; links: RecipientLinks }
  | { kind: 'WAITLISTED'; step: StepView; recipient: Person; position: number; links: RecipientLinks }
  | { kind: 'PROMOTED_FROM_WAITLIST'; step: StepView; recipient: Person; links: RecipientLinks }
  /**
   * A registration given back (by the person or by the coordinator). `heldSeat`: they held a seat, so the
   * meeting was in their calendar and a CANCEL comes with the email; `links.registrationUrl`: where to
   * register again (their personal page or the forum's form), else they write to the coordinator.
   */
  | { kind: 'REGISTRATION_CANCELLED'; step: StepView; recipient: Person; heldSeat: boolean; links: RecipientLinks }
  // to partners, about an interview campaign (the step's dates: its first slot's start, its last slot's end)
  /** `freeSlots`: slots still free when written; `links.registrationUrl`: their page, where they book. */
  | { kind: 'INTERVIEW_INVITATION'; step: StepView; recipient: Person; freeSlots: number; links: RecipientLinks }
  | { kind: 'INTERVIEW_REMINDER'; step: StepView; recipient: Person; freeSlots: number; daysBefore: number; links: RecipientLinks }
  /** Their interview (booked, or moved from `previous`): `slot` is its time, with the .ics. */
  | { kind: 'INTERVIEW_BOOKED'; step: StepView; slot: InterviewTime; previous: InterviewTime | null; recipient: Person; links: RecipientLinks }
  | { kind: 'INTERVIEW_RELEASED'; step: StepView; slot: InterviewTime; recipient: Person; links: RecipientLinks }
  /** The campaign's place, link or title changed: to those who booked, about their interview. */
  | { kind: 'INTERVIEW_UPDATED'; step: StepView; slot: InterviewTime; previous: Pick<StepView, 'location' | 'onlineUrl'>; recipient: Person; links: RecipientLinks }
  /** The campaign is cancelled: `slot` is the interview they had booked, if any (a CANCEL comes with it). */
  | { kind: 'INTERVIEW_CAMPAIGN_CANCELLED'; step: StepView; slot: InterviewTime | null; recipient: Person; reason: string | null }
  // to the coordinator
  | { kind: 'DATE_TO_SET'; step: StepView; weeksWaiting: number; stepUrl: string }
  /** A Caf adviser's week across their territories. */
  | { kind: 'ADVISER_DIGEST'; cafName: string; data: AdviserDigestView; portfolioUrl: string; accountUrl: string }
  /** A newsletter issue drafted from the process's state (a phase began): to read, complete and send. */
  | { kind: 'NEWSLETTER_DRAFT'; issueName: string; reason: string; editUrl: string }
  | { kind: 'REGISTRATION_SUMMARY'; step: StepView; registrants: Person[]; waitlisted: Person[]; invitedCount: number; stepUrl: string }
  | { kind: 'CAPACITY_REACHED'; step: StepView; registered: number; threshold: 80 | 100; stepUrl: string }
  | { kind: 'MINUTES_REQUEST'; step: StepView; participants: Person[]; stepUrl: string }
  | { kind: 'SURVEY_CLOSED'; step: StepView; stepUrl: string }
  | { kind: 'RENEWAL_STARTED'; nextPeriod: { start: number; end: number }; processUrl: string }
  // to the coordinator and the Caf adviser
  | { kind: 'STEP_LATE'; step: StepView; dueAt: Date; processUrl: string }
  /** `programme`: the steps this plan has in the new phase, in their order. */
  | { kind: 'PHASE_CHANGED'; from: Phase; to: Phase; programme: StepMention[]; processUrl: string };

export type MessageKind = MessageView['kind'];

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export interface AdviserDigestView {
  phaseChanges: { territory: string; from: string; to: string }[];
  lateSteps: { territory: string; title: string; dueAt: Date | null }[];
  meetings: { territory: string; title: string; startsAt: Date; confirmed: number; capacity: number | null }[];
  renewalsDue: { territory: string; endsAt: Date }[];
}
