// A TCP proxy that can be cut, to put a network fault between the service and one of its dependencies
// (PostgreSQL, SMTP…) without touching the dependency itself. Two ways to cut:
//   - `reset`: the port closes and every open connection is destroyed (a restart, a crashed host): the
//     client sees ECONNRESET / ECONNREFUSED at once;
//   - `blackhole`: connections stay open, new ones are accepted, but no byte goes through either way (a
//     partition, a dead firewall): only the client's own timeouts notice.
// `restore()` brings the path back on the same port; connections that lived through a blackhole resume.
import net, { type Socket } from 'node:net';
import { closeListener, listenOn, portOf } from './ports';

export type CutMode = 'reset' | 'blackhole';

export interface TcpProxy {
  host: string;
  port: number;
  readonly cut: CutMode | null;
  /** Connections accepted since the start. */
  readonly accepted: number;
  /** Connections destroyed by a `reset` cut. */
  readonly reset: number;
  cutOff(mode: CutMode): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Bytes held back during a blackhole, delivered on restore. */
  held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

export async function startTcpProxy(target: { host: string; port: number }, options: { host?: string; port?: number } = {}): Promise<TcpProxy> {
  const host = options.host ?? '127.0.0.1';
  let cut: CutMode | null = null;
  let accepted = 0;
  let resetCount = 0;
  const pairs = new Set<Pair>();

  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk: Buffer) => {
      if (cut === 'blackhole') pair.held.toClient.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    for (const chunk of pair.held.toUpstream.splice(0)) upstream.write(chunk);
  };

  const server = net.createServer((client) => {
    accepted += 1;
    client.setNoDelay(true);
    const pair: Pair = { client, upstream: null, held: { toUpstream: [], toClient: [] } };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (cut === 'blackhole' || !pair.upstream) pair.held.toUpstream.push(chunk);
      else pair.upstream.write(chunk);
    });
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (cut !== 'blackhole') connectUpstream(pair);
  });
  server.on('error', () => undefined);

  const listen = (port: number) => listenOn(server, port, host);
  await listen(options.port ?? 0);
  const port = portOf(server);

  return {
    host,
    port,
    get cut() {
      return cut;
    },
    get accepted() {
      return accepted;
    },
    get reset() {
      return resetCount;
    },
    async cutOff(mode) {
      cut = mode;
      if (mode === 'reset') {
        const closed = closeListener(server);
        for (const pair of pairs) {
          resetCount += 1;
          pair.client.resetAndDestroy();
          pair.upstream?.destroy();
        }
        pairs.clear();
        await closed;
      }
    },
    async restore() {
      const was = cut;
      cut = null;
      if (!server.listening) await listen(port);
      if (was === 'blackhole') {
        for (const pair of pairs) {
          if (!pair.upstream) connectUpstream(pair);
          else for (const chunk of pair.held.toUpstream.splice(0)) pair.upstream.write(chunk);
          for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk);
        }
      }
    },
    async stop() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
      await closeListener(server);
    },
  };
}
