// One Temporal dev server for the whole integration run (each test file uses its own task queue and
// database). The CLI is resolved or built once (see infra/temporal/cli.ts).
import { startTemporalDevServer } from '../../infra/temporal/dev-server';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const server = await startTemporalDevServer({ log: (m) => process.stderr.write(`\n[temporal] ${m}\n`) });
  (globalThis as { __ctgTemporal__?: typeof server }).__ctgTemporal__ = server;
  process.env.CTG_TEST_TEMPORAL_ADDRESS = server.address;
  process.stderr.write(`\n[temporal] dev server ${server.address} (${server.cli?.source ?? 'sdk download'}) ready in ${Date.now() - started} ms\n`);
}
