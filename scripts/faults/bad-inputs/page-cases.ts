// Bad inputs for the pages and links: the partner pages (/p/<token>), the public registration form
// (/inscription), the sign-in (/connexion) and the coordinator's pages, signed in with a session cookie.
import type { HttpOptions } from '../../lib/http';
import { MAIL_DOMAIN } from '../context';
import { badIds, huge, randomUuid, type Case, type Fixtures } from './cases';

export function pageCases(f: Fixtures): Case[] {
  const cases: Case[] = [];
  const form = (fields: Record<string, string | string[]>) =>
    new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]))).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  const add = (surface: string, mutation: string, method: string, url: string, options: HttpOptions = {}, limited = false) =>
    cases.push({ surface, mutation, method, url, options: { token: null, ...options }, limited });
  const badTokens: [string, string][] = [
    ['short token', 'abc'],
    ['well-formed unknown token', 'B'.repeat(43)],
    ['long token', huge(5_000)],
    ['NUL', '%00'],
    ['bad percent-encoding', '%ZZ%E9'],
    ['API token used as a link', 'A'.repeat(42) + '_'],
  ];
  // Partner pages.
  for (const [label, token] of badTokens) {
    add('GET /p/{token}', label, 'GET', `/p/${token}`, {}, true);
    add('GET /p/{token}/calendar.ics', label, 'GET', `/p/${token}/calendar.ics`, {}, true);
    add('POST /p/{token}/inscriptions', label, 'POST', `/p/${token}/inscriptions`, { raw: form({ action: 'inscrire', rencontre: f.meetingStepId }), headers: formHeaders }, true);
  }
  const p = `/p/${f.partnerToken}`;
  for (const [label, stepId] of [...badIds, ['task step', f.taskStepId]] as [string, string][]) add('GET /p/{token}/rencontres/{stepId}.ics', label, 'GET', `${p}/rencontres/${stepId}.ics`, {}, true);
  for (const [label, query] of [
    ['garbage results', 'r=%%%'],
    ['many results', Array.from({ length: 300 }, () => `r=confirme.${randomUuid()}`).join('&')],
    ['result object', 'r[a]=1'],
    ['huge result', `r=${huge(10_000)}`],
  ])
    add('GET /p/{token}', label!, 'GET', `${p}?${query}`, {}, true);
  for (const [label, raw] of [
    ['no action', form({ rencontre: f.meetingStepId })],
    ['unknown action', form({ action: 'supprimer', rencontre: f.meetingStepId })],
    ['bad step id', form({ action: 'inscrire', rencontre: 'pas-un-id' })],
    ['unknown step id', form({ action: 'inscrire', rencontre: randomUuid() })],
    ['task step', form({ action: 'inscrire', rencontre: f.taskStepId })],
    ['101 steps', form({ action: 'inscrire', rencontre: Array.from({ length: 101 }, () => randomUuid()) })],
    ['nested field', 'action[a]=inscrire&rencontre[b]=x'],
    ['huge field', form({ action: 'inscrire', rencontre: huge(200_000) })],
    ['empty body', ''],
  ])
    add('POST /p/{token}/inscriptions', label!, 'POST', `${p}/inscriptions`, { raw: raw!, headers: formHeaders }, true);
  add('POST /p/{token}/inscriptions', 'JSON body', 'POST', `${p}/inscriptions`, { body: { action: ['inscrire'], rencontre: { $ne: null } } }, true);
  add('POST /p/{token}/inscriptions', 'malformed JSON', 'POST', `${p}/inscriptions`, { raw: '{"action":', headers: { 'content-type': 'application/json' } }, true);

  // Public registration.
  for (const [label, stepId] of [...badIds, ['task step', f.taskStepId], ['meeting not public', f.meetingStepId]] as [string, string][]) {
    add('GET /inscription/{stepId}', label, 'GET', `/inscription/${stepId}`, {}, true);
  }
  for (const [label, query] of [
    ['bad status', 'statut=INCONNU&position=abc'],
    ['negative position', 'statut=WAITLISTED&position=-3'],
    ['huge position', 'statut=WAITLISTED&position=1e400'],
    ['array status', 'statut=A&statut=B'],
  ])
    add('GET /inscription/{stepId}/merci', label!, 'GET', `/inscription/${f.forumStepId}/merci?${query}`, {}, true);
  for (const [label, token] of badTokens) {
    add('GET /inscription/gerer/{token}', label, 'GET', `/inscription/gerer/${token}`, {}, true);
  }
  add('POST /inscription/gerer/{token}/annuler', 'unknown token', 'POST', `/inscription/gerer/${'C'.repeat(43)}/annuler`, { raw: '', headers: formHeaders }, true);
  for (const [label, raw] of [
    ['empty form', ''],
    ['bad email', form({ nom: 'Nom', courriel: 'pas-une-adresse', consentement: 'oui' })],
    ['no consent', form({ nom: 'Nom', courriel: `x@${MAIL_DOMAIN}`, consentement: 'non' })],
    ['huge name', form({ nom: huge(50_000), courriel: `x@${MAIL_DOMAIN}`, consentement: 'oui' })],
    ['arrays', 'nom=a&nom=b&courriel[x]=1&consentement=oui'],
    ['NUL in the name', form({ nom: 'Nom\u0000Prénom', courriel: `nul@${MAIL_DOMAIN}`, consentement: 'oui' })],
    ['bad step', null],
  ] as [string, string | null][]) {
    if (raw === null) add('POST /inscription/{stepId}', label, 'POST', `/inscription/not-a-uuid`, { raw: form({ nom: 'Nom', courriel: `x@${MAIL_DOMAIN}`, consentement: 'oui' }), headers: formHeaders }, true);
    else add('POST /inscription/{stepId}', label, 'POST', `/inscription/${f.forumStepId}`, { raw, headers: formHeaders }, true);
  }
  add('POST /inscription/{stepId}', 'JSON body', 'POST', `/inscription/${f.forumStepId}`, { body: { nom: ['a'], courriel: { x: 1 }, consentement: true } }, true);

  // Sign-in.
  for (const [label, token] of badTokens.slice(0, 4)) add('GET /connexion/{token}', label, 'GET', `/connexion/${token}`, {}, true);
  add('GET /connexion/{token}', 'API token used as a sign-in link', 'GET', `/connexion/${f.partnerToken}`, {}, true);
  for (const [label, raw] of [
    ['bad email', form({ email: 'pas-une-adresse' })],
    ['huge email', form({ email: `${huge(10_000)}@x.fr` })],
    ['return to another site', form({ email: `x@${MAIL_DOMAIN}`, retour: 'https://evil.example.com/' })],
  ])
    add('POST /connexion', label!, 'POST', '/connexion', { raw: raw!, headers: formHeaders }, true);
  add('GET /connexion', 'return to another site', 'GET', '/connexion?retour=//evil.example.com', {});

  // Coordinator pages, signed in (session cookie, same origin), with bad ids and bad forms.
  const session = { headers: { cookie: `ctg_session=${f.sessionToken}` } };
  const post = (raw: string) => ({ raw, headers: { ...session.headers, ...formHeaders, origin: 'ORIGIN' } });
  for (const [label, id] of badIds.slice(0, 6)) {
    add('GET /processus/{id}', label, 'GET', `/processus/${id}`, session);
    add('GET /territoires/{id}', label, 'GET', `/territoires/${id}`, session);
    add('GET /info-flash/{id}', label, 'GET', `/info-flash/${id}`, {});
  }
  for (const [label, query] of [
    ['messages page text', 'messages=abc'],
    ['messages page huge', 'messages=1e300'],
    ['messages array', 'messages=1&messages=2'],
  ])
    add('GET /processus/{id}', label!, 'GET', `/processus/${f.processId}?${query}`, session);
  for (const [label, raw] of [
    ['bad date', form({ startsAt: '31/02/2026 25:61', location: 'Mairie' })],
    ['date in the past', form({ startsAt: '2001-01-01T10:00', location: 'Mairie' })],
    ['huge location', form({ location: huge(10_000) })],
    ['arrays', 'startsAt=a&startsAt=b&location[x]=1'],
    ['NUL in the location', form({ location: 'Mairie\u0000annexe' })],
  ])
    add('POST /processus/{id}/etapes/{key}', label!, 'POST', `/processus/${f.processId}/etapes/rencontre`, post(raw!));
  add('POST /processus/{id}/etapes/{key}', 'unknown step', 'POST', `/processus/${f.processId}/etapes/inconnue`, post(form({ location: 'Mairie' })));
  add('POST /processus/{id}/etapes/{key}', 'no origin', 'POST', `/processus/${f.processId}/etapes/rencontre`, { raw: form({ location: 'X' }), headers: { ...session.headers, ...formHeaders } });
  add('POST /processus/{id}/etapes/{key}/annulation', 'reason too short', 'POST', `/processus/${f.processId}/etapes/rencontre/annulation`, post(form({ reason: 'x' })));
  add('POST /processus/{id}/phases/{phase}/cloture', 'unknown phase', 'POST', `/processus/${f.processId}/phases/INCONNUE/cloture`, post(''));
  for (const [label, raw] of [
    ['empty form', ''],
    ['bad email', form({ name: 'CC Test', cafName: 'Caf Test', coordinatorName: 'X Y', coordinatorEmail: 'pas-une-adresse', timezone: 'Mars/Olympus' })],
    ['arrays', 'name=a&name=b&cafName[x]=1'],
    ['NUL in the name', form({ name: 'CC du\u0000Test', cafName: 'Caf du Test', coordinatorName: 'X Y', coordinatorEmail: `x@${MAIL_DOMAIN}` })],
  ])
    add('POST /territoires', label!, 'POST', '/territoires', post(raw!));
  add('POST /territoires/{id}/contacts', 'multipart without file', 'POST', `/territoires/${f.territoryId}/contacts`, {
    raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    headers: { ...session.headers, 'content-type': 'multipart/form-data; boundary=x', origin: 'ORIGIN' },
  });
  add('POST /territoires/{id}/contacts', 'broken multipart', 'POST', `/territoires/${f.territoryId}/contacts`, {
    raw: '--x\r\nContent-Disposition: form-data; name="fichier"; filename="a.csv"\r\n\r\ncourriel;nom\nzz',
    headers: { ...session.headers, 'content-type': 'multipart/form-data; boundary=x', origin: 'ORIGIN' },
  });
  add('POST /territoires/{id}/contacts', 'multipart without boundary', 'POST', `/territoires/${f.territoryId}/contacts`, {
    raw: 'abc',
    headers: { ...session.headers, 'content-type': 'multipart/form-data', origin: 'ORIGIN' },
  });
  add('POST /territoires/{id}/processus', 'bad answers', 'POST', `/territoires/${f.territoryId}/processus`, post(form({ periodStart: 'abc', periodEnd: '1', interviews: '-4', themes: huge(5000) })));
  return cases;
}
