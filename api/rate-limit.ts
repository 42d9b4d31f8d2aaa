// Public endpoints (personal links, public registration, sign-in) are rate-limited, so a link can't be
// brute-forced and a form can't flood inboxes: express-rate-limit (maintained, standard RateLimit headers)
// counts per client address, an IPv6 client by its /64 (one machine's many addresses count once), or per
// what the caller says (an email address typed in a form). In memory: several API replicas each keep
// their own count. The answer is our problem+json, in French.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit as expressRateLimit } from 'express-rate-limit';
import { ProblemError } from './problem';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  /** What is counted: the client's address by default; else a key from the request (an email), requests without one not counted. */
  key?: (req: Request) => string | null;
  /** Says whose requests were too many, in the 429's detail. */
  who?: string;
}

export function rateLimit({ limit, windowMs, key, who = 'depuis votre adresse' }: RateLimitOptions): RequestHandler {
  const byAddress = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 64);
  return expressRateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => (key ? `key:${key(req)}` : byAddress(req)),
    // A request without that key (a form sent without an address) is not counted here.
    ...(key ? { skip: (req: Request) => key(req) === null } : {}),
    // A key of our own is not the client's address: it needs no IPv6 grouping; and X-Forwarded-For is
    // ignored on purpose unless TRUST_PROXY names the proxies (a forged header must not change the count).
    validate: { xForwardedForHeader: false, keyGeneratorIpFallback: false },
    handler: (_req, res, _next, options) => {
      const retry = Math.ceil(options.windowMs / 1000);
      res.setHeader('Retry-After', String(retry));
      throw new ProblemError(429, 'Trop de requêtes', `Trop de requêtes ${who} : réessayez dans ${retry} s.`);
    },
  });
}
