// Rendered once per kind of recipient, personalised per recipient: every partner of an invitation shares
// one template (name, address and link token as placeholders), filled by the outbox as it builds each
// message. Someone whose name cannot stand in a shared template (see fitsSharedTemplate) gets their own.
import type { LinkRef } from '../infra/auth/personal-links';
import { EMAIL_PLACEHOLDER, fitsSharedTemplate, NAME_PLACEHOLDER, TOKEN_PLACEHOLDER, type EmailDraft, type MessageKey, type OutboxMessage, type PersonalPart } from '../infra/mail';

export interface Addressee {
  fullName: string;
  email: string;
  contactId: string | null;
}

/** Renders the email for a person (name and address), their personal link and its token (null: none), and its variant. */
export type RenderFor = (person: { fullName: string; email: string }, link: LinkRef | null, token: string | null, variant: string) => EmailDraft;

export function personalMessages(render: RenderFor) {
  const shared = new Map<string, EmailDraft>();

  /** `variant` tells apart recipients whose message differs beyond their fields (their own interview). */
  function templateFor(addressee: Addressee, link: LinkRef | null, variant: string): EmailDraft {
    const token = link ? TOKEN_PLACEHOLDER : null;
    if (!fitsSharedTemplate({ name: addressee.fullName, email: addressee.email })) return render(addressee, link, token, variant);
    const key = `${link?.kind ?? 'none'}|${variant}`;
    let template = shared.get(key);
    if (!template) {
      template = render({ fullName: NAME_PLACEHOLDER, email: EMAIL_PLACEHOLDER }, link, token, variant);
      shared.set(key, template);
    }
    return template;
  }

  return (
    addressee: Addressee,
    delivery: { key: MessageKey; processId: string | null },
    link: LinkRef | null,
    variant = '',
  ): OutboxMessage => {
    const personal: PersonalPart = { name: addressee.fullName, email: addressee.email, link };
    return { ...delivery, contactId: addressee.contactId, template: templateFor(addressee, link, variant), personal };
  };
}
