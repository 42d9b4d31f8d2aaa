// `npm run build`, second half: the workflow bundle a compiled worker loads (worker/workflow-bundle.ts),
// built once here instead of by webpack at every worker start.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main() {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { info: () => undefined, warn: console.warn, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined } as never });
  const file = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  writeFileSync(file, code);
  console.log(`workflow bundle: ${file} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
