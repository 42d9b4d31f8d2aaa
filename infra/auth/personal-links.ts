// Personal links that need not be stored: a partner's page, a member of the public's registration page, a
// sign-in link. Each token is an HMAC of the server secret and what it opens, so a message built again
// (a retry, the mailbox) carries the same link while the database keeps only its hash and a reference
// (`LinkRef`) of which link it is. Revocable: a partner's link by raising their link generation, any
// link by revoking its row.
import { createHmac, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/prisma';
import { hashToken, tokenLifetimeMs } from './tokens';

/** Which personal link a message carries (stored with the message instead of the token). */
export type LinkRef =
  | { kind: 'PARTNER'; contactId: string; generation: number }
  | { kind: 'REGISTRATION'; registrationId: string }
  | { kind: 'LOGIN'; tokenId: string };

const DAY_MS = 86_400_000;
/** A link still valid this long is not extended: most emails to a person then write nothing. */
const RENEW_BEFORE_MS = 360 * DAY_MS;

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

/** The personal link token of a contact's current link generation: 32 bytes of HMAC, base64url like any token. */
export const derivePartnerToken = (secret: string, contactId: string, generation: number): string => hmac(secret, `partner-link:${contactId}:${generation}`);

export function tokenOfLink(ref: LinkRef, secret: string): string {
  switch (ref.kind) {
    case 'PARTNER':
      return derivePartnerToken(secret, ref.contactId, ref.generation);
    case 'REGISTRATION':
      return hmac(secret, `registration-link:${ref.registrationId}`);
    case 'LOGIN':
      return hmac(secret, `login-link:${ref.tokenId}`);
  }
}

/** Inserts the hashed rows of these links, or extends those close to expiry; revoked rows stay revoked. */
async function ensureRows(prisma: PrismaClient, rows: { token: string; purpose: 'PARTNER' | 'REGISTRATION'; ownerId: string }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const expiresAt = new Date(now.getTime() + tokenLifetimeMs.PARTNER);
  const renewBefore = new Date(now.getTime() + RENEW_BEFORE_MS);
  await prisma.$executeRaw`
    INSERT INTO "AccessToken" ("id", "tokenHash", "purpose", "contactId", "registrationId", "expiresAt", "createdAt")
    SELECT gen_random_uuid(), t.hash, t.purpose::"TokenPurpose",
           CASE WHEN t.purpose = 'PARTNER' THEN t.owner::uuid END, CASE WHEN t.purpose = 'REGISTRATION' THEN t.owner::uuid END,
           ${expiresAt}, ${now}
    FROM unnest(${rows.map((r) => hashToken(r.token))}::text[], ${rows.map((r) => r.purpose)}::text[], ${rows.map((r) => r.ownerId)}::text[]) AS t(hash, purpose, owner)
    ON CONFLICT ("tokenHash") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
    WHERE "AccessToken"."revokedAt" IS NULL AND "AccessToken"."expiresAt" < ${renewBefore}`;
}

/**
 * Every partner's current link, ready to be sent: one per person, the same in every email, valid
 * `tokenLifetimeMs.PARTNER` from their last one. Three statements for any number of contacts.
 */
export async function preparePartnerLinks(prisma: PrismaClient, contactIds: string[], secret: string, now = new Date()): Promise<Map<string, LinkRef & { kind: 'PARTNER' }>> {
  const ids = [...new Set(contactIds)];
  const refs = new Map<string, LinkRef & { kind: 'PARTNER' }>();
  if (ids.length === 0) return refs;
  const read = async (which: string[]) => prisma.contact.findMany({ where: { id: { in: which } }, select: { id: true, linkGeneration: true } });
  for (const c of await read(ids)) refs.set(c.id, { kind: 'PARTNER', contactId: c.id, generation: c.linkGeneration });
  await ensureRows(prisma, [...refs.values()].map((r) => ({ token: tokenOfLink(r, secret), purpose: 'PARTNER', ownerId: r.contactId })), now);
  // Revoked meanwhile (« Nouveau lien » between our read and our write): the revocation wins, these
  // emails carry the new generation's link, and the row just extended is revoked again.
  const moved = (await read([...refs.keys()])).filter((c) => refs.get(c.id)!.generation !== c.linkGeneration);
  if (moved.length > 0) {
    await prisma.accessToken.updateMany({
      where: { tokenHash: { in: moved.map((c) => hashToken(tokenOfLink(refs.get(c.id)!, secret))) }, revokedAt: null },
      data: { revokedAt: now },
    });
    for (const [id, ref] of await preparePartnerLinks(prisma, moved.map((c) => c.id), secret, now)) refs.set(id, ref);
  }
  return refs;
}

/** One partner's link (see preparePartnerLinks). */
export async function issuePartnerToken(prisma: PrismaClient, contactId: string, secret: string, now = new Date()): Promise<string> {
  const ref = (await preparePartnerLinks(prisma, [contactId], secret, now)).get(contactId);
  if (!ref) throw new Error(`no contact ${contactId}`);
  return tokenOfLink(ref, secret);
}

/** A member of the public's link to their registration: one per registration, for its whole life. */
export async function prepareRegistrationLinks(prisma: PrismaClient, registrationIds: string[], secret: string, now = new Date()): Promise<Map<string, LinkRef & { kind: 'REGISTRATION' }>> {
  const refs = new Map([...new Set(registrationIds)].map((id) => [id, { kind: 'REGISTRATION' as const, registrationId: id }]));
  await ensureRows(prisma, [...refs.values()].map((r) => ({ token: tokenOfLink(r, secret), purpose: 'REGISTRATION', ownerId: r.registrationId })), now);
  return refs;
}

/** A one-time sign-in link (20 minutes), derivable again from its row's id for the message that carries it. */
export async function issueLoginLink(prisma: PrismaClient, userId: string, secret: string, now = new Date()): Promise<{ ref: LinkRef & { kind: 'LOGIN' }; token: string }> {
  const ref = { kind: 'LOGIN' as const, tokenId: randomUUID() };
  const token = tokenOfLink(ref, secret);
  await prisma.accessToken.create({ data: { id: ref.tokenId, tokenHash: hashToken(token), purpose: 'LOGIN', userId, expiresAt: new Date(now.getTime() + tokenLifetimeMs.LOGIN) } });
  return { ref, token };
}
