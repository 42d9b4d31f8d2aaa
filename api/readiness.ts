// What operators poll: readiness (PostgreSQL and Temporal answer, each within 2 s) and the Prometheus
// metrics, which answer this machine only unless METRICS_TOKEN is set (then a bearer token is needed).
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { metrics } from '../infra/metrics';
import type { ApiDeps } from './deps';

const CHECK_MS = 2_000;

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

export async function readiness(deps: Pick<ApiDeps, 'prisma' | 'temporal'>): Promise<{ ready: boolean; checks: Record<'database' | 'temporal', string> }> {
  const check = async (work: () => Promise<unknown>) => {
    try {
      await within(CHECK_MS, work());
      return 'ok';
    } catch (error) {
      return `indisponible : ${(error as Error).message.split('\n')[0]!.slice(0, 200)}`;
    }
  };
  const [database, temporal] = await Promise.all([
    check(() => deps.prisma.$queryRaw`SELECT 1`),
    check(() => deps.temporal.withDeadline(Date.now() + CHECK_MS, () => deps.temporal.connection.workflowService.getSystemInfo({}))),
  ]);
  return { ready: database === 'ok' && temporal === 'ok', checks: { database, temporal } };
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

export function metricsEndpoint(config: { METRICS_TOKEN?: string }) {
  return async (req: Request, res: Response) => {
    const expected = config.METRICS_TOKEN;
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const allowed = expected
      ? given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      : isLoopback(req.socket.remoteAddress);
    if (!allowed) {
      res.status(expected ? 401 : 403).type('text/plain').send(expected ? 'Jeton de métriques requis.\n' : 'Métriques lisibles depuis cette machine seulement (ou définissez METRICS_TOKEN).\n');
      return;
    }
    res.type(metrics.contentType).send(await metrics.metrics());
  };
}
