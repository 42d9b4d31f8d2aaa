// Accounts and their API tokens. An admin manages users and which territories each coordinator runs;
// everyone lists, creates and revokes their own tokens (shown once, stored hashed).
import { Router } from 'express';
import { z } from '../../domain/zod';
import { issueToken, tokenLifetimeMs } from '../../infra/auth/tokens';
import { requireRole, viewerOf, forbidden } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { cursorStrings, pageOf, pageQuery } from '../pagination';
import { notFound, parseOrThrow, ProblemError } from '../problem';

const idParam = z.object({ id: z.uuid({ error: 'identifiant invalide (UUID attendu)' }) });
const roles = ['ADMIN', 'COORDINATOR', 'CAF_ADVISER'] as const;

export const userInputSchema = z
  .object({
    email: z.email({ error: 'adresse électronique invalide' }).transform((e) => e.toLowerCase()),
    fullName: z.string().trim().min(2).max(200),
    role: z.enum(roles),
    cafName: z.string().trim().min(3).max(200).optional(),
    territoryIds: z.array(z.uuid({ error: 'identifiant invalide (UUID attendu)' })).max(500).optional(),
  })
  .strict()
  .refine((u) => u.role !== 'CAF_ADVISER' || u.cafName, { message: 'la Caf du conseiller est requise', path: ['cafName'] });

export const userChangesSchema = z
  .object({
    fullName: z.string().trim().min(2).max(200).optional(),
    cafName: z.string().trim().min(3).max(200).nullable().optional(),
    territoryIds: z.array(z.uuid({ error: 'identifiant invalide (UUID attendu)' })).max(500).optional(),
    /** Disabled: no sign-in, every session and API token refused (revoked), until enabled again. */
    disabled: z.boolean({ error: 'attendu true ou false' }).optional(),
  })
  .strict();

export const tokenInputSchema = z
  .object({
    label: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(365).default(tokenLifetimeMs.API / 86_400_000),
    /** Admins may issue a token for another user (a script, an integration). */
    userId: z.uuid({ error: 'identifiant invalide (UUID attendu)' }).optional(),
  })
  .strict();

const userView = { id: true, email: true, fullName: true, role: true, cafName: true, disabledAt: true, createdAt: true, territories: { select: { territoryId: true } } } as const;
const present = <T extends { territories: { territoryId: string }[] }>({ territories, ...user }: T) => ({ ...user, territoryIds: territories.map((t) => t.territoryId) });

export function userRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { prisma } = deps;

  async function checkTerritories(ids: string[] | undefined) {
    if (!ids?.length) return;
    const found = await prisma.territory.count({ where: { id: { in: ids } } });
    if (found !== new Set(ids).size) throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field: 'territoryIds', reason: 'territoire inconnu' }]);
  }

  router.get('/me', async (_req, res) => {
    const viewer = viewerOf(res);
    res.json(present(await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: userView })));
  });

  router.get('/users', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { limit, after } = pageQuery(req.query);
    const [email] = cursorStrings(after, 1) ?? [];
    const rows = await prisma.user.findMany({ where: email ? { email: { gt: email } } : {}, orderBy: { email: 'asc' }, take: limit + 1, select: userView });
    const page = pageOf(rows, limit, (u) => [u.email]);
    res.json({ ...page, items: page.items.map(present) });
  });

  router.post('/users', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { territoryIds, ...input } = parseOrThrow(userInputSchema, req.body);
    await checkTerritories(territoryIds);
    const existing = await prisma.user.findUnique({ where: { email: input.email } });
    if (existing) throw new ProblemError(409, 'Conflit', `Un compte existe déjà pour ${input.email}.`);
    const user = await prisma.user
      .create({ data: { ...input, territories: { create: (territoryIds ?? []).map((territoryId) => ({ territoryId })) } }, select: userView })
      .catch((error: { code?: string }) => {
        if (error.code === 'P2002') throw new ProblemError(409, 'Conflit', `Un compte existe déjà pour ${input.email}.`);
        throw error;
      });
    res.status(201).location(`/api/users/${user.id}`).json(present(user));
  });

  router.patch('/users/:id', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { id } = parseOrThrow(idParam, req.params);
    const { territoryIds, disabled, ...changes } = parseOrThrow(userChangesSchema, req.body);
    await checkTerritories(territoryIds);
    if (!(await prisma.user.findUnique({ where: { id } }))) throw notFound('Compte');
    if (disabled && id === viewerOf(res).userId) throw new ProblemError(409, 'Modification refusée', 'Vous ne pouvez pas désactiver votre propre compte.');
    const user = await prisma.$transaction(async (tx) => {
      if (disabled !== undefined) {
        await tx.user.updateMany({ where: { id, disabledAt: disabled ? null : { not: null } }, data: { disabledAt: disabled ? new Date() : null } });
        // Its sessions, API tokens and sign-in links end now; enabled again, it signs in anew.
        if (disabled) await tx.accessToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
      }
      if (territoryIds) {
        await tx.territoryCoordinator.deleteMany({ where: { userId: id } });
        // skipDuplicates: two concurrent changes of one account must not collide on its rows (a 500).
        await tx.territoryCoordinator.createMany({ data: [...new Set(territoryIds)].map((territoryId) => ({ territoryId, userId: id })), skipDuplicates: true });
      }
      return tx.user.update({ where: { id }, data: changes, select: userView });
    });
    res.json(present(user));
  });

  /** Signs a person out everywhere (a lost phone, a shared computer): their browser sessions and unused sign-in links end now. */
  router.post('/users/:id/revoke-sessions', async (req, res) => {
    requireRole(res, 'ADMIN');
    const { id } = parseOrThrow(idParam, req.params);
    if (!(await prisma.user.findUnique({ where: { id } }))) throw notFound('Compte');
    const revoked = await prisma.accessToken.updateMany({ where: { userId: id, purpose: { in: ['SESSION', 'LOGIN'] }, revokedAt: null }, data: { revokedAt: new Date() } });
    res.json({ userId: id, revoked: revoked.count });
  });

  router.get('/tokens', async (_req, res) => {
    const viewer = viewerOf(res);
    const items = await prisma.accessToken.findMany({
      where: { userId: viewer.userId, purpose: 'API' },
      orderBy: { createdAt: 'desc' },
      select: { id: true, label: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    res.json({ items, nextCursor: null });
  });

  /** The token is in this answer only: it is stored hashed. */
  router.post('/tokens', async (req, res) => {
    const viewer = viewerOf(res);
    const input = parseOrThrow(tokenInputSchema, req.body);
    const userId = input.userId ?? viewer.userId;
    if (userId !== viewer.userId && viewer.role !== 'ADMIN') throw forbidden('Seule l’administration crée des jetons pour d’autres comptes.');
    if (!(await prisma.user.findUnique({ where: { id: userId } }))) throw notFound('Compte');
    const issued = await issueToken(prisma, 'API', { userId }, { label: input.label, expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000) });
    res.status(201).json({ id: issued.id, token: issued.token, label: input.label, expiresAt: issued.expiresAt });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const viewer = viewerOf(res);
    const { id } = parseOrThrow(idParam, req.params);
    const token = await prisma.accessToken.findFirst({ where: { id, purpose: 'API', ...(viewer.role === 'ADMIN' ? {} : { userId: viewer.userId }) } });
    if (!token) throw notFound('Jeton');
    if (!token.revokedAt) await prisma.accessToken.update({ where: { id }, data: { revokedAt: new Date() } });
    res.status(204).end();
  });

  return router;
}
