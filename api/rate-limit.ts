// Public endpoints (personal links, public registration, sign-in) are rate-limited per client address,
// so a link can't be brute-forced and a form can't be used to flood inboxes. A fixed window in memory:
// enough for one API process; several replicas behind a balancer each keep their own count.
import type { RequestHandler } from 'express';
import { ProblemError } from './problem';

export interface RateLimitOptions {
  /** Requests allowed per window and client. */
  limit: number;
  windowMs: number;
}

export function rateLimit({ limit, windowMs }: RateLimitOptions): RequestHandler {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = Date.now();
  return (req, res, next) => {
    const now = Date.now();
    if (now - lastSweep > windowMs) {
      for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
      lastSweep = now;
    }
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let window = windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.ceil((window.startedAt + windowMs - now) / 1000);
    res.setHeader('RateLimit-Policy', `${limit};w=${Math.round(windowMs / 1000)}`);
    res.setHeader('RateLimit', `limit=${limit}, remaining=${Math.max(0, limit - window.count)}, reset=${resetSeconds}`);
    if (window.count > limit) {
      res.setHeader('Retry-After', String(resetSeconds));
      throw new ProblemError(429, 'Trop de requêtes', `Trop de requêtes depuis votre adresse : réessayez dans ${resetSeconds} s.`);
    }
    next();
  };
}
