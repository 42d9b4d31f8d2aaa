// Cross-site request forgery guard. A browser sends the session cookie with any form posted to us, even
// from another site; such a request must come from our own pages. Unsafe methods authenticated by the
// cookie must carry an Origin (or, failing that, a Referer) naming this host. API tokens are not sent by
// browsers on their own, so token callers are not concerned.
import type { Request, RequestHandler } from 'express';
import { optionalViewer } from './viewer';
import { ProblemError } from '../problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(url: string | undefined): string | null {
  if (!url || url === 'null') return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** True when the request names this service as its origin: the Host it was sent to, or the public URL's host (behind a proxy). */
export function isSameOrigin(req: Request, publicBaseUrl: string): boolean {
  const source = hostOf(req.get('origin')) ?? hostOf(req.get('referer'));
  if (!source) return false;
  const hosts = [req.get('host')?.toLowerCase(), hostOf(publicBaseUrl)].filter(Boolean);
  return hosts.includes(source);
}

export function sameOrigin(publicBaseUrl: string): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || optionalViewer(res)?.via !== 'session') return next();
    if (!isSameOrigin(req, publicBaseUrl)) {
      throw new ProblemError(403, 'Requête refusée', 'Cette action doit être envoyée depuis les pages du service (origine différente ou absente).');
    }
    next();
  };
}
