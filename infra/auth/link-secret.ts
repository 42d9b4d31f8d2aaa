// The secret partners' personal links are derived from: LINK_SECRET, or (a machine running `npm start`)
// one made on first start and kept in DATA_DIR, so every process of this machine derives the same links.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function linkSecretOf(config: { LINK_SECRET?: string; DATA_DIR: string }): { secret: string; source: 'LINK_SECRET' | 'file' } {
  if (config.LINK_SECRET) return { secret: config.LINK_SECRET, source: 'LINK_SECRET' };
  const file = path.resolve(config.DATA_DIR, 'link-secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return { secret: kept, source: 'file' };
  } catch {
    // Not made yet: made below.
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // `wx`: two processes starting together keep the first one's.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'file' };
  } catch {
    return { secret: readFileSync(file, 'utf8').trim(), source: 'file' };
  }
}
