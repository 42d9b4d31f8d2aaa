// Pages reached from the personal link in a partner's emails: no account, the link is the key.
import { Router } from 'express';
import { resolvePartnerToken } from '../../infra/auth/tokens';
import { loadPartnerFeed } from '../../infra/db/read-models';
import { feedCalendar } from '../../templates/calendar';
import { partnerPage } from '../../templates/pages/partner';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../problem';

export function partnerRoutes(deps: ApiDeps): Router {
  const router = Router();

  const contactOf = async (token: string) => {
    const contact = await resolvePartnerToken(deps.prisma, token);
    // One answer for unknown, expired and revoked links: nothing to learn by probing.
    if (!contact) throw new ProblemError(404, 'Lien invalide ou expiré', 'Ce lien personnel n’est plus valable : demandez-en un nouveau à votre contact.');
    return contact;
  };

  router.get('/:token/calendar.ics', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const feed = (await loadPartnerFeed(deps.prisma, contact.id))!;
    res.type('text/calendar; charset=utf-8').setHeader('Cache-Control', 'private, no-store');
    res.send(feedCalendar(feed));
  });

  router.get('/:token', async (req, res) => {
    const contact = await contactOf(req.params.token);
    const feed = (await loadPartnerFeed(deps.prisma, contact.id))!;
    const territory = await deps.prisma.territory.findUniqueOrThrow({ where: { id: contact.territoryId } });
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(partnerPage({ fullName: contact.fullName, territoryName: territory.name, feed, feedUrl: `${deps.config.PUBLIC_BASE_URL}/p/${req.params.token}/calendar.ics` }));
  });

  return router;
}
