// The HTTP service: JSON API under /api, server-rendered pages elsewhere, one problem+json error format.
import express from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler, refuseNulCharacters } from './problem';
import { mailboxRoutes } from './routes/mailbox';
import { homePageRoutes } from './routes/home-pages';
import { partnerRoutes } from './routes/partner';
import { processRoutes } from './routes/processes';
import { publicRegistrationRoutes } from './routes/public-registration';
import { registrationRoutes } from './routes/registrations';
import { rateLimit } from './rate-limit';
import { territoryRoutes } from './routes/territories';
import { userRoutes } from './routes/users';
import { identify } from './auth/viewer';
import { sameOrigin } from './auth/same-origin';
import { coordinatorPageRoutes } from './routes/coordinator-pages';
import { dashboardRoutes } from './routes/dashboard';
import { portfolioRoutes } from './routes/portfolio';
import { accountRoutes } from './routes/account';
import { processPageRoutes } from './routes/process-pages';
import { meetingClosingRoutes } from './routes/meeting-closing-pages';
import { newsletterRoutes } from './routes/newsletter-pages';
import { planPageRoutes } from './routes/plan-pages';
import { publicPageRoutes } from './routes/public-pages';
import { sessionRoutes } from './routes/session';
import { vocabularyPageRoutes } from './routes/vocabulary-pages';
import { openApiDocument } from './openapi';
import { apiDocsPage } from '../templates/pages/api-docs';
import { securityHeaders } from './security-headers';
import { accessLog } from './access-log';
import { metricsEndpoint, readiness } from './readiness';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(deps.config.PUBLIC_BASE_URL));
  app.use(accessLog(deps.logger));
  // Off unless configured: a forged X-Forwarded-For must not change who the rate limits count.
  app.set('trust proxy', deps.config.TRUST_PROXY ?? false);
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(refuseNulCharacters);

  app.get('/healthz', async (_req, res) => {
    await deps.prisma.$queryRaw`SELECT 1`;
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await readiness(deps);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'indisponible', checks });
  });
  app.get('/metrics', metricsEndpoint(deps.config));
  const openApi = openApiDocument(deps.config.PUBLIC_BASE_URL);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  const docs = apiDocsPage(openApi as unknown as Record<string, unknown>);
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docs);
  });
  // Who is calling (API token or session cookie); each route decides what that caller may see.
  app.use(identify(deps));
  // Forms posted with the session cookie must come from our own pages.
  app.use(sameOrigin(deps.config.PUBLIC_BASE_URL));
  const dashboard = dashboardRoutes(deps);
  app.use('/api/dashboard', dashboard.api);
  const portfolio = portfolioRoutes(deps);
  app.use('/api/portfolio', portfolio.api);
  app.use('/api/territories', territoryRoutes(deps));
  app.use('/api/processes/:id/steps/:key/registrations', registrationRoutes(deps));
  app.use('/api/processes', processRoutes(deps));
  app.use('/api', userRoutes(deps));
  // Captured mail holds people's personal links: viewable only on a capture-mode service, by an
  // administrator (the log of sent messages, without their content, is under /api/processes/:id/messages).
  if (deps.mailMode === 'capture') app.use('/courriels', mailboxRoutes(deps));
  // Personal links and public forms: generous for people, tight enough to stop guessing links.
  app.use('/p', rateLimit({ limit: 120, windowMs: 60_000 }), partnerRoutes(deps));
  app.use('/inscription', rateLimit({ limit: 120, windowMs: 60_000 }), publicRegistrationRoutes(deps));
  app.use('/', sessionRoutes(deps), coordinatorPageRoutes(deps), vocabularyPageRoutes(deps), planPageRoutes(deps), processPageRoutes(deps), meetingClosingRoutes(deps), newsletterRoutes(deps), dashboard.page, portfolio.page, accountRoutes(deps));
  app.use('/', publicPageRoutes(deps), homePageRoutes(deps));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
