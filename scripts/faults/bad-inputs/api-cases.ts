// Bad inputs for every operation of the JSON API (api/openapi.ts `operations`): from a valid request each,
// bad path parameters, credentials, query parameters, headers and bodies (fields missing, wrong, unknown,
// out of the enum; malformed JSON, wrong content types, huge or deeply nested payloads).
import { operations, type Operation } from '../../../api/api-operations';
import { z } from '../../../domain/zod';
import type { HttpOptions } from '../../lib/http';
import { validBodies } from '../valid-bodies';
import { b64, badIds, badKeys, badPhases, cursorCases, huge, wrongValues, type Case, type Fixtures } from './cases';

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

export function apiCases(f: Fixtures, random: () => number): { cases: Case[]; withoutSample: string[] } {
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
