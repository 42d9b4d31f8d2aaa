// One error format for every failure: RFC 9457 problem details, naming the field and the reason.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { type z } from 'zod';
import type { Logger } from '../infra/logger';

export interface FieldError {
  field: string;
  reason: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export const notFound = (what: string) => new ProblemError(404, 'Ressource introuvable', `${what} introuvable.`);

export function fieldErrorsOf(error: z.ZodError, prefix: readonly (string | number)[] = []): FieldError[] {
  const name = (path: readonly PropertyKey[]) => [...prefix, ...path].map(String).join('.') || '(corps)';
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), reason: 'champ inconnu' }))
      : [{ field: name(issue.path), reason: issue.message }],
  );
}

/** Parses request data with a zod schema; a failure becomes a 400 listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, prefix: readonly string[] = []): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', fieldErrorsOf(result.error, prefix));
}

function send(res: Parameters<ErrorRequestHandler>[2], problem: ProblemError, instance: string) {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      instance,
      ...(problem.errors.length ? { errors: problem.errors } : {}),
    });
}

/** The path of the first string holding a NUL character (U+0000), which PostgreSQL cannot store in a text. */
function nulPath(value: unknown, path: (string | number)[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(corps)' : null;
  if (depth > 50 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a request whose body or query holds a NUL character, before any route sees it: otherwise it
 * reaches a workflow (a change of a step) whose bookkeeping activity then fails on every retry.
 */
export const refuseNulCharacters: RequestHandler = (req, _res, next) => {
  const field = nulPath(req.body) ?? nulPath(req.query);
  if (field) throw new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', [{ field, reason: 'caractère nul (U+0000) interdit' }]);
  next();
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ProblemError(404, 'Ressource introuvable', `Aucune ressource à l’adresse ${req.method} ${req.path}.`));
};

/** Transient infrastructure errors (Temporal or the database unreachable) answer 503, never hang. */
function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; name?: string; message?: string };
  const text = `${e?.name ?? ''} ${e?.message ?? ''}`;
  return (
    e?.code === 'ECONNREFUSED' ||
    e?.code === 'ETIMEDOUT' ||
    e?.code === 'ECONNRESET' || // the outbox's claims and marks are the pg driver's own errors
    e?.name === 'ServiceError' ||
    e?.name === 'DriverAdapterError' ||
    // An Update that found no worker, or a worker that could not finish it, within its deadline.
    e?.name === 'WorkflowUpdateRPCTimeoutOrCancelledError' ||
    // Prisma: database unreachable, timed out, or its connection closed under a query (P1017).
    (typeof e?.code === 'string' && ['P1001', 'P1002', 'P1008', 'P1017'].includes(e.code)) ||
    // The database bounds every wait (infra/db/prisma.ts): a statement or a connection past its timeout.
    /statement timeout|Query read timeout|timeout exceeded when trying to connect|connection timeout/i.test(text) ||
    /ECONNREFUSED|ECONNRESET|Connection terminated|not queryable|UNAVAILABLE|DEADLINE_EXCEEDED|Can't reach database|Server has closed the connection/i.test(text)
  );
}

/**
 * A value PostgreSQL refused as data (SQLSTATE class 22: a NUL character in a text, a malformed UUID
 * in a pagination cursor…): the request's fault, not the server's.
 */
function refusedData(error: unknown): string | null {
  const e = error as { name?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? cause?.code;
  return e?.name === 'PrismaClientKnownRequestError' && typeof code === 'string' && code.startsWith('22') ? code : null;
}

/**
 * A path as logs may keep it: personal links, sign-in links and registration links carry their token in
 * the URL (256 bits, 43 base64url characters), which must never reach a log line.
 */
export function pathForLogs(url: string): string {
  return url
    .replace(/(^|\/)[A-Za-z0-9_-]{43}(?=[/?#]|$)/g, '$1{jeton}')
    // A person's address asked for or erased (RGPD) must not stay behind in the logs.
    .replace(/(\/people\/)[^/?#]+/g, '$1{adresse}')
    .replace(/([?&]courriel=)[^&#]*/g, '$1{adresse}');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const instance = req.originalUrl;
    const path = pathForLogs(instance);
    if (error instanceof ProblemError) return send(res, error, instance);
    const status = (error as { status?: unknown; type?: unknown }).status;
    if ((error as { type?: unknown }).type === 'entity.parse.failed') {
      return send(res, new ProblemError(400, 'Requête invalide', 'Le corps de la requête n’est pas du JSON valide.'), instance);
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(res, new ProblemError(status, 'Requête refusée', (error as Error).message), instance);
    }
    const refused = refusedData(error);
    if (refused) {
      logger.warn('value refused by the database', { path, code: refused });
      const cursor = typeof req.query?.cursor === 'string';
      const errors = cursor ? [{ field: 'cursor', reason: 'curseur invalide : reprenez celui de la page précédente' }] : [];
      return send(res, new ProblemError(400, 'Requête invalide', 'Certaines valeurs sont invalides.', errors), instance);
    }
    if (isUnavailable(error)) {
      logger.warn('dependency unavailable', { path, requestId: res.locals.requestId, error });
      res.setHeader('Retry-After', '5');
      return send(res, new ProblemError(503, 'Service momentanément indisponible', 'Réessayez dans quelques instants.'), instance);
    }
    logger.error('unhandled error', { path, requestId: res.locals.requestId, error });
    return send(res, new ProblemError(500, 'Erreur interne', 'Une erreur inattendue est survenue.'), instance);
  };
}
