// Accounts and their API tokens. An admin manages users and which territories each coordinator runs;
// everyone lists, creates and revokes their own tokens (shown once, stored hashed).
import { Router } from 'express';
import { requireRole, viewerOf } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { cursorStrings, pageOf, pageQuery } from '../pagination';
import { parseOrThrow } from '../problem';
import { changeUser, createUser, issueApiToken, listTokens, ownAccount, revokeToken, signOutEverywhere, tokenInputSchema, usersPage, userChangesSchema, userInputSchema } from '../usecases/users';
import { apiIdParam } from '../route-params';


export function userRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/me', async (_req, res) => {
    res.json(await ownAccount(deps, viewerOf(res)));
  });

  router.get('/users', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { limit, after } = pageQuery(req.query);
    const [afterEmail] = cursorStrings(after, 1) ?? [];
    res.json(pageOf(await usersPage(deps, { take: limit + 1, afterEmail }), limit, (u) => [u.email]));
  });

  router.post('/users', async (req, res) => {
    requireRole(res, 'ADMIN');
    const user = await createUser(deps, parseOrThrow(userInputSchema, req.body));
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  router.patch('/users/:id', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { id } = parseOrThrow(apiIdParam, req.params);
    res.json(await changeUser(deps, viewerOf(res), id, parseOrThrow(userChangesSchema, req.body)));
  });

  /** Signs a person out everywhere (a lost phone, a shared computer): their browser sessions and unused sign-in links end now. */
  router.post('/users/:id/revoke-sessions', async (req, res) => {
    requireRole(res, 'ADMIN');
    res.json(await signOutEverywhere(deps, parseOrThrow(apiIdParam, req.params).id));
  });

  router.get('/tokens', async (_req, res) => {
    res.json({ items: await listTokens(deps, viewerOf(res)), nextCursor: null });
  });

  /** The token is in this answer only: it is stored hashed. */
  router.post('/tokens', async (req, res) => {
    res.status(201).json(await issueApiToken(deps, viewerOf(res), parseOrThrow(tokenInputSchema, req.body)));
  });

  router.delete('/tokens/:id', async (req, res) => {
    await revokeToken(deps, viewerOf(res), parseOrThrow(apiIdParam, req.params).id);
    res.status(204).end();
  });

  return router;
}
