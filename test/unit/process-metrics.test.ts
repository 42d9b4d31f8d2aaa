// The bench and the faults find the Temporal server's process by the port it listens on (the SDK starts
// the dev server without telling its pid; a server of one's own is found the same way).
import { createServer, type Server } from 'node:net';
import { pidListeningOn } from '../../scripts/lib/process-metrics';

const listening = (server: Server, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as { port: number }).port));
  });

describe('pidListeningOn', () => {
  it('finds the process listening on a port, over IPv4 and IPv6, and nobody once it is closed', async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const server = createServer();
      const port = await listening(server, host).catch((error: NodeJS.ErrnoException) => {
        if (host === '::1' && error.code === 'EADDRNOTAVAIL') return null; // a machine without IPv6
        throw error;
      });
      if (port === null) continue;
      expect(pidListeningOn(port)).toBe(process.pid);
      await new Promise((resolve) => server.close(resolve));
      expect(pidListeningOn(port)).toBeNull();
    }
  });
});
