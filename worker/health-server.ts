// The worker's own small HTTP server, when WORKER_HEALTH_PORT is set: /healthz answers 200 while the
// worker runs (compose's health check), 503 otherwise; /metrics gives this process's metrics (messages
// by kind and outcome, CPU, memory). It listens on HOST: this machine only unless told otherwise.
import { createServer, type Server } from 'node:http';
import { metrics } from '../infra/metrics';

export function startHealthServer(options: { port: number; host: string; state: () => string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const state = options.state();
      res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: state === 'RUNNING' ? 'ok' : 'indisponible', worker: state }));
      return;
    }
    if (path === '/metrics') {
      metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Introuvable.\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
