// Prometheus metrics of this process (prom-client, the maintained client): HTTP requests of the API,
// messages by kind and outcome wherever they are delivered (worker activities, the API's sign-in mail),
// and the process's own CPU, memory and event-loop figures. The Temporal SDK's worker metrics come from
// its runtime (TEMPORAL_METRICS_PORT, infra/temporal/runtime.ts).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'ctg_' });

export const messagesTotal = new Counter({
  name: 'ctg_messages_total',
  help: 'Messages by kind and outcome (SENT, CAPTURED, FAILED, ALREADY_SENT, ALREADY_FAILED, IN_FLIGHT)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metrics],
});

export const httpRequestsTotal = new Counter({
  name: 'ctg_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metrics],
});

export const httpRequestSeconds = new Histogram({
  name: 'ctg_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});
