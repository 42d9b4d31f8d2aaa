// Listening sockets of the local stand-ins (SMTP sink, TCP proxy, Temporal server): a free port, and a
// listener that can be closed and opened again on the same port, so the service's URLs stay valid.
import net from 'node:net';

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Listens on `port` (0: any); rejects if the port is taken. */
export const listenOn = (server: net.Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

/** Stops accepting connections (open ones live on until destroyed). */
export const closeListener = (server: net.Server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

export const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
