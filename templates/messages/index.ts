// One entry point for every message of the lifecycle: a view in, a French email (subject, text, HTML) out.
import { renderPhaseChanged, renderStepLate } from './adviser';
import { renderAdviserDigest } from './adviser-digest';
import {
  renderCapacityReached,
  renderDateToSet,
  renderNewsletterDraft,
  renderMinutesRequest,
  renderRegistrationSummary,
  renderRenewalStarted,
  renderSurveyClosed,
} from './coordinator';
import {
  renderInterviewBooked,
  renderInterviewCampaignCancelled,
  renderInterviewInvitation,
  renderInterviewReleased,
  renderInterviewReminder,
  renderInterviewUpdated,
} from './interview';
import { renderCancellation, renderFollowUp, renderInvitation, renderReminder, renderUpdate } from './meeting';
import { renderPromotedFromWaitlist, renderRegistrationCancelled, renderRegistrationConfirmed, renderRegistrationToConfirm, renderWaitlisted } from './registration';
import { renderSurveyClosingReminder, renderSurveyOpening } from './survey';
import type { MessageContext, MessageView, RenderedMessage } from './types';

export type { MessageContext, MessageKind, MessageView, RenderedMessage } from './types';
export { calendarDescription, unregisteredCalendarDescription } from './calendar-description';

export function renderMessage(context: MessageContext, view: MessageView): RenderedMessage {
  switch (view.kind) {
    case 'INVITATION':
      return renderInvitation(context, view);
    case 'UPDATE':
      return renderUpdate(context, view);
    case 'CANCELLATION':
      return renderCancellation(context, view);
    case 'REMINDER':
      return renderReminder(context, view);
    case 'FOLLOW_UP':
      return renderFollowUp(context, view);
    case 'SURVEY_OPENING':
      return renderSurveyOpening(context, view);
    case 'SURVEY_CLOSING_REMINDER':
      return renderSurveyClosingReminder(context, view);
    case 'REGISTRATION_TO_CONFIRM':
      return renderRegistrationToConfirm(context, view);
    case 'REGISTRATION_CONFIRMED':
      return renderRegistrationConfirmed(context, view);
    case 'WAITLISTED':
      return renderWaitlisted(context, view);
    case 'PROMOTED_FROM_WAITLIST':
      return renderPromotedFromWaitlist(context, view);
    case 'REGISTRATION_CANCELLED':
      return renderRegistrationCancelled(context, view);
    case 'INTERVIEW_INVITATION':
      return renderInterviewInvitation(context, view);
    case 'INTERVIEW_REMINDER':
      return renderInterviewReminder(context, view);
    case 'INTERVIEW_BOOKED':
      return renderInterviewBooked(context, view);
    case 'INTERVIEW_RELEASED':
      return renderInterviewReleased(context, view);
    case 'INTERVIEW_UPDATED':
      return renderInterviewUpdated(context, view);
    case 'INTERVIEW_CAMPAIGN_CANCELLED':
      return renderInterviewCampaignCancelled(context, view);
    case 'DATE_TO_SET':
      return renderDateToSet(context, view);
    case 'NEWSLETTER_DRAFT':
      return renderNewsletterDraft(context, view);
    case 'REGISTRATION_SUMMARY':
      return renderRegistrationSummary(context, view);
    case 'CAPACITY_REACHED':
      return renderCapacityReached(context, view);
    case 'MINUTES_REQUEST':
      return renderMinutesRequest(context, view);
    case 'SURVEY_CLOSED':
      return renderSurveyClosed(context, view);
    case 'RENEWAL_STARTED':
      return renderRenewalStarted(context, view);
    case 'STEP_LATE':
      return renderStepLate(context, view);
    case 'PHASE_CHANGED':
      return renderPhaseChanged(context, view);
    case 'ADVISER_DIGEST':
      return renderAdviserDigest(context, view);
    default:
      return unknownKind(view);
  }
}

// A new kind added to MessageView without a renderer fails to compile here.
function unknownKind(view: never): never {
  throw new Error(`no renderer for message kind ${(view as { kind?: string }).kind}`);
}
