// Generated bad inputs on every surface: each operation of the JSON API (api/openapi.ts `operations`, whose
// zod body schemas give the required fields and the enums to break), the partner pages (/p/<token>), the
// public registration form (/inscription), the sign-in (/connexion) and the coordinator's pages. From a
// valid request per operation: wrong types, missing, unknown and huge fields, bad enum values, malformed
// JSON, wrong content types, bad ids, bad cursors and query parameters, bad tokens and headers.
// Counted: 5xx answers, requests left unanswered (a hang or a crash), API process exits; also 4xx answers
// of the JSON API that are not problem+json, and mutated requests that were accepted (2xx).
import { z } from '../../domain/zod';
import { issueToken } from '../../infra/auth/tokens';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { operations, type Operation } from '../../api/openapi';
import type { HttpAnswer, HttpOptions } from '../lib/real-stack';
import { createTerritory, DAY, forEachConcurrently, launch, meetingStep, MAIL_DOMAIN, sleep, type FaultContext } from './context';

interface Case {
  surface: string;
  mutation: string;
  method: string;
  url: string;
  options: HttpOptions;
  /** Behind a per-address rate limit: paced, and sent again after a 429. */
  limited?: boolean;
}

export interface BadInputsResult {
  cases: number;
  bySurface: Record<string, number>;
  statuses: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
  apiCrashes: number;
  rateLimited: number;
  /** 4xx from /api without an application/problem+json body. */
  apiErrorsNotProblemJson: number;
  /** 400 from /api without the `errors` list naming the field, when a body field was broken. */
  fieldErrorsWithoutField: number;
  /** Mutated requests answered 2xx (not necessarily wrong: an optional field left out is still valid). */
  accepted: number;
  acceptedSample: string[];
  failures: { surface: string; mutation: string; status: number; detail: string }[];
  operationsCovered: number;
  operationsWithoutSample: string[];
  seconds: number;
}

// A seeded generator: the same run draws the same cases.
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const b64 = (value: string) => Buffer.from(value).toString('base64url');
const huge = (n: number) => 'A'.repeat(n);
const randomUuid = () => '3f2b9c1e-7d4a-4e8b-9c6d-2a1b0c9d8e7f';

/** Wrong values for any field. */
const wrongValues: [string, unknown][] = [
  ['null', null],
  ['number', 12345],
  ['negative', -1],
  ['float', 1.5],
  ['huge number', 1e308],
  ['empty string', ''],
  ['blank', '   '],
  ['short string', 'x'],
  ['huge string', huge(100_000)],
  ['boolean', true],
  ['empty array', []],
  ['object', {}],
  ['array of strings', ['x', 'y']],
  ['operator object', { $gt: '' }],
  ['NUL byte', 'a\u0000b'],
  ['path traversal', '../../etc/passwd'],
  ['SQL', "' OR 1=1 --"],
  ['markup', '<script>alert(1)</script>'],
  ['lone surrogate', '\ud800'],
  ['bad date', '2026-13-45T99:99:99+01:00'],
];

interface SchemaInfo {
  properties: Record<string, { enum?: unknown[]; type?: unknown }>;
  required: string[];
}

/** Fields, required ones and enums of a body schema (the object branch of a union). */
function schemaInfo(schema: z.ZodType): SchemaInfo {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as any;
  const objectOf = (s: any): any => (s?.type === 'object' ? s : (s?.anyOf ?? s?.oneOf ?? []).map(objectOf).find(Boolean));
  const object = objectOf(json) ?? {};
  return { properties: object.properties ?? {}, required: object.required ?? [] };
}

interface Fixtures {
  territoryId: string;
  processId: string;
  stepKey: string;
  registrationId: string;
  userId: string;
  tokenId: string;
  forumStepId: string;
  taskStepId: string;
  meetingStepId: string;
  partnerToken: string;
  registrationToken: string;
  sessionToken: string;
}

