// Arrows point inward: domain/ imports nothing of the service's outer layers; scripts/ never import test/
// (tests may import scripts/lib); infra/ and templates/ do not import each other (templates own their
// view types, infra's read models return rows of the same shape); api/ imports no activity.
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

/** The project folders a file imports from (relative imports only), e.g. « infra », « templates ». */
function importedFolders(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((spec) => path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)).split(path.sep)[0]!);
}

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
  });

  it('reads the imports it checks', () => {
    // The checker itself: a file known to import infra/ is seen to.
    expect(importedFolders('activities/messages.ts')).toContain('infra');
  });
});
