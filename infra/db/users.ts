// Accounts as the API shows them (with the territories a coordinator runs), and their changes: one
// transaction for disabling (every token revoked with it) and for the territories a coordinator runs.
import type { Prisma, PrismaClient } from './prisma';

const userView = { id: true, email: true, fullName: true, role: true, cafName: true, disabledAt: true, createdAt: true, territories: { select: { territoryId: true } } } as const;
const present = <T extends { territories: { territoryId: string }[] }>({ territories, ...user }: T) => ({ ...user, territoryIds: territories.map((t) => t.territoryId) });

export type UserRecord = ReturnType<typeof present<Prisma.UserGetPayload<{ select: typeof userView }>>>;

export const userExists = async (prisma: PrismaClient, id: string) => (await prisma.user.count({ where: { id } })) > 0;
export const emailTaken = async (prisma: PrismaClient, email: string) => (await prisma.user.count({ where: { email } })) > 0;

/** How many of these territories exist (each counted once). */
export const knownTerritories = (prisma: PrismaClient, ids: string[]) => prisma.territory.count({ where: { id: { in: ids } } });

export async function findUser(prisma: PrismaClient, id: string): Promise<UserRecord> {
  return present(await prisma.user.findUniqueOrThrow({ where: { id }, select: userView }));
}

/** Accounts by address, from after `afterEmail`, one more than `take` asks (to know if a page follows). */
export async function listUsers(prisma: PrismaClient, options: { take: number; afterEmail?: string }): Promise<UserRecord[]> {
  const rows = await prisma.user.findMany({ where: options.afterEmail ? { email: { gt: options.afterEmail } } : {}, orderBy: { email: 'asc' }, take: options.take, select: userView });
  return rows.map(present);
}

/** A new account; null when its address is taken (also by a concurrent creation). */
export async function createUser(prisma: PrismaClient, input: Omit<Prisma.UserCreateInput, 'territories'>, territoryIds: string[]): Promise<UserRecord | null> {
  const user = await prisma.user
    .create({ data: { ...input, territories: { create: territoryIds.map((territoryId) => ({ territoryId })) } }, select: userView })
    .catch((error: { code?: string }) => {
      if (error.code === 'P2002') return null;
      throw error;
    });
  return user && present(user);
}

export async function updateUser(
  prisma: PrismaClient,
  id: string,
  change: { fields: Prisma.UserUpdateInput; disabled?: boolean; territoryIds?: string[] },
): Promise<UserRecord> {
  const { disabled, territoryIds } = change;
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
    return tx.user.update({ where: { id }, data: change.fields, select: userView });
  });
  return present(user);
}

/** Ends a person's browser sessions and unused sign-in links; how many. */
export async function revokeSessions(prisma: PrismaClient, userId: string): Promise<number> {
  const revoked = await prisma.accessToken.updateMany({ where: { userId, purpose: { in: ['SESSION', 'LOGIN'] }, revokedAt: null }, data: { revokedAt: new Date() } });
  return revoked.count;
}

export const listApiTokens = (prisma: PrismaClient, userId: string) =>
  prisma.accessToken.findMany({
    where: { userId, purpose: 'API' },
    orderBy: { createdAt: 'desc' },
    select: { id: true, label: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });

/** Revokes an API token (`userId`: only if it is theirs); false when there is no such token. */
export async function revokeApiToken(prisma: PrismaClient, id: string, userId: string | null): Promise<boolean> {
  const token = await prisma.accessToken.findFirst({ where: { id, purpose: 'API', ...(userId ? { userId } : {}) } });
  if (!token) return false;
  if (!token.revokedAt) await prisma.accessToken.update({ where: { id }, data: { revokedAt: new Date() } });
  return true;
}

/** How a Caf adviser hears of their territories: single notices, the weekly digest, or both. */
export const noticesOf = async (prisma: PrismaClient, userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { notices: true } })).notices;
export const setNotices = (prisma: PrismaClient, userId: string, notices: Prisma.UserUpdateInput['notices']) => prisma.user.update({ where: { id: userId }, data: { notices } });

/** The account a sign-in link may be sent to: known by this address and not disabled; null otherwise. */
export async function activeUserByEmail(prisma: PrismaClient, email: string) {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, fullName: true, disabledAt: true } });
  return user && !user.disabledAt ? user : null;
}
