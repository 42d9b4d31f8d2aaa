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
    e?.name === 'ServiceError' ||
    e?.name === 'DriverAdapterError' ||
    /ECONNREFUSED|Connection terminated|UNAVAILABLE|DEADLINE_EXCEEDED|Can't reach database/i.test(text)
  );
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const instance = req.originalUrl;
    if (error instanceof ProblemError) return send(res, error, instance);
    const status = (error as { status?: unknown; type?: unknown }).status;
    if ((error as { type?: unknown }).type === 'entity.parse.failed') {
      return send(res, new ProblemError(400, 'Requête invalide', 'Le corps de la requête n’est pas du JSON valide.'), instance);
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(res, new ProblemError(status, 'Requête refusée', (error as Error).message), instance);
    }
    if (isUnavailable(error)) {
      logger.warn('dependency unavailable', { path: instance, error });
      res.setHeader('Retry-After', '5');
      return send(res, new ProblemError(503, 'Service momentanément indisponible', 'Réessayez dans quelques instants.'), instance);
    }
    logger.error('unhandled error', { path: instance, error });
    return send(res, new ProblemError(500, 'Erreur interne', 'Une erreur inattendue est survenue.'), instance);
  };
}
