// Temporal over mutual TLS, as a TLS cluster or Temporal Cloud asks: the dev server has no TLS, so a TLS
// front (Node's tls, requiring a client certificate, ALPN h2) stands before it, with a CA, a server and a
// client certificate made here by openssl. The options the API and the workers build from TEMPORAL_TLS_*
// connect through it (client and worker connections alike); without the client certificate, or without
// the CA, the connection is refused: the files are really used.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../../infra/config';
import { temporalConnectionOptions } from '../../infra/temporal/connection-options';
import { temporalTestAddress } from '../support/stack';

const dir = mkdtempSync(path.join(tmpdir(), 'ctg-tls-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=CTG test CA');
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [['server', '/CN=localhost'], ['client', '/CN=ctg-worker']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

describe('Temporal over mutual TLS', () => {
  let front: Server;
  let address = '';
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    makeCertificates();
    const [host, port] = temporalTestAddress().split(':');
    front = createServer(
      { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')), ca: readFileSync(file('ca.pem')), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
      (secure) => {
        const plain = connect(Number(port), host!);
        for (const s of [secure, plain]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        secure.pipe(plain).pipe(secure);
      },
    );
    front.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    address = `localhost:${(front.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => front?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const optionsOf = (env: Record<string, string>) => temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: address, ...env }));
  const mtls = () => optionsOf({ TEMPORAL_TLS_CA: file('ca.pem'), TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('client.key') });

  it('connects the API’s client and a worker’s native connection with the configured certificates', async () => {
    const client = await Connection.connect(mtls());
    try {
      const info = await client.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    } finally {
      await client.close();
    }
    const native = await NativeConnection.connect(mtls());
    try {
      expect((await native.workflowService.getSystemInfo({})).serverVersion).toBeTruthy();
    } finally {
      await native.close();
    }
  });

  it('is refused without the client certificate, or without the CA that signed the server’s', async () => {
    const noClientCert = optionsOf({ TEMPORAL_TLS_CA: file('ca.pem') });
    await expect(Connection.connect({ ...noClientCert, connectTimeout: '3s' }).then((c) => c.workflowService.getSystemInfo({}))).rejects.toThrow();
    const noCa = optionsOf({ TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('client.key') });
    await expect(Connection.connect({ ...noCa, connectTimeout: '3s' }).then((c) => c.workflowService.getSystemInfo({}))).rejects.toThrow();
  });

  it('turns on TLS for an API key, and names a missing file or a lonely certificate in French', () => {
    expect(optionsOf({ TEMPORAL_API_KEY: 'cle-de-temporal-cloud' })).toEqual({ address, tls: {}, apiKey: 'cle-de-temporal-cloud' });
    expect(optionsOf({})).toEqual({ address });
    expect(() => optionsOf({ TEMPORAL_TLS_CA: file('absent.pem') })).toThrow(ConfigError);
    expect(() => optionsOf({ TEMPORAL_TLS_CA: file('absent.pem') })).toThrow(/TEMPORAL_TLS_CA : fichier illisible/);
    expect(() => optionsOf({ TEMPORAL_TLS_CERT: file('client.pem') })).toThrow(/TEMPORAL_TLS_KEY : le certificat client et sa clé vont ensemble/);
  });
});
