// Render once, personalise per recipient: the message a partner receives must be the one rendering it for
// them alone gives. Both are built for many names (ampersands, angle brackets, quotes, accents, emoji,
// semicolons, names long enough to fold the calendar's lines) and parsed with a MIME parser: subject,
// addresses, text, HTML and both calendar parts must be equal, the .ics to the character.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import * as nodeIcal from 'node-ical';
import { derivePartnerToken } from '../../infra/auth/personal-links';
import {
  composeMail,
  EMAIL_PLACEHOLDER,
  fillTemplate,
  fitsSharedTemplate,
  foldCalendarLine,
  mailbox,
  NAME_PLACEHOLDER,
  TOKEN_PLACEHOLDER,
  type EmailDraft,
} from '../../infra/mail';
import { foldLines } from 'ical-generator';
import { meetingEmail } from '../../templates/messages/meeting-email';
import type { MessageContext, MessageView, RecipientLinks, StepView } from '../../templates/messages/types';

const context: MessageContext = {
  territory: { name: 'Communauté de Communes Larzac & Vallées', timezone: 'Europe/Paris' },
  coordinator: { name: 'Edwige « Delcros »', email: 'delcros.e@cclarzac.example.org' },
  cafAdviser: { name: 'Hélène Ricard', email: 'helene.ricard@caf12.example.org' },
  cafName: 'Caf de l’Aveyron',
  period: { start: 2026, end: 2030 },
};
const step: StepView = {
  key: 'gt-petite-enfance-1',
  behaviour: 'MEETING',
  phase: 'PLAN_ACTIONS',
  title: 'Groupe de travail <Petite enfance> & familles — séance n°1 🎈',
  description: 'Apporter vos chiffres ; les vôtres, « pas ceux de 2019 ».',
  startsAt: new Date('2026-03-30T07:30:00Z'),
  endsAt: new Date('2026-03-30T10:30:00Z'),
  location: 'Salle "La Cazotte" & <Nant>',
  onlineUrl: null,
  capacity: 20,
  session: 1,
};
const BASE = 'https://ctg.example.org';
const secret = 'un secret de test assez long pour le HMAC, 32+';
const stamp = new Date('2026-03-01T09:00:00Z');

const names = [
  'Anne Carrière',
  'Jean-Pierre & Fils <SARL>',
  'Marie "la Grande" Dupont',
  'O’Brien, Siobhán; Déléguée',
  'Zoë 🎉 Ñúñez — 日本語の名前',
  'Élodie Back\\slash',
  'Un nom très long qui dépasse largement soixante-quinze octets une fois encodé en UTF-8 éééééééééé',
  'A',
  "L'Association des Parents d'Élèves",
];

type Kind = 'INVITATION' | 'UPDATE' | 'REMINDER' | 'CANCELLATION';

function render(kind: Kind, person: { fullName: string; email: string }, links: RecipientLinks): EmailDraft {
  const recipient = { ...person, organisation: null };
  const view: MessageView =
    kind === 'INVITATION'
      ? { kind, step, recipient, links }
      : kind === 'UPDATE'
        ? { kind, step, recipient, links, previous: { startsAt: new Date('2026-03-23T07:30:00Z'), endsAt: null, location: 'Mairie', onlineUrl: null } }
        : kind === 'REMINDER'
          ? { kind, step, recipient, links, daysBefore: 7 }
          : { kind, step, recipient, reason: 'Salle indisponible ; report à venir' };
  const method = kind === 'CANCELLATION' ? 'CANCEL' : kind === 'REMINDER' ? null : 'REQUEST';
  return meetingEmail({
    context,
    view,
    from: 'Coordination CTG <ctg@ctg.example.org>',
    to: mailbox(person.fullName, person.email),
    replyTo: mailbox(context.coordinator.name, context.coordinator.email),
    calendar: method ? { step: { ...step, startsAt: step.startsAt! }, uid: 'uid-1@ctg', sequence: 2, method, links, stamp } : null,
  });
}

const partnerLinks = (token: string): RecipientLinks => ({ registrationUrl: `${BASE}/p/${token}`, calendarFeedUrl: `${BASE}/p/${token}/calendar.ics` });

/** What the service sent before templates: rendered for the person, composed by nodemailer's MailComposer. */
const directly = (draft: EmailDraft, messageId: string) =>
  new MailComposer({ ...draft, messageId, icalEvent: draft.calendar }).compile().build();

function summary(mail: ParsedMail) {
  const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => [v.name, v.address]));
  return {
    subject: mail.subject,
    from: addresses(mail.from),
    to: addresses(mail.to),
    replyTo: addresses(mail.replyTo),
    messageId: mail.messageId,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({ type: a.contentType, filename: a.filename, content: a.content.toString('utf8') })),
  };
}

describe('render once, personalise per recipient', () => {
  it.each<Kind>(['INVITATION', 'UPDATE', 'REMINDER', 'CANCELLATION'])('gives every recipient of a %s the message rendered for them alone', async (kind) => {
    const template = render(kind, { fullName: NAME_PLACEHOLDER, email: EMAIL_PLACEHOLDER }, partnerLinks(TOKEN_PLACEHOLDER));
    let shared = 0;
    for (const [i, fullName] of names.entries()) {
      const email = `partenaire.${i}@example.org`;
      const token = derivePartnerToken(secret, `contact-${i}`, 0);
      const fields = { name: fullName, email, token };
      const own = render(kind, { fullName, email }, partnerLinks(token));
      // Those who cannot share it get their own template: their copy must be right all the same.
      const from = fitsSharedTemplate(fields) ? template : render(kind, { fullName, email }, partnerLinks(TOKEN_PLACEHOLDER));
      if (from === template) shared += 1;
      const filled = fillTemplate(from, fields);
      if (own.calendar) expect(filled.calendar!.content).toBe(own.calendar.content);
      const messageId = `<ctg.${i}@ctg.example.org>`;
      const [ours, theirs] = await Promise.all([simpleParser(composeMail({ ...filled, messageId }, stamp)), simpleParser(await directly(own, messageId))]);
      expect(summary(ours)).toEqual(summary(theirs));
      expect(summary(ours).to).toEqual([[fullName, email]]);
      if (own.calendar) {
        const event = Object.values(nodeIcal.sync.parseICS(summary(ours).attachments.at(-1)!.content)).find((c) => c?.type === 'VEVENT') as nodeIcal.VEvent;
        expect(JSON.stringify(event.attendee)).toContain(email);
      }
    }
    expect(shared).toBeGreaterThanOrEqual(names.length - 1);
  });

  it('folds iCalendar lines exactly as ical-generator does', () => {
    const lines = ['ATTENDEE;CN="Zoë 🎉 Ñúñez — 日本語の名前 et encore du texte pour plier":MAILTO:a@b.c', 'X'.repeat(200), 'é'.repeat(80), `DESCRIPTION:${'🎉'.repeat(30)}`, '\ud83d lone'];
    for (const line of lines) expect(foldCalendarLine(line)).toBe(foldLines(line));
  });
});
