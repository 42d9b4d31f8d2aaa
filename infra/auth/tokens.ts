// Bearer tokens for people without an account (a partner's personal link). Random 256-bit values, shown
// once in a link; only their SHA-256 is stored, so a database leak gives no usable link. Checked against
// expiry and revocation; the final comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Contact, PrismaClient } from '../db/prisma';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function issuePartnerToken(prisma: PrismaClient, contactId: string, expiresAt: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await prisma.accessToken.create({ data: { tokenHash: hashToken(token), purpose: 'PARTNER', contactId, expiresAt } });
  return token;
}

/** The contact a partner link belongs to, or null when it is malformed, unknown, expired or revoked. */
export async function resolvePartnerToken(prisma: PrismaClient, token: string, now = new Date()): Promise<Contact | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = await prisma.accessToken.findUnique({ where: { tokenHash: hash }, include: { contact: true } });
  if (!row || row.purpose !== 'PARTNER' || !row.contact) return null;
  if (!timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  if (row.revokedAt || row.expiresAt <= now) return null;
  await prisma.accessToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return row.contact;
}
