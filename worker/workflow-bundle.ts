// Compiled for production (`npm run build`), the worker loads the workflow bundle built with it
// (dist/workflow-bundle.js) instead of bundling the workflow sources with webpack at every start.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  if (!__filename.endsWith('.js')) return undefined; // run from the sources (tsx): bundled at start, edits included
  const codePath = path.resolve(__dirname, '..', 'workflow-bundle.js');
  return existsSync(codePath) ? { codePath } : undefined;
}
