import path from 'node:path';

/** The checkout's root: the service processes' working directory, bench-results/ lives there. */
export const repoRoot = path.resolve(__dirname, '..', '..');
