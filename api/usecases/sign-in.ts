// Sign-in by emailed link: the link a person receives (and `npm start` prints), sending it through the
// outbox (nothing tells the caller whether the address has an account), using it for a session, signing out.
import { issueLoginLink } from '../../infra/auth/personal-links';
import { consumeToken, issueToken, peekToken, revokeToken, tokenLifetimeMs } from '../../infra/auth/tokens';
import { activeUserByEmail } from '../../infra/db/users';
import { addressOf, TOKEN_PLACEHOLDER } from '../../infra/mail';
import { signInEmail } from '../../templates/sign-in-email';
import type { ApiDeps } from '../deps';

/** The sign-in link for a user: what the email carries and `npm start` prints. */
export function signInLink(publicBaseUrl: string, token: string, returnTo: string | null = null): string {
  return `${publicBaseUrl}/connexion/${token}${returnTo ? `?retour=${encodeURIComponent(returnTo)}` : ''}`;
}

/** Sends a sign-in link to the account of `email`, if there is an enabled one; nothing otherwise. */
export async function sendSignInLink(deps: Pick<ApiDeps, 'prisma' | 'config' | 'outbox' | 'logger'>, email: string, returnTo: string | null): Promise<void> {
  const user = await activeUserByEmail(deps.prisma, email);
  if (!user) {
    deps.logger.info('sign-in link asked for an unknown address');
    return;
  }
  const { ref } = await issueLoginLink(deps.prisma, user.id, deps.config.LINK_SECRET);
  const from = deps.config.MAIL_FROM;
  // The link's token is derived again when the message is built: the outbox keeps only which link it is.
  const mail = signInEmail({
    fullName: user.fullName,
    link: signInLink(deps.config.PUBLIC_BASE_URL, TOKEN_PLACEHOLDER, returnTo),
    contact: { name: 'Service CTG', email: addressOf(from), territoryName: 'service de suivi' },
  });
  await deps.outbox.deliver({
    // One message per link issued (the token's id), never re-sent by a retry.
    key: { kind: 'SIGN_IN', slot: ref.tokenId, stepId: null, recipient: user.email, sequence: 0 },
    processId: null,
    contactId: null,
    template: { from, to: user.email, ...mail },
    personal: { name: user.fullName, email: user.email, link: ref },
  });
  deps.logger.info('sign-in link sent', { userId: user.id });
}

/** Whether a sign-in link can still be used (opening it only shows a button: scanners must not use it up). */
export const signInLinkUsable = async (deps: Pick<ApiDeps, 'prisma'>, token: string) => Boolean(await peekToken(deps.prisma, token, 'LOGIN'));

/** How long a session lasts (its cookie's age). */
export const SESSION_LIFETIME_MS = tokenLifetimeMs.SESSION;

/** Uses up a sign-in link: a new session for its user (the one this browser had is ended), or null for a spent or expired link. */
export async function signIn(deps: Pick<ApiDeps, 'prisma'>, token: string, previousSession: string | null) {
  const row = await consumeToken(deps.prisma, token, 'LOGIN');
  if (!row?.user) return null;
  if (previousSession) await revokeToken(deps.prisma, previousSession);
  const session = await issueToken(deps.prisma, 'SESSION', { userId: row.user.id });
  return { user: row.user, sessionToken: session.token };
}

/** Ends a session. */
export const signOut = (deps: Pick<ApiDeps, 'prisma'>, sessionToken: string) => revokeToken(deps.prisma, sessionToken);
