// Who is calling. Users (admin, coordinator, Caf adviser) present an API token (Authorization: Bearer)
// or a session cookie set by the sign-in link; partners have no account and use their personal link
// (api/routes/partner.ts), never these.
import type { Request, RequestHandler, Response } from 'express';
import { resolveToken } from '../../infra/auth/tokens';
import type { UserRole } from '../../infra/db/prisma';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';

export const SESSION_COOKIE = 'ctg_session';

export interface Viewer {
  userId: string;
  email: string;
  fullName: string;
  role: UserRole;
  /** For a Caf adviser: the Caf whose territories they may read. */
  cafName: string | null;
  /** How the caller proved who they are: a cookie session must also pass the same-origin check. */
  via: 'token' | 'session';
}

export function cookieOf(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null; // malformed percent-encoding: no usable cookie, not a server error
    }
  }
  return null;
}

function bearerOf(req: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match ? match[1]! : null;
}

/** Finds the caller, if any, and keeps it in res.locals.viewer; refusing is left to `viewerOf`. */
export function identify(deps: ApiDeps): RequestHandler {
  return async (req, res, next) => {
    const bearer = bearerOf(req);
    const session = bearer ? null : cookieOf(req, SESSION_COOKIE);
    if (req.get('authorization') && !bearer) {
      throw new ProblemError(401, 'Authentification requise', 'En-tête Authorization attendu sous la forme « Bearer <jeton> ».');
    }
    const token = bearer ?? session;
    if (token) {
      const row = await resolveToken(deps.prisma, token, bearer ? 'API' : 'SESSION');
      if (row?.user) {
        const { id, email, fullName, role, cafName } = row.user;
        res.locals.viewer = { userId: id, email, fullName, role, cafName, via: bearer ? 'token' : 'session' } satisfies Viewer;
      } else if (bearer) {
        throw new ProblemError(401, 'Authentification requise', 'Jeton inconnu, expiré ou révoqué.');
      }
    }
    next();
  };
}

export function optionalViewer(res: Response): Viewer | null {
  return (res.locals.viewer as Viewer | undefined) ?? null;
}

/** The signed-in caller, or a 401. */
export function viewerOf(res: Response): Viewer {
  const viewer = optionalViewer(res);
  if (!viewer) throw new ProblemError(401, 'Authentification requise', 'Présentez un jeton d’API (Authorization: Bearer) ou connectez-vous.');
  return viewer;
}

export function requireRole(res: Response, ...roles: UserRole[]): Viewer {
  const viewer = viewerOf(res);
  if (!roles.includes(viewer.role)) throw forbidden();
  return viewer;
}

export const forbidden = (detail = 'Votre rôle ne permet pas cette action.') => new ProblemError(403, 'Action non autorisée', detail);
