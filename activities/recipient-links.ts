// The links a message gives its recipient, from their personal link's token (or the placeholder a shared
// template carries): a partner's page and calendar feed, a member of the public's registration page, or
// a public meeting's form (their URLs: domain/urls.ts).
import { paths } from '../domain/urls';
import type { LinkRef } from '../infra/auth/personal-links';
import type { RecipientLinks } from '../templates/messages/types';

export const partnerPageUrl = (base: string, token: string) => `${base}${paths.partnerPage(token)}`;
export const registrationPageUrl = (base: string, token: string) => `${base}${paths.registrationPage(token)}`;
export const publicFormUrl = (base: string, stepId: string) => `${base}${paths.publicForm(stepId)}`;

export interface LinkPlace {
  base: string;
  stepId: string;
  /** A public meeting: « S’inscrire » opens its form, open to anyone. */
  isPublic: boolean;
}

/** A meeting's links for a recipient: where they register (or manage their registration) and their calendar feed. */
export function meetingLinks(link: LinkRef | null, token: string | null, place: LinkPlace): RecipientLinks {
  if (link?.kind === 'REGISTRATION' && token) {
    return { registrationUrl: registrationPageUrl(place.base, token), calendarFeedUrl: null, documentsUrl: `${place.base}${paths.registrationDocuments(token)}` };
  }
  const partner = link?.kind === 'PARTNER' && token ? token : null;
  return {
    registrationUrl: place.isPublic ? publicFormUrl(place.base, place.stepId) : partner && partnerPageUrl(place.base, partner),
    calendarFeedUrl: partner && `${place.base}${paths.partnerFeed(partner)}`,
    documentsUrl: partner && `${place.base}${paths.partnerDocuments(partner)}`,
    ...(place.isPublic ? { publicForm: true } : {}),
  };
}

export const noLinks: RecipientLinks = { registrationUrl: null, calendarFeedUrl: null };
