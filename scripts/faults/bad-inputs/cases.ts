// What the bad-input cases are made of: a case (one request), the fixtures they point at (ids and links
// of a real territory), and the wrong values, ids, keys, phases and query strings they draw from.
import type { HttpOptions } from '../../lib/http';

export interface Case {
  surface: string;
  mutation: string;
  method: string;
  url: string;
  options: HttpOptions;
  /** Behind a per-address rate limit: paced, and sent again after a 429. */
  limited?: boolean;
}

export interface Fixtures {
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

// A seeded generator: the same run draws the same cases.
export function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const b64 = (value: string) => Buffer.from(value).toString('base64url');
export const huge = (n: number) => 'A'.repeat(n);
export const randomUuid = () => '3f2b9c1e-7d4a-4e8b-9c6d-2a1b0c9d8e7f';

/** Wrong values for any field. */
export const wrongValues: [string, unknown][] = [
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

export const badIds: [string, string][] = [
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
export const badKeys: [string, string][] = [
  ['upper case', 'RENCONTRE'],
  ['underscore', 'a_b'],
  ['dash only', '-'],
  ['unknown', 'etape-inconnue'],
  ['long', `a${'-b'.repeat(200)}`],
  ['NUL', '%00'],
];
export const badPhases: [string, string][] = [
  ['unknown phase', 'PHASE_X'],
  ['lower case', 'diagnostic'],
  ['number', '1'],
];

export function cursorCases(): [string, string][] {
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
