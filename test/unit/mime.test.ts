// The MIME builder's shortcuts must give nodemailer's bytes exactly: quoted-printable a line at a time
// (with a cache) against nodemailer's encode-then-wrap of the whole text, and headers encoded by one shared
// node against its static encoder (a new node per call).
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import { composeMail, mailbox } from '../../infra/mail';
import { quotedPrintable } from '../../infra/mail/mime';

/** A deterministic generator, so a failure names the seed that reproduces it. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

// What moves the wrapping: spaces and punctuation (where lines break), `=` and multi-byte characters
// (escapes that must not be split), whitespace before a line end (encoded), a lone CR (kept as data).
const pieces = ['a', 'e', ' ', ' ', '.', ',', '!', '?', '\t', '=', 'é', 'à', '€', '🎉', '日本', '«', ' »', '<b>', '&amp;', '-', 'x'.repeat(10), '\r'];

function text(next: (n: number) => number): string {
  const lines = Array.from({ length: 1 + next(6) }, () => {
    // Mostly around the wrapping width (72–80 once encoded), where the edge cases are.
    const target = next(3) === 0 ? next(300) : 60 + next(25);
    let line = '';
    while (line.length < target) line += pieces[next(pieces.length)];
    return line;
  });
  return lines.join('\r\n') + (next(2) ? '\r\n' : '');
}

describe('quoted-printable a line at a time', () => {
  it('gives the bytes of nodemailer encoding and wrapping the whole text, with and without the cache', () => {
    for (let seed = 1; seed <= 3_000; seed += 1) {
      const sample = text(random(seed));
      const expected = qp.wrap(qp.encode(sample), 76);
      expect({ seed, encoded: quotedPrintable(sample) }).toEqual({ seed, encoded: expected });
      expect({ seed, again: quotedPrintable(sample) }).toEqual({ seed, again: expected }); // from the cache
    }
  });

  it('matches on the edge cases: a 75-character line, an escape or a space at the width, a short text of several lines, an empty one', () => {
    const samples = ['', '!\r\n🎉<b>« <b>\t-« »€ \r!\t« <b>', 'à\r\n »\re€!€é!à-a-é€', '\r\n', 'x'.repeat(75) + '\r\nsuite', 'x'.repeat(74) + '=\r\n', 'x'.repeat(73) + 'é' + 'x'.repeat(10), 'x'.repeat(75) + ' \r\n', 'a \r\nb\t\r\n', 'x'.repeat(200)];
    for (const sample of samples) expect(quotedPrintable(sample)).toBe(qp.wrap(qp.encode(sample), 76));
  });
});

describe('headers encoded by one shared node', () => {
  const names = ['Anne Carrière', 'Jean-Pierre & Fils <SARL>', 'Marie "la Grande" Dupont', 'O’Brien, Siobhán; Déléguée', 'Zoë 🎉 Ñúñez — 日本語の名前', 'Élodie Back\\slash', 'é'.repeat(60), 'A'];

  it('are those of a node made for each header', () => {
    for (const [i, name] of names.entries()) {
      const to = mailbox(name, `p.${i}@exemple.fr`);
      // The same address as recipient and for replies: nothing of one header's encoding may carry to the next.
      const raw = composeMail({ from: 'Coordination CTG <ctg@ctg.example.org>', to, replyTo: mailbox(name, to.address), subject: `Invitation — ${name}`, text: 't', html: '<p>h</p>', messageId: `<m.${i}@ctg.example.org>` }, new Date('2026-03-01T09:00:00Z')).toString('utf8');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      const fresh = mailbox(name, `p.${i}@exemple.fr`);
      expect(head).toContain(foldLines(`To: ${MimeNode.encodeHeaderValue('To', fresh as never)}`, 76));
      expect(head).toContain(foldLines(`Reply-To: ${MimeNode.encodeHeaderValue('Reply-To', fresh as never)}`, 76));
      expect(head).toContain(foldLines(`Subject: ${MimeNode.encodeHeaderValue('Subject', `Invitation — ${name}`)}`, 76));
    }
  });
});
