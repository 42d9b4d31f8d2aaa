// Starts the Temporal dev server (the CLI's `server start-dev`: full server, SQLite, Web UI) with the
// namespace and the search attributes this service uses. Used by `npm start` and by the integration tests.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeKeys } from '../../workflows/definitions';
import { resolveTemporalCli, type ResolvedCli } from './cli';

/**
 * What our dev server changes from the CLI's defaults (`--dynamic-config-value`). The CLI makes the server
 * read the search attributes from its database on every use, so that one added while it runs is seen at
 * once; ours are registered when it starts (`--search-attribute`), and those reads were a third of all its
 * SQLite statements during a burst of 800 territories (13,151 cluster-metadata and 5,935 namespace reads in
 * 53 s), on the one connection every other write waits for (README, Performance).
 */
export const devServerDynamicConfig: readonly string[] = ['--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=false'];

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | null;
  cli: ResolvedCli | null;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(
  options: {
    dbFilename?: string;
    port?: number;
    uiPort?: number;
    namespace?: string;
    log?: (message: string) => void;
  } = {},
): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const cli = await resolveTemporalCli({ log: options.log });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      // Without a local CLI, the SDK downloads one (needs internet).
      executable: cli ? { type: 'existing-path', path: cli.path } : { type: 'cached-download' },
      ip: '127.0.0.1',
      namespace,
      dbFilename: options.dbFilename,
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: searchAttributeKeys,
      log: { format: 'json', level: 'warn' },
      extraArgs: [...devServerDynamicConfig],
    },
  });
  return {
    address: env.address,
    namespace,
    uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : null,
    cli,
    stop: () => env.teardown(),
  };
}