async function prepare(ctx: FaultContext): Promise<Fixtures> {
  const territory = await createTerritory(ctx, 'mauvaises-entrees', { partners: 3 });
  const soon = Date.now() + 60 * DAY;
  const processId = await launch(ctx, territory.id, [
    meetingStep('rencontre', 'Rencontre des mauvaises entrées', soon, { capacity: 5 }),
    meetingStep('forum', 'Forum habitants', soon, { kind: 'FORUM_HABITANTS', audience: { roles: [], groups: [], domains: [], emails: [], public: true }, capacity: 50 }),
    { key: 'analyse', kind: 'ANALYSE_DOCUMENTAIRE', phase: 'DIAGNOSTIC', title: 'Analyse documentaire', startsAt: new Date(soon).toISOString() },
  ]);
  const registration = await ctx.call('POST', `/api/processes/${processId}/steps/rencontre/registrations`, { body: { email: `inscrit.mauvaises@${MAIL_DOMAIN}`, fullName: 'Inscrit Témoin' } });
  const { prisma } = ctx.db;
  const steps = Object.fromEntries((await prisma.step.findMany({ where: { processId } })).map((s) => [s.key, s.id]));
  const victim = await prisma.user.create({ data: { email: `cible.mauvaises@${MAIL_DOMAIN}`, fullName: 'Compte cible', role: 'COORDINATOR' } });
  const admin = await prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } });
  const spare = await issueToken(prisma, 'API', { userId: victim.id }, { label: 'à révoquer' });
  const contact = await prisma.contact.findFirstOrThrow({ where: { territoryId: territory.id } });
  const publicRegistration = await prisma.registration.create({ data: { stepId: steps.forum!, email: `public.mauvaises@${MAIL_DOMAIN}`, fullName: 'Public Témoin', status: 'CONFIRMED', confirmedAt: new Date() } });
  return {
    territoryId: territory.id,
    processId,
    stepKey: 'rencontre',
    registrationId: registration.body.id,
    userId: victim.id,
    tokenId: spare.id,
    forumStepId: steps.forum!,
    taskStepId: steps.analyse!,
    meetingStepId: steps.rencontre!,
    partnerToken: await issuePartnerToken(prisma, contact.id, ctx.services.env.LINK_SECRET!),
    registrationToken: (await issueToken(prisma, 'REGISTRATION', { registrationId: publicRegistration.id })).token,
    sessionToken: (await issueToken(prisma, 'SESSION', { userId: admin.id })).token,
  };
}

/** A valid body per operation with one (keyed `METHOD path`). */
export function validBodies(f: Pick<Fixtures, 'territoryId'>): Record<string, unknown> {
  const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
  return {
    'post /api/users': { email: `nouveau.${Date.now()}@${MAIL_DOMAIN}`, fullName: 'Nouveau Compte', role: 'COORDINATOR', territoryIds: [f.territoryId] },
    'patch /api/users/{id}': { fullName: 'Compte Modifié', cafName: 'Caf du Test', territoryIds: [f.territoryId] },
    'post /api/tokens': { label: 'jeton de test', expiresInDays: 30 },
    'post /api/territories': { name: 'Communauté de communes du Test', timezone: 'Europe/Paris', cafName: 'Caf du Test', coordinatorName: 'Coordination', coordinatorEmail: `coord@${MAIL_DOMAIN}`, cafAdviserName: 'Conseil', cafAdviserEmail: `conseil@${MAIL_DOMAIN}` },
    'post /api/territories/{id}/contacts': { email: `contact@${MAIL_DOMAIN}`, fullName: 'Contact Test', organisation: 'Mairie', roles: ['PARTENAIRE'], domains: ['petite-enfance'] },
    'post /api/territories/{id}/processes': { periodStart: 2032, periodEnd: 2036, steps: [meetingStep('etape', 'Étape de test', Date.now() + 90 * DAY)] },
    'post /api/processes/{id}/steps': meetingStep('ajout', 'Étape ajoutée', Date.now() + 90 * DAY, { capacity: 10, durationMinutes: 120, onlineUrl: 'https://visio.example.org/x' } as never),
    'patch /api/processes/{id}/steps/{key}': { startsAt: inDays(61), durationMinutes: 90, location: 'Mairie', onlineUrl: 'https://visio.example.org/y', audienceEmails: [`contact@${MAIL_DOMAIN}`] },
    'post /api/processes/{id}/steps/{key}/cancel': { reason: 'Motif de test' },
    'post /api/processes/{id}/steps/{key}/registrations': { email: `personne@${MAIL_DOMAIN}`, fullName: 'Personne Test', organisation: 'Association' },
  };
}

