// Bearer tokens: a partner's personal link, a user's API token, a one-time sign-in link, a browser
// session, a member of the public's registration link. Random 256-bit values, shown once; only their
// SHA-256 is stored, so a database leak gives nothing usable. Checked against purpose, expiry and
// revocation; the final comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Contact, PrismaClient, TokenPurpose } from '../db/prisma';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url
const DAY_MS = 86_400_000;

/** How long each kind of token lives unless told otherwise. */
export const tokenLifetimeMs: Record<TokenPurpose, number> = {
  PARTNER: 540 * DAY_MS,
  API: 90 * DAY_MS,
  LOGIN: 20 * 60_000,
  SESSION: 12 * 3_600_000,
  REGISTRATION: 540 * DAY_MS,
};

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const isWellFormedToken = (token: string): boolean => TOKEN_PATTERN.test(token);

export interface TokenOwner {
  userId?: string;
  contactId?: string;
  registrationId?: string;
}

export async function issueToken(
  prisma: PrismaClient,
  purpose: TokenPurpose,
  owner: TokenOwner,
  options: { expiresAt?: Date; label?: string } = {},
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = options.expiresAt ?? new Date(Date.now() + tokenLifetimeMs[purpose]);
  const row = await prisma.accessToken.create({
    data: { tokenHash: hashToken(token), purpose, expiresAt, label: options.label ?? null, ...owner },
  });
  return { token, id: row.id, expiresAt };
}

/** The live token row for `token` and `purpose`, or null when malformed, unknown, expired or revoked. */
export async function resolveToken(prisma: PrismaClient, token: string, purpose: TokenPurpose, now = new Date()) {
  if (!isWellFormedToken(token)) return null;
  const hash = hashToken(token);
  // Only the owner this purpose can have: a status poller's every request reads its user, nothing more.
  const row = await prisma.accessToken.findUnique({
    where: { tokenHash: hash },
    include: { user: purpose !== 'PARTNER' && purpose !== 'REGISTRATION', contact: purpose === 'PARTNER', registration: purpose === 'REGISTRATION' },
  });
  if (!row || row.purpose !== purpose) return null;
  if (!timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  if (row.revokedAt || row.expiresAt <= now) return null;
  if (row.user?.disabledAt) return null; // a disabled account's tokens are refused, whatever their state
  // Written at most once a minute: a busy session must not turn every read into a write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.accessToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row;
}

/** Whether a token is valid now, without using it (a link's page before its button is pressed). */
export async function peekToken(prisma: PrismaClient, token: string, purpose: TokenPurpose, now = new Date()): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const row = await prisma.accessToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { purpose: true, revokedAt: true, expiresAt: true } });
  return Boolean(row && row.purpose === purpose && !row.revokedAt && row.expiresAt > now);
}

/** Uses a one-time token: revoked in the same statement that checks it, so two clicks sign in once. */
export async function consumeToken(prisma: PrismaClient, token: string, purpose: TokenPurpose, now = new Date()) {
  if (!isWellFormedToken(token)) return null;
  const hash = hashToken(token);
  const used = await prisma.accessToken.updateMany({
    where: { tokenHash: hash, purpose, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, lastUsedAt: now },
  });
  if (used.count !== 1) return null;
  const row = await prisma.accessToken.findUnique({ where: { tokenHash: hash }, include: { user: true } });
  return row?.user?.disabledAt ? null : row;
}

export async function revokeToken(prisma: PrismaClient, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await prisma.accessToken.updateMany({ where: { tokenHash: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Revokes every personal link of a contact (a lost or forwarded email): their next email carries a new one. */
export async function revokePartnerLinks(prisma: PrismaClient, contactId: string, now = new Date()): Promise<number> {
  const [, revoked] = await prisma.$transaction([
    prisma.contact.update({ where: { id: contactId }, data: { linkGeneration: { increment: 1 } } }),
    prisma.accessToken.updateMany({ where: { contactId, purpose: 'PARTNER', revokedAt: null }, data: { revokedAt: now } }),
  ]);
  return revoked.count;
}

/** The contact a partner link belongs to, or null when it is malformed, unknown, expired or revoked. */
export async function resolvePartnerToken(prisma: PrismaClient, token: string, now = new Date()): Promise<Contact | null> {
  return (await resolveToken(prisma, token, 'PARTNER', now))?.contact ?? null;
}
