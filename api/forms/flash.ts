// The one-line message shown after a form's redirect (« 12 contacts importés »). Kept in a short-lived
// cookie rather than the URL, so nobody can craft a link that makes the service's page say something.
import type { Request, Response } from 'express';
import type { Flash } from '../../templates/pages/layout';
import { cookieOf } from '../auth/viewer';

const FLASH_COOKIE = 'ctg_flash';

export function setFlash(res: Response, kind: Flash['kind'], text: string): void {
  const value = Buffer.from(JSON.stringify({ kind, text: text.slice(0, 1500) })).toString('base64url');
  res.cookie(FLASH_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 120_000 });
}

/** The pending message, if any, removed so a reload does not show it again. */
export function takeFlash(req: Request, res: Response): Flash | null {
  const value = cookieOf(req, FLASH_COOKIE);
  if (!value) return null;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string') return { kind: parsed.kind, text: parsed.text };
  } catch {
    // a cookie we did not write: ignore it
  }
  return null;
}

/** Redirects after a form with the message to show on the next page (Post/Redirect/Get). */
export function redirectWithFlash(res: Response, location: string, kind: Flash['kind'], text: string): void {
  setFlash(res, kind, text);
  res.redirect(303, location);
}
