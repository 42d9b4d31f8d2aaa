// How every process connects to Temporal: the address, and for a TLS cluster or Temporal Cloud the TLS
// files (mTLS: a client certificate and key; a CA when the system does not trust the server's) and an API
// key. One function, so the API and the workers connect the same way; a missing file is named in French.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigError, type Config } from '../config';

type TemporalConfig = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_TLS' | 'TEMPORAL_API_KEY'
>;

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError([{ variable, reason: `fichier illisible (${file}) : ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
}

export function temporalConnectionOptions(config: TemporalConfig): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key } = config;
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigError([{ variable: cert ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT', reason: 'le certificat client et sa clé vont ensemble : donnez les deux' }]);
  }
  const wantsTls = Boolean(cert || config.TEMPORAL_TLS_CA || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY) || config.TEMPORAL_TLS === 'true';
  if (config.TEMPORAL_TLS === 'false' && wantsTls && (cert || config.TEMPORAL_TLS_CA || config.TEMPORAL_API_KEY)) {
    throw new ConfigError([{ variable: 'TEMPORAL_TLS', reason: 'false, alors que des fichiers TLS ou une clé d’API sont donnés : une clé d’API ne voyage qu’en TLS' }]);
  }
  const tls: TLSConfig | undefined = wantsTls
    ? {
        ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA', config.TEMPORAL_TLS_CA) } : {}),
        ...(cert && key ? { clientCertPair: { crt: readPem('TEMPORAL_TLS_CERT', cert), key: readPem('TEMPORAL_TLS_KEY', key) } } : {}),
        ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
      }
    : undefined;
  return { address: config.TEMPORAL_ADDRESS, ...(tls ? { tls } : {}), ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}) };
}
