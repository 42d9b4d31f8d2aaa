// The view of each message about a step, as its template wants it: built from what the messages activity
// read (the step, its registrants, the next session) for one recipient and their links.
import type { StepMessageKind } from '../domain/message-kinds';
import { describeDocument } from '../templates/documents';
import type { MessageView, Person, RecipientLinks, StepView } from '../templates/messages/types';

export interface StepMessageFacts {
  kind: StepMessageKind;
  step: StepView;
  slot?: string;
  daysBefore?: number;
  previous?: { startsAt: string | null; endsAt: string | null; location: string | null; onlineUrl: string | null };
  cancelReason: string | null;
  dueAt: Date;
  confirmed: Person[];
  waitlisted: Person[];
  /** Those it was announced to (for the coordinator's summaries). */
  announced: Person[];
  invitedCount: number;
  nextSession: StepView | null;
  stepUrl: string;
  processUrl: string;
  /** Where the coordinator closes the held meeting (who came, its documents). */
  closingUrl: string;
  /** A closed meeting's documents, for its follow-up. */
  documents: { id: string; filename: string; mediaType: string; size: number }[];
}

/** `variant`: what sets this recipient's message apart (their recorded attendance, for a follow-up). */
export function stepMessageView(facts: StepMessageFacts, recipient: Person, links: RecipientLinks, variant = ''): MessageView {
  const { step } = facts;
  switch (facts.kind) {
    case 'INVITATION':
      return { kind: 'INVITATION', step, recipient, links };
    case 'UPDATE': {
      const previous = facts.previous;
      return {
        kind: 'UPDATE',
        step,
        recipient,
        links,
        previous: {
          startsAt: previous?.startsAt ? new Date(previous.startsAt) : null,
          endsAt: previous?.endsAt ? new Date(previous.endsAt) : null,
          location: previous?.location ?? null,
          onlineUrl: previous?.onlineUrl ?? null,
        },
      };
    }
    case 'CANCELLATION':
      return { kind: 'CANCELLATION', step, recipient, reason: facts.cancelReason };
    case 'REMINDER':
      return { kind: 'REMINDER', step, recipient, daysBefore: facts.daysBefore ?? 1, links };
    case 'FOLLOW_UP':
      return {
        kind: 'FOLLOW_UP',
        step,
        recipient,
        next: facts.nextSession,
        attendance: variant === 'PRESENT' || variant === 'EXCUSED' ? variant : null,
        documents: facts.documents.map((d) => ({ filename: d.filename, about: describeDocument(d), url: links.documentsUrl ? `${links.documentsUrl}/${d.id}` : null })),
        pageUrl: links.registrationUrl && !links.publicForm ? links.registrationUrl : null,
      };
    case 'SURVEY_OPENING':
      return { kind: 'SURVEY_OPENING', step, recipient };
    case 'SURVEY_CLOSING_REMINDER':
      return { kind: 'SURVEY_CLOSING_REMINDER', step, recipient, daysBefore: facts.daysBefore ?? 1 };
    case 'SURVEY_CLOSED':
      return { kind: 'SURVEY_CLOSED', step, stepUrl: facts.stepUrl };
    case 'DATE_TO_SET': {
      const weeks = Number(/\d+/.exec(facts.slot ?? '')?.[0] ?? 1) - 1;
      return { kind: 'DATE_TO_SET', step, weeksWaiting: weeks, stepUrl: facts.stepUrl };
    }
    case 'REGISTRATION_SUMMARY':
      return { kind: 'REGISTRATION_SUMMARY', step, registrants: facts.confirmed, waitlisted: facts.waitlisted, invitedCount: facts.invitedCount, stepUrl: facts.stepUrl };
    case 'MINUTES_REQUEST':
      return { kind: 'MINUTES_REQUEST', step, participants: facts.confirmed.length > 0 ? facts.confirmed : facts.announced, stepUrl: facts.closingUrl };
    case 'STEP_LATE':
      return { kind: 'STEP_LATE', step, dueAt: facts.dueAt, processUrl: facts.processUrl };
  }
}
