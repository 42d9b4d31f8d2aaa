// Sign-in by emailed link, sign-out. The answer to « send me a link » is the same whether or not the
// address has an account, and the mail leaves in the background, so neither the page nor its timing
// tells who has one.
import { Router, type Request, type Response } from 'express';
import { paths } from '../../domain/urls';
import { z } from '../../domain/zod';
import { signInConfirmPage, signInPage } from '../../templates/pages/sign-in';
import type { ApiDeps } from '../deps';
import { isSameOrigin } from '../auth/same-origin';
import { cookieOf, forbidden, optionalViewer, SESSION_COOKIE } from '../auth/viewer';
import { redirectWithFlash, takeFlash } from '../forms/flash';
import { formErrors } from '../forms/form-errors';
import { homeOf, safeReturnPath } from '../forms/page-viewer';
import { ProblemError } from '../problem';
import { rateLimit } from '../rate-limit';
import { sendSignInLink, SESSION_LIFETIME_MS, signIn, signInLinkUsable, signOut } from '../usecases/sign-in';
import { pageErrors } from '../forms/page-errors';

const signInForm = z.object({
  // Any address an account may have, the local administrator's admin@localhost included: it is only looked up.
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'adresse électronique invalide (par exemple prenom.nom@caf.fr)')
    .transform((e) => e.toLowerCase()),
  retour: z.string().optional(),
});

export function sessionRoutes(deps: ApiDeps): Router {
  const router = Router();
  const secure = deps.config.PUBLIC_BASE_URL.startsWith('https://');
  const askLimit = rateLimit({ limit: 5, windowMs: 60_000 });
  const useLimit = rateLimit({ limit: 30, windowMs: 60_000 });

  const render = (req: Request, res: Response, status: number, options: Omit<Parameters<typeof signInPage>[0], 'viewer' | 'returnTo'> & { returnTo?: string | null }) => {
    const viewer = optionalViewer(res);
    res
      .status(status)
      .type('html')
      .send(signInPage({ returnTo: safeReturnPath(req.query.retour), viewer, homePath: viewer ? homeOf(viewer.role) : undefined, ...options }));
  };

  /** A rate limit refused on a page answers with the page, not JSON. */
  const limited = async (limiter: ReturnType<typeof rateLimit>, req: Request, res: Response): Promise<ProblemError | null> => {
    try {
      // The limiter hands its refusal to `next` (or throws it): either way it comes back here.
      let passed: unknown = null;
      await limiter(req, res, (error?: unknown) => {
        passed = error ?? null;
      });
      if (passed) throw passed;
      return null;
    } catch (error) {
      if (error instanceof ProblemError) return error;
      throw error;
    }
  };

  router.get('/connexion', (req, res) => {
    render(req, res, 200, { flash: takeFlash(req, res) });
  });

  router.post('/connexion', async (req, res) => {
    const refused = await limited(askLimit, req, res);
    if (refused) return render(req, res, 429, { flash: { kind: 'error', text: refused.detail ?? refused.title } });
    const parsed = signInForm.safeParse(req.body ?? {});
    const returnTo = safeReturnPath(req.body?.retour);
    if (!parsed.success) {
      return render(req, res, 400, { email: String(req.body?.email ?? ''), errors: formErrors(parsed.error), returnTo });
    }
    void sendSignInLink(deps, parsed.data.email, returnTo).catch((error) => deps.logger.error('sign-in link not sent', { error }));
    redirectWithFlash(
      res,
      returnTo ? `${paths.signIn}?retour=${encodeURIComponent(returnTo)}` : paths.signIn,
      'ok',
      `Si un compte existe pour ${parsed.data.email}, un lien de connexion vient de lui être envoyé. Il est valable 20 minutes.`,
    );
  });

  const invalidLink = (req: Request, res: Response) =>
    render(req, res, 400, { flash: { kind: 'error', text: 'Ce lien de connexion n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau ci-dessous.' } });

  // Opening the link (GET, or a scanner's HEAD) only shows a button; pressing it (POST) uses the link.
  router.get('/connexion/:token', async (req, res) => {
    // The token is in this URL: no Referer leaves for another site (our own form's POST keeps its
    // Origin, which « no-referrer » would blank), and the answer is never cached.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    const refused = await limited(useLimit, req, res);
    if (refused) return render(req, res, 429, { flash: { kind: 'error', text: refused.detail ?? refused.title } });
    if (!(await signInLinkUsable(deps, req.params.token))) return invalidLink(req, res);
    res.type('html').send(signInConfirmPage({ token: req.params.token, returnTo: safeReturnPath(req.query.retour) }));
  });

  router.post('/connexion/:token', async (req, res) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    // Only from our own page: another site cannot sign a visitor into an account of its choosing.
    if (!isSameOrigin(req, deps.config.PUBLIC_BASE_URL)) throw forbidden('Formulaire envoyé depuis un autre site.');
    const refused = await limited(useLimit, req, res);
    if (refused) return render(req, res, 429, { flash: { kind: 'error', text: refused.detail ?? refused.title } });
    const signedIn = await signIn(deps, req.params.token, cookieOf(req, SESSION_COOKIE));
    if (!signedIn) return invalidLink(req, res);
    const { user, sessionToken } = signedIn;
    res.cookie(SESSION_COOKIE, sessionToken, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: SESSION_LIFETIME_MS });
    deps.logger.info('signed in', { userId: user.id, role: user.role });
    redirectWithFlash(res, safeReturnPath(req.body?.retour) ?? homeOf(user.role), 'ok', `Bienvenue, ${user.fullName}.`);
  });

  router.post('/deconnexion', async (req, res) => {
    const token = cookieOf(req, SESSION_COOKIE);
    if (token) await signOut(deps, token);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    redirectWithFlash(res, paths.signIn, 'ok', 'Vous êtes déconnecté(e).');
  });

  router.use(pageErrors);
  return router;
}