function pathFor(op: Operation, f: Fixtures, override: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    id: op.path.startsWith('/api/users') ? f.userId : op.path.startsWith('/api/tokens') ? f.tokenId : op.path.startsWith('/api/territories') ? f.territoryId : f.processId,
    key: f.stepKey,
    phase: 'DIAGNOSTIC',
    registrationId: f.registrationId,
    ...override,
  };
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? 'x');
}

const badIds: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['number', '0'],
  ['unknown uuid', randomUuid()],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['uuid with braces', `{${randomUuid()}}`],
  ['very long', huge(3_000)],
  ['percent NUL', '%00'],
  ['bad percent-encoding', '%E9%ZZ'],
  ['encoded slash', '..%2F..%2Fetc'],
  ['unicode', 'é🙂'],
];
const badKeys: [string, string][] = [
  ['upper case', 'RENCONTRE'],
  ['underscore', 'a_b'],
  ['dash only', '-'],
  ['unknown', 'etape-inconnue'],
  ['long', `a${'-b'.repeat(200)}`],
  ['NUL', '%00'],
];
const badPhases: [string, string][] = [
  ['unknown phase', 'PHASE_X'],
  ['lower case', 'diagnostic'],
  ['number', '1'],
];

function cursorCases(): [string, string][] {
  return [
    ['garbage cursor', 'cursor=%%%'],
    ['not base64 JSON', `cursor=${b64('not json')}`],
    ['object cursor', `cursor=${b64('{"a":1}')}`],
    ['numbers cursor', `cursor=${b64('[1,2]')}`],
    ['wrong length cursor', `cursor=${b64('["a","b","c"]')}`],
    ['non-uuid id in cursor', `cursor=${b64('["2026-01-01T00:00:00.000Z","not-a-uuid"]')}`],
    ['bad date in cursor', `cursor=${b64(`["not-a-date","${randomUuid()}"]`)}`],
    ['bad name in cursor', `cursor=${b64(`["${'z'.repeat(300)}","${randomUuid()}"]`)}`],
    ['long cursor', `cursor=${huge(600)}`],
    ['nested cursor', `cursor=${b64('[["a"],{"b":1}]')}`],
    ['repeated cursor', 'cursor=a&cursor=b'],
    ['limit zero', 'limit=0'],
    ['limit negative', 'limit=-5'],
    ['limit too large', 'limit=201'],
    ['limit text', 'limit=beaucoup'],
    ['limit float', 'limit=2.5'],
    ['limit exponent', 'limit=1e3'],
    ['limit array', 'limit=1&limit=2'],
    ['limit object', 'limit[a]=1'],
  ];
}

