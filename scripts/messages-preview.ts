// `npm run messages:preview -- DIR`: writes one .eml per message kind (and an Info flash, its page and a
// calendar feed) for the Lévezou demo territory, so a person can open them in a mail client. The
// invitation, its reschedule and its cancellation carry .ics files with one UID and a rising SEQUENCE.
// The parts: messages-preview/demo.ts (the territory and its people), samples.ts, info-flash.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../domain/urls';
import { composeMail, mailbox } from '../infra/mail';
import { feedCalendar } from '../templates/calendar';
import { renderInfoFlashEmail, renderInfoFlashPage } from '../templates/info-flash';
import { calendarDescription } from '../templates/messages';
import type { AssembledEmail } from '../templates/messages/meeting-email';
import { BASE, CLAIRE_TOKEN, claire, context, links, MAIL_FROM, now, planSteps, zone } from './messages-preview/demo';
import { infoFlash } from './messages-preview/info-flash';
import { emailFor, samples } from './messages-preview/samples';

async function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), 'ctg-messages-preview'));
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    written.push(file);
  };
  // Composed as the outbox composes every message it sends (infra/mail/mime.ts).
  const eml = (name: string, email: AssembledEmail) => write(name, composeMail({ ...email, messageId: `<preview.${name.replace(/\.eml$/, '')}@ctg.example.org>` }, now));

  for (const [index, sample] of samples.entries()) {
    await eml(`${String(index + 1).padStart(2, '0')}-${sample.view.kind.toLowerCase().replace(/_/g, '-')}.eml`, emailFor(sample));
  }
  const flash = infoFlash();
  await eml(`${String(samples.length + 1).padStart(2, '0')}-info-flash.eml`, {
    from: MAIL_FROM,
    to: mailbox(claire.fullName, claire.email),
    replyTo: mailbox(context.coordinator.name, context.coordinator.email),
    // As Claire gets it: her own page, calendar and one-click unsubscribe (the archive page has none).
    ...renderInfoFlashEmail(context, { ...flash, links: { pageUrl: `${BASE}${paths.partnerPage(CLAIRE_TOKEN)}`, calendarFeedUrl: `${BASE}${paths.partnerFeed(CLAIRE_TOKEN)}`, unsubscribeUrl: `${BASE}${paths.newsletterUnsubscribe(CLAIRE_TOKEN)}` } }),
  });
  write('info-flash.html', renderInfoFlashPage(flash, { contactDetails: false }));
  write(
    'calendrier-levezou.ics',
    feedCalendar({
      name: `CTG — ${context.territory.name}`,
      description: `Les rendez-vous de la Convention Territoriale Globale ${context.period.start}–${context.period.end}`,
      timezone: zone,
      refreshMinutes: 60,
      stamp: now,
      events: planSteps
        .filter((s) => s.startsAt)
        .map((s) => ({
          uid: `${s.key}.demo@ctg.example.org`,
          sequence: 0,
          summary: s.title,
          description: calendarDescription(context, s, links(s.key)),
          start: s.startsAt!,
          end: s.endsAt ?? s.startsAt!,
          location: s.location,
          url: s.onlineUrl,
          organizer: context.coordinator,
        })),
    }),
  );
  console.log(`${written.length} fichiers écrits dans ${dir} :`);
  for (const file of written) console.log(`  ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
