// Pages that need a signed-in user send the others to the sign-in page, with the way back.
import type { Request, Response } from 'express';
import type { UserRole } from '../../infra/db/prisma';
import { forbidden, optionalViewer, type Viewer } from '../auth/viewer';

/** A local path to come back to after signing in; anything else (another site, `//host`) is dropped. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Control characters (a line break splits headers) and backslashes (read as « / » by browsers).
  if ([...value].some((c) => c < ' ' || c === '\\')) return null;
  return value;
}

export const signInPath = (returnTo: string | null) => (returnTo && returnTo !== '/' ? `/connexion?retour=${encodeURIComponent(returnTo)}` : '/connexion');

/** The signed-in viewer, or null after redirecting to /connexion (the route then stops); 403 for another role. */
export function pageViewer(req: Request, res: Response, ...roles: UserRole[]): Viewer | null {
  const viewer = optionalViewer(res);
  if (!viewer) {
    res.redirect(303, signInPath(req.method === 'GET' ? safeReturnPath(req.originalUrl) : null));
    return null;
  }
  if (roles.length && !roles.includes(viewer.role)) throw forbidden();
  return viewer;
}

/** Where each role starts after signing in. */
export const homeOf = (role: UserRole) => (role === 'CAF_ADVISER' ? '/tableau-de-bord' : '/territoires');
