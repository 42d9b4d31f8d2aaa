// The territory's shared calendar feed: one unguessable link the coordinator hands out (the newsletter's
// public pages carry it), renewed to revoke it. Personal feeds stay per partner (their own link).
import { randomBytes } from 'node:crypto';
import { paths } from '../../domain/urls';
import type { ApiDeps } from '../deps';

const newToken = () => randomBytes(24).toString('base64url');

/** The feed's address, created on first use. */
export async function sharedCalendarUrl(deps: Pick<ApiDeps, 'prisma' | 'config'>, territoryId: string): Promise<string> {
  const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: territoryId }, select: { calendarToken: true } });
  let token = territory.calendarToken;
  if (!token) {
    await deps.prisma.territory.updateMany({ where: { id: territoryId, calendarToken: null }, data: { calendarToken: newToken() } });
    token = (await deps.prisma.territory.findUniqueOrThrow({ where: { id: territoryId }, select: { calendarToken: true } })).calendarToken!;
  }
  return `${deps.config.PUBLIC_BASE_URL}${paths.sharedCalendar(token)}`;
}

/** A new address: the old one answers 404 from now on. */
export async function renewSharedCalendar(deps: Pick<ApiDeps, 'prisma' | 'config'>, territoryId: string): Promise<string> {
  const token = newToken();
  await deps.prisma.territory.update({ where: { id: territoryId }, data: { calendarToken: token } });
  return `${deps.config.PUBLIC_BASE_URL}${paths.sharedCalendar(token)}`;
}
