// The territory's shared calendar feed: one unguessable link the coordinator hands out (the newsletter's
// public pages carry it), renewed to revoke it. Personal feeds stay per partner (their own link).
import { randomBytes } from 'node:crypto';
import { paths } from '../../domain/urls';
import { loadTerritoryFeed } from '../../infra/db/calendar-feeds';
import { feedCalendar } from '../../templates/calendar';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';

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

/** The territory's feed as a calendar file (PUBLISH): `shared`, the one its link gives (no one-to-one interview). */
export async function territoryFeedIcs(deps: Pick<ApiDeps, 'prisma'>, territoryId: string, options: { shared?: boolean } = {}): Promise<string> {
  return feedCalendar((await loadTerritoryFeed(deps.prisma, territoryId, options))!);
}

/** The shared feed its token opens (`<token>.ics`), or 404: a renewed link answers no more. */
export async function sharedCalendarIcs(deps: Pick<ApiDeps, 'prisma'>, file: string): Promise<string> {
  const token = /^([A-Za-z0-9_-]{32})\.ics$/.exec(file)?.[1];
  const territory = token ? await deps.prisma.territory.findUnique({ where: { calendarToken: token }, select: { id: true } }) : null;
  if (!territory) throw notFound('Calendrier');
  return territoryFeedIcs(deps, territory.id, { shared: true });
}
