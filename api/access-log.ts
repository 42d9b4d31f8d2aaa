// One log line per request, with a request id (the caller's X-Request-Id when well formed, else a new
// one, echoed in the answer) and its path with any token replaced; the same request counted and timed
// for the metrics, by route pattern (never by the path itself: a token must not become a label).
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { httpRequestSeconds, httpRequestsTotal } from '../infra/metrics';
import type { Logger } from '../infra/logger';
import { pathForLogs } from './problem';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Notes the route pattern with its router's mount path (`/p` + `/:token`) when Express matches it: by the
 * time the answer is sent (after an error went up to the app's handler), `req.baseUrl` is reset.
 */
function watchRoute(req: Request, res: Response): void {
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown }) => {
      route = value;
      if (typeof value?.path === 'string') res.locals.routePattern = `${req.baseUrl}${value.path}`;
    },
  });
}

/** The route pattern that answered (`/api/processes/:id`), or what kind of thing did when none matched. */
function routeOf(res: Response): string {
  if (typeof res.locals.routePattern === 'string') return res.locals.routePattern;
  return res.statusCode === 404 ? 'unmatched' : 'middleware';
}

export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    watchRoute(req, res);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(res);
      httpRequestsTotal.inc({ method: req.method, route, status: String(res.statusCode) });
      httpRequestSeconds.observe({ method: req.method, route }, seconds);
      // Health and metrics probes every few seconds would drown the rest.
      if (req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics') return;
      logger.info('request', { requestId: id, method: req.method, path: pathForLogs(req.originalUrl), status: res.statusCode, ms: Math.round(seconds * 1000) });
    });
    next();
  };
}
