// `npm start` signs its user in as the administration: an admin account (admin@localhost) is created on
// the first run, and each start prints a fresh one-time sign-in link (20 minutes; after that, ask for a
// new one at /connexion and read it among the captured messages) and an API token for curl.
import { signInLink } from '../api/usecases/sign-in';
import { issueToken } from '../infra/auth/tokens';
import { createPrismaClient } from '../infra/db/prisma';

export const LOCAL_ADMIN_EMAIL = 'admin@localhost';
const LOCAL_API_TOKEN_LABEL = 'npm start';

/** The link for ADMIN_EMAIL's account when set (as the API ensures it), else for the first admin, created if none. */
export async function localAdminSignInLink(databaseUrl: string, publicBaseUrl: string, adminEmail?: string): Promise<{ email: string; link: string; apiToken: string; created: boolean }> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    let admin = adminEmail
      ? await prisma.user.findFirst({ where: { email: adminEmail, role: 'ADMIN' } })
      : await prisma.user.findFirst({ where: { role: 'ADMIN' }, orderBy: { createdAt: 'asc' } });
    const created = !admin;
    admin ??= await prisma.user.upsert({
      where: { email: adminEmail ?? LOCAL_ADMIN_EMAIL },
      create: { email: adminEmail ?? LOCAL_ADMIN_EMAIL, fullName: 'Administration locale', role: 'ADMIN' },
      update: { role: 'ADMIN' },
    });
    const { token } = await issueToken(prisma, 'LOGIN', { userId: admin.id });
    // One API token for trying the API with curl: each start revokes the previous one (it can't be shown again).
    await prisma.accessToken.updateMany({ where: { userId: admin.id, purpose: 'API', label: LOCAL_API_TOKEN_LABEL, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token: apiToken } = await issueToken(prisma, 'API', { userId: admin.id }, { label: LOCAL_API_TOKEN_LABEL });
    return { email: admin.email, link: signInLink(publicBaseUrl, token), apiToken, created };
  } finally {
    await prisma.$disconnect();
  }
}
