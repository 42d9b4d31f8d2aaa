// Accounts and their API tokens: what an admin may do to accounts, what anyone may do to their own
// tokens (shown once, stored hashed). The rules; the rows are infra/db/users.ts's.
import { z } from '../../domain/zod';
import { issueToken, tokenLifetimeMs } from '../../infra/auth/tokens';
import { createUser as insertUser, emailTaken, findUser, knownTerritories, listApiTokens, listUsers, revokeApiToken, revokeSessions, updateUser, userExists } from '../../infra/db/users';
import { forbidden, type Viewer } from '../auth/viewer';
import type { ApiDeps } from '../deps';
import { notFound, ProblemError } from '../problem';

const roles = ['ADMIN', 'COORDINATOR', 'CAF_ADVISER'] as const;
const uuid = () => z.uuid({ error: 'identifiant invalide (UUID attendu)' });

export const userInputSchema = z
  .object({
    email: z.email({ error: 'adresse électronique invalide' }).transform((e) => e.toLowerCase()),
    fullName: z.string().trim().min(2).max(200),
    role: z.enum(roles),
    cafName: z.string().trim().min(3).max(200).optional(),
    territoryIds: z.array(uuid()).max(500).optional(),
  })
  .strict()
  .refine((u) => u.role !== 'CAF_ADVISER' || u.cafName, { message: 'la Caf du conseiller est requise', path: ['cafName'] });

export const userChangesSchema = z
  .object({
    fullName: z.string().trim().min(2).max(200).optional(),
    cafName: z.string().trim().min(3).max(200).nullable().optional(),
    territoryIds: z.array(uuid()).max(500).optional(),
    /** Disabled: no sign-in, every session and API token refused (revoked), until enabled again. */
    disabled: z.boolean({ error: 'attendu true ou false' }).optional(),
  })
  .strict();

export const tokenInputSchema = z
  .object({
    label: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(365).default(tokenLifetimeMs.API / 86_400_000),
    /** Admins may issue a token for another user (a script, an integration). */
    userId: uuid().optional(),
  })
  .strict();

type Deps = Pick<ApiDeps, 'prisma'>;

async function checkTerritories({ prisma }: Deps, ids: string[] | undefined) {
  if (!ids?.length) return;
  if ((await knownTerritories(prisma, ids)) !== new Set(ids).size) {
    throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field: 'territoryIds', reason: 'territoire inconnu' }]);
  }
}

const requireUser = async ({ prisma }: Deps, id: string) => {
  if (!(await userExists(prisma, id))) throw notFound('Compte');
};

export async function createUser(deps: Deps, { territoryIds, ...input }: z.infer<typeof userInputSchema>) {
  await checkTerritories(deps, territoryIds);
  const taken = () => new ProblemError(409, 'Conflit', `Un compte existe déjà pour ${input.email}.`);
  if (await emailTaken(deps.prisma, input.email)) throw taken();
  const user = await insertUser(deps.prisma, input, territoryIds ?? []);
  if (!user) throw taken();
  return user;
}

export async function changeUser(deps: Deps, viewer: Viewer, id: string, { territoryIds, disabled, ...fields }: z.infer<typeof userChangesSchema>) {
  await checkTerritories(deps, territoryIds);
  await requireUser(deps, id);
  if (disabled && id === viewer.userId) throw new ProblemError(409, 'Modification refusée', 'Vous ne pouvez pas désactiver votre propre compte.');
  return updateUser(deps.prisma, id, { fields, disabled, territoryIds });
}

/** Signs a person out everywhere (a lost phone, a shared computer). */
export async function signOutEverywhere(deps: Deps, id: string) {
  await requireUser(deps, id);
  return { userId: id, revoked: await revokeSessions(deps.prisma, id) };
}

export const listTokens = (deps: Deps, viewer: Viewer) => listApiTokens(deps.prisma, viewer.userId);

/** The token is in this answer only: it is stored hashed. */
export async function issueApiToken(deps: Deps, viewer: Viewer, input: z.infer<typeof tokenInputSchema>) {
  const userId = input.userId ?? viewer.userId;
  if (userId !== viewer.userId && viewer.role !== 'ADMIN') throw forbidden('Seule l’administration crée des jetons pour d’autres comptes.');
  await requireUser(deps, userId);
  const issued = await issueToken(deps.prisma, 'API', { userId }, { label: input.label, expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000) });
  return { id: issued.id, token: issued.token, label: input.label, expiresAt: issued.expiresAt };
}

/** An admin revokes any API token; anyone else their own. */
export async function revokeToken(deps: Deps, viewer: Viewer, id: string) {
  if (!(await revokeApiToken(deps.prisma, id, viewer.role === 'ADMIN' ? null : viewer.userId))) throw notFound('Jeton');
}

/** The signed-in person's own account. */
export const ownAccount = (deps: Deps, viewer: Viewer) => findUser(deps.prisma, viewer.userId);

/** Accounts by email, a page at a time (the administration). */
export const usersPage = (deps: Deps, page: { take: number; afterEmail?: string }) => listUsers(deps.prisma, page);