function apiCases(f: Fixtures, random: () => number): { cases: Case[]; withoutSample: string[] } {
  const cases: Case[] = [];
  const withoutSample: string[] = [];
  const bodies = validBodies(f);
  const admin = { token: undefined as string | undefined };
  for (const op of operations) {
    const surface = `${op.method.toUpperCase()} ${op.path}`;
    const method = op.method.toUpperCase();
    const url = pathFor(op, f);
    const add = (mutation: string, caseUrl: string, options: HttpOptions = {}) => cases.push({ surface, mutation, method, url: caseUrl, options: { ...admin, ...options } });
    const sample = bodies[`${op.method} ${op.path}`];
    const withBody = (body: unknown): HttpOptions => (op.body ? { body } : {});

    // Path parameters.
    for (const name of [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
      const list = name === 'key' ? badKeys : name === 'phase' ? badPhases : badIds;
      for (const [label, value] of list) add(`${name}: ${label}`, pathFor(op, f, { [name]: value }), withBody(sample ?? {}));
    }
    // Authentication (public operations take none).
    if (!op.public) addAuthCases();
    function addAuthCases() {
    add('no token', url, { token: null, ...withBody(sample ?? {}) });
    add('malformed Authorization', url, { token: null, headers: { authorization: 'Bearer' }, ...withBody(sample ?? {}) });
    add('Basic scheme', url, { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    add('well-formed unknown token', url, { token: 'A'.repeat(43), ...withBody(sample ?? {}) });
    add('huge token', url, { token: 'A'.repeat(8_000) });
    add('garbage session cookie', url, { token: null, headers: { cookie: 'ctg_session=%E9%ZZ; other=1' } });
    }
    // Query parameters.
    if (op.paged) for (const [label, query] of cursorCases()) add(label, `${url}?${query}`);
    if (op.query?.status) {
      add('status: unknown', `${url}?status=PRESENT`);
      add('status: array', `${url}?status=CONFIRMED&status=WAITLISTED`);
      add('format: unknown', `${url}?format=xml`);
      add('Accept: csv with a bad cursor', `${url}?cursor=${b64('["x","y"]')}`, { headers: { accept: 'text/csv' } });
    }
    if (op.headers?.['Idempotency-Key']) {
      for (const [label, key] of [
        ['short', 'abc'],
        ['spaces', 'a b c d e f g h'],
        ['long', huge(300)],
        ['latin-1', 'clé-éèà-1234'],
      ])
        add(`Idempotency-Key: ${label}`, url, { headers: { 'idempotency-key': key! } });
    }
    // Bodies.
    if (op.body) {
      if (!sample) {
        withoutSample.push(surface);
        continue;
      }
      const info = schemaInfo(op.body);
      const fields = Object.keys(sample as object);
      const bodyCases: [string, HttpOptions][] = [];
      for (const field of fields) {
        const rest = { ...(sample as Record<string, unknown>) };
        delete rest[field];
        bodyCases.push([`missing ${field}${info.required.includes(field) ? ' (required)' : ''}`, { body: rest }]);
        for (const [label, value] of wrongValues) bodyCases.push([`${field}: ${label}`, { body: { ...(sample as object), [field]: value } }]);
        const enumValues = info.properties[field]?.enum;
        if (enumValues) bodyCases.push([`${field}: value outside the enum`, { body: { ...(sample as object), [field]: 'VALEUR_INCONNUE' } }]);
      }
      for (const field of info.required) if (!fields.includes(field)) bodyCases.push([`missing ${field} (required)`, { body: sample }]);
      // Nested: the first plan step of a launch.
      if (Array.isArray((sample as { steps?: unknown[] }).steps)) {
        const step = (sample as { steps: Record<string, unknown>[] }).steps[0]!;
        for (const field of Object.keys(step)) {
          for (const [label, value] of wrongValues.filter(() => random() < 0.35)) {
            bodyCases.push([`steps[0].${field}: ${label}`, { body: { ...(sample as object), steps: [{ ...step, [field]: value }] } }]);
          }
        }
        bodyCases.push(['501 steps', { body: { ...(sample as object), steps: Array.from({ length: 501 }, (_, i) => ({ ...step, key: `etape-${i}` })) } }]);
        bodyCases.push(['duplicate step keys', { body: { ...(sample as object), steps: [step, step] } }]);
        bodyCases.push(['dependency on an unknown step', { body: { ...(sample as object), steps: [{ ...step, dependsOn: ['inconnue'] }] } }]);
        bodyCases.push(['period ends before it starts', { body: { ...(sample as object), periodStart: 2036, periodEnd: 2032 } }]);
      }
      bodyCases.push(
        ['unknown field', { body: { ...(sample as object), champInconnu: 1 } }],
        ['__proto__ key', { raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(sample).slice(1)}`, headers: { 'content-type': 'application/json' } }],
        ['constructor.prototype', { raw: JSON.stringify({ ...(sample as object), constructor: { prototype: { polluted: true } } }), headers: { 'content-type': 'application/json' } }],
        ['empty object', { body: {} }],
        ['empty array', { body: [] }],
        ['array of the body', { body: [sample, sample] }],
        ['JSON null', { raw: 'null', headers: { 'content-type': 'application/json' } }],
        ['JSON string', { raw: '"texte"', headers: { 'content-type': 'application/json' } }],
        ['JSON number', { raw: '42', headers: { 'content-type': 'application/json' } }],
        ['truncated JSON', { raw: JSON.stringify(sample).slice(0, 20), headers: { 'content-type': 'application/json' } }],
        ['single quotes', { raw: "{'a': 1}", headers: { 'content-type': 'application/json' } }],
        ['trailing comma', { raw: `${JSON.stringify(sample).slice(0, -1)},}`, headers: { 'content-type': 'application/json' } }],
        ['duplicate keys', { raw: `${JSON.stringify(sample).slice(0, -1)},"${fields[0]}":null}`, headers: { 'content-type': 'application/json' } }],
        ['UTF-8 BOM', { raw: `\ufeff${JSON.stringify(sample)}`, headers: { 'content-type': 'application/json' } }],
        ['invalid UTF-8', { raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), headers: { 'content-type': 'application/json' } }],
        ['empty body with JSON type', { raw: '', headers: { 'content-type': 'application/json' } }],
        ['no body', {}],
        ['deep nesting', { raw: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, headers: { 'content-type': 'application/json' } }],
        ['deep nesting in a field', { raw: JSON.stringify({ ...(sample as object), [fields[0]!]: 'X' }).replace('"X"', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`), headers: { 'content-type': 'application/json' } }],
        ['3 MB body', { raw: JSON.stringify({ ...(sample as object), [fields[0]!]: huge(3_000_000) }), headers: { 'content-type': 'application/json' } }],
        ['text/plain', { raw: JSON.stringify(sample), headers: { 'content-type': 'text/plain' } }],
        ['application/xml', { raw: '<a>1</a>', headers: { 'content-type': 'application/xml' } }],
        ['form-encoded', { raw: 'email=a%40b.fr&fullName=Nom', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
        ['multipart', { raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } }],
        ['bad charset', { raw: JSON.stringify(sample), headers: { 'content-type': 'application/json; charset=klingon' } }],
        ['gzip claimed, not gzip', { raw: JSON.stringify(sample), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }],
        ['unknown content-encoding', { raw: JSON.stringify(sample), headers: { 'content-type': 'application/json', 'content-encoding': 'klingon' } }],
      );
      if (op.csv) {
        bodyCases.push(
          ['CSV: no header', { raw: 'a@b.fr;Nom', headers: { 'content-type': 'text/csv' } }],
          ['CSV: bad lines', { raw: 'courriel;nom\npas-une-adresse;X\n;;;;;;;;\n"non fermé;Y', headers: { 'content-type': 'text/csv' } }],
          ['CSV: empty', { raw: '', headers: { 'content-type': 'text/csv' } }],
          ['CSV: binary', { raw: Buffer.from([0, 1, 2, 255, 254, 10, 13]), headers: { 'content-type': 'text/csv' } }],
          ['CSV: 20,000 lines', { raw: `courriel;nom\n${Array.from({ length: 20_000 }, (_, i) => `p${i}@x.fr;P ${i}`).join('\n')}`, headers: { 'content-type': 'text/csv' } }],
          ['CSV: unknown roles', { raw: 'courriel;nom;rôles\na@b.fr;Nom;ROI', headers: { 'content-type': 'text/csv' } }],
        );
      }
      for (const [mutation, options] of bodyCases) add(mutation, url, options);
    } else if (method !== 'GET' && method !== 'DELETE') {
      add('unexpected JSON body', url, { body: { inattendu: true } });
      add('malformed JSON body', url, { raw: '{', headers: { 'content-type': 'application/json' } });
    }
  }
  // Methods and paths that do not exist.
  for (const [method, url] of [
    ['PUT', `/api/territories/${f.territoryId}`],
    ['DELETE', `/api/processes/${f.processId}`],
    ['GET', '/api/inconnu'],
    ['GET', `/api/processes/${f.processId}/steps/${f.stepKey}/registrations/${f.registrationId}`],
    ['POST', '/api/dashboard'],
    ['GET', '/api/%E9%ZZ'],
    ['GET', `/api/territories/${'a/'.repeat(1000)}`],
  ] as const)
    cases.push({ surface: 'unknown routes', mutation: `${method} ${url.slice(0, 40)}`, method, url, options: {} });
  return { cases, withoutSample };
}

