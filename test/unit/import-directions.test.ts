// Arrows point inward: domain/ imports nothing of the service's outer layers; scripts/ never import test/
// (tests may import scripts/lib); infra/ and templates/ do not import each other (templates own their
// view types, infra's read models return rows of the same shape); api/ imports no activity; outside workflows/,
// only their contract (workflows/definitions.ts) is imported; workflows/ import domain/ and activities as types.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function sources(folder: string): string[] {
  const dir = path.join(root, folder);
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(path.join(folder, name));
    return name.endsWith('.ts') ? [path.join(folder, name)] : [];
  });
}

/** The project modules a file imports (relative imports only), from the root: « infra/db/prisma ». */
function importedModules(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((spec) => path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)).split(path.sep).join('/'));
}

/** The project folders a file imports from, e.g. « infra », « templates ». */
const importedFolders = (file: string): string[] => importedModules(file).map((module) => module.split('/')[0]!);

/** Imports of workflow code other than its one contract, workflows/definitions.ts. */
const workflowInternals = (folder: string) =>
  sources(folder).flatMap((file) => importedModules(file).filter((m) => m.startsWith('workflows') && m !== 'workflows/definitions').map((m) => `${file} → ${m}`));

const offenders = (folder: string, forbidden: string[]) =>
  sources(folder).flatMap((file) => importedFolders(file).filter((f) => forbidden.includes(f)).map((f) => `${file} → ${f}/`));

describe('import directions', () => {
  it('keeps domain/ free of every outer layer', () => {
    expect(offenders('domain', ['infra', 'api', 'activities', 'templates', 'workflows', 'worker', 'scripts', 'test'])).toEqual([]);
  });

  it('never imports test/ from scripts/', () => {
    expect(offenders('scripts', ['test'])).toEqual([]);
  });

  it('keeps infra/ and templates/ apart', () => {
    expect(offenders('infra', ['templates', 'api', 'activities', 'worker'])).toEqual([]);
    expect(offenders('templates', ['infra', 'api', 'activities', 'workflows', 'worker'])).toEqual([]);
  });

  it('imports no activity from api/ (only workflows/definitions.ts of the workflow side)', () => {
    expect(offenders('api', ['activities', 'worker'])).toEqual([]);
    expect(workflowInternals('api')).toEqual([]);
  });

  it('has routes read nothing themselves: infra/ only as types, behind a use case', () => {
    const valueImports = sources('api/routes').flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/^import (?!type )[^;]*from '(\.\.\/\.\.\/infra\/[^']+)'/gm)].map((m) => `${file} → ${m[1]}`),
    );
    expect(valueImports).toEqual([]);
  });

  it('keeps activities/ from the API, and everything outside workflows/ to their one contract', () => {
    expect(offenders('activities', ['api', 'worker', 'scripts'])).toEqual([]);
    expect([...workflowInternals('activities'), ...workflowInternals('infra'), ...workflowInternals('templates')]).toEqual([]);
  });

  it('keeps workflows/ to domain/ and to activities as types', () => {
    expect(offenders('workflows', ['infra', 'api', 'templates', 'worker', 'scripts'])).toEqual([]);
  });

  it('reads the imports it checks', () => {
    // The checker itself: a file known to import infra/ is seen to.
    expect(importedFolders('activities/messages.ts')).toContain('infra');
    expect(importedModules('workflows/process/workflow.ts')).toContain('workflows/process/run');
  });
});
