import { composeMail, createMailer, idempotencyKeyOf, mailbox, messageIdOf } from '../../infra/mail';
import { invitationCalendar } from '../../templates/calendar';
import { renderMessage } from '../../templates/messages';

const view = {
  territory: { name: 'Communauté de Communes Larzac & Vallées', timezone: 'Europe/Paris' },
  coordinator: { name: 'Edwige Delcros', email: 'delcros.e@cclarzac.example.org' },
  step: {
    kind: 'RENCONTRE_THEMATIQUE' as const,
    title: 'Rencontre thématique <petite enfance>',
    startsAt: new Date('2021-01-14T08:30:00Z'),
    endsAt: new Date('2021-01-14T11:30:00Z'),
    location: 'Salle "La Cazotte", Nant',
    onlineUrl: null,
  },
  recipient: { fullName: 'Anne Carrière' },
};

describe('message identity', () => {
  it('derives the same key and Message-ID for the same business message, whatever the case of the address', () => {
    const key = idempotencyKeyOf({ kind: 'INVITATION', stepId: 's1', recipient: 'Anne@Example.org', sequence: 0 });
    expect(key).toBe('INVITATION:s1:anne@example.org:0');
    expect(messageIdOf(key, 'CTG <ctg@ctg.example.org>')).toBe(messageIdOf(key, 'ctg@ctg.example.org'));
    expect(messageIdOf(key, 'ctg@ctg.example.org')).toMatch(/^<ctg\.[0-9a-f]{40}@ctg\.example\.org>$/);
    const rescheduled = idempotencyKeyOf({ kind: 'INVITATION', stepId: 's1', recipient: 'anne@example.org', sequence: 1 });
    expect(messageIdOf(rescheduled, 'ctg@ctg.example.org')).not.toBe(messageIdOf(key, 'ctg@ctg.example.org'));
  });
});

describe('composed invitation', () => {
  it('is one MIME message whose calendar part carries the same method as the calendar body', async () => {
    const calendar = invitationCalendar(
      { uid: 'u-1@ctg.example.org', sequence: 2, summary: view.step.title, description: 'd', start: view.step.startsAt, end: view.step.endsAt!, organizer: view.coordinator },
      { name: 'Anne Carrière', email: 'anne@example.org' },
      new Date('2020-12-20T10:00:00Z'),
    );
    expect(calendar).toContain('METHOD:REQUEST');
    expect(calendar).toContain('SEQUENCE:2');
    expect(calendar).toContain('DTSTART:20210114T083000Z');
    const raw = (
      await composeMail({
        from: 'CTG <ctg@ctg.example.org>',
        to: 'anne@example.org',
        messageId: '<m1@ctg.example.org>',
        ...renderMessage(
          { territory: view.territory, coordinator: view.coordinator, cafAdviser: null, cafName: 'Caf de l’Aveyron', period: { start: 2021, end: 2025 } },
          {
            kind: 'INVITATION',
            step: { ...view.step, key: 'rencontre-1', behaviour: 'MEETING', description: null, phase: 'DIAGNOSTIC', capacity: null, session: null },
            recipient: { fullName: 'Anne Carrière', email: 'anne@example.org' },
            links: { registrationUrl: null, calendarFeedUrl: null },
          },
        ),
        calendar: { method: 'REQUEST', content: calendar, filename: 'invitation.ics' },
      })
    ).toString('utf8');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(raw).toMatch(/Content-Type: application\/ics; name=invitation\.ics/);
    expect(raw).toContain('Message-ID: <m1@ctg.example.org>');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('captures instead of sending when no SMTP server is configured', async () => {
    const mailer = createMailer({ SMTP_URL: undefined });
    expect(mailer.mode).toBe('capture');
    await expect(mailer.deliver(Buffer.from('x'), { from: 'a@b.c', to: 'd@e.f' }, '<x@b.c>')).resolves.toEqual({
      response: 'capturé : aucun serveur SMTP configuré (SMTP_URL)',
    });
  });
});

describe('a name that looks like an address', () => {
  it('stays a name: the To and Reply-To shown are the real addresses', async () => {
    const raw = (
      await composeMail({
        from: 'CTG <ctg@example.org>',
        to: mailbox('Jean <pirate@evil.example> Dupont', 'jean@real.example'),
        replyTo: mailbox('Coordination "CTG" <faux@evil.example>', 'coord@real.example'),
        subject: 'Invitation',
        text: 'Bonjour',
        html: '<p>Bonjour</p>',
        messageId: '<test@example.org>',
      })
    ).toString();
    const header = (name: string) => raw.split('\r\n').find((line) => line.startsWith(`${name}: `))!;
    expect(header('To')).toMatch(/<jean@real\.example>$/);
    expect(header('Reply-To')).toMatch(/<coord@real\.example>$/);
    expect(raw).not.toMatch(/^(To|Reply-To): .*<(pirate|faux)@evil\.example>$/m);
  });
});