function pageCases(f: Fixtures): Case[] {
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

/**
 * Keeps requests under a per-address limit: a burst up to `burst`, then `perMinute` (a token bucket), so
 * small sets go at once and larger ones are spread.
 */
class Pacer {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  async wait() {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(((1 - this.tokens) / this.perMinute) * 60_000);
    }
  }
}

export async function badInputsScenario(ctx: FaultContext, options: { seed: number }): Promise<BadInputsResult> {
  const started = Date.now();
  const fixtures = await prepare(ctx);
  const random = rng(options.seed);
  const { cases: api, withoutSample } = apiCases(fixtures, random);
  const pages = pageCases(fixtures);
  const origin = ctx.services.base;
  for (const c of pages) if (c.options.headers?.origin === 'ORIGIN') c.options.headers.origin = origin;
  const cases = [...api, ...pages];
  ctx.log(`bad inputs: ${cases.length} cases (${api.length} on the JSON API, ${pages.length} on pages and links)`);

  const statuses: Record<string, number> = {};
  const bySurface: Record<string, number> = {};
  const failures: BadInputsResult['failures'] = [];
  const acceptedSample: string[] = [];
  let accepted = 0;
  let rateLimited = 0;
  let notProblem = 0;
  let withoutField = 0;
  const apiCrashesBefore = ctx.services.api.crashes.length;
  // One pacer per limited window, under its limit (api/app.ts, the routes): /p and /inscription 120 a
  // minute, the public form's POSTs 10, sign-in links asked 5 and used 30. Each scenario's cases fit in
  // one window; the tenancy scenario that follows has one request left in each.
  const pacers = new Map<string, Pacer>();
  const limits: Record<string, [perMinute: number, burst: number]> = {
    p: [100, 100],
    inscription: [100, 100],
    'POST inscription': [8, 9],
    'POST connexion': [4, 4],
    'GET connexion': [25, 25],
  };
  const pacerOf = (key: string) => {
    if (!pacers.has(key)) {
      const [perMinute, burst] = limits[key] ?? [1000, 1000];
      pacers.set(key, new Pacer(perMinute, burst));
    }
    return pacers.get(key)!;
  };
  const pace = async (c: Case) => {
    const prefix = c.url.split('/')[1]!;
    await pacerOf(prefix).wait();
    if (limits[`${c.method} ${prefix}`]) await pacerOf(`${c.method} ${prefix}`).wait();
  };

  const send = async (c: Case): Promise<HttpAnswer> => {
    if (c.limited) await pace(c);
    let answer = await ctx.call(c.method, c.url, { timeoutMs: 20_000, ...c.options });
    // A 429 is the limiter doing its job, not an answer to the case: wait for the window, ask again once.
    if (answer.status === 429) {
      rateLimited += 1;
      const wait = Number(answer.headers.get('retry-after') ?? 60);
      await sleep(Math.min(65, wait + 1) * 1000);
      answer = await ctx.call(c.method, c.url, { timeoutMs: 20_000, ...c.options });
    }
    return answer;
  };

  const record = (c: Case, answer: HttpAnswer) => {
    const key = answer.status === 0 ? `no answer (${answer.error})` : String(answer.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    bySurface[c.surface] = (bySurface[c.surface] ?? 0) + 1;
    if (answer.status >= 500 || answer.status === 0) {
      failures.push({ surface: c.surface, mutation: c.mutation, status: answer.status, detail: (answer.error ?? answer.body?.detail ?? answer.text).toString().slice(0, 200) });
    }
    if (answer.status >= 200 && answer.status < 300) {
      accepted += 1;
      if (acceptedSample.length < 25) acceptedSample.push(`${c.surface} — ${c.mutation} → ${answer.status}`);
    }
    const isApi = c.url.startsWith('/api/');
    if (isApi && answer.status >= 400 && answer.status < 500 && !answer.contentType.startsWith('application/problem+json')) notProblem += 1;
    const fieldMutation = /^(missing |[\w.[\]]+: )/.test(c.mutation) && !/^(id|key|phase|registrationId|status|format|Idempotency-Key): /.test(c.mutation);
    if (isApi && answer.status === 400 && fieldMutation && !(answer.body?.errors?.length > 0)) withoutField += 1;
  };

  const limited = cases.filter((c) => c.limited);
  const free = cases.filter((c) => !c.limited);
  await Promise.all([
    forEachConcurrently(free, 4, async (c) => record(c, await send(c))),
    forEachConcurrently(limited, 8, async (c) => record(c, await send(c))),
  ]);
  const health = await ctx.call('GET', '/healthz');
  if (health.status !== 200) failures.push({ surface: 'GET /healthz', mutation: 'after the run', status: health.status, detail: health.text.slice(0, 200) });

  return {
    cases: cases.length,
    bySurface,
    statuses,
    serverErrors: failures.filter((f) => f.status >= 500).length,
    noAnswer: failures.filter((f) => f.status === 0).length,
    apiCrashes: ctx.services.api.crashes.length - apiCrashesBefore,
    rateLimited,
    apiErrorsNotProblemJson: notProblem,
    fieldErrorsWithoutField: withoutField,
    accepted,
    acceptedSample,
    failures: failures.slice(0, 50),
    operationsCovered: new Set(api.map((c) => c.surface)).size - 1,
    operationsWithoutSample: withoutSample,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
