// `prisma generate` on any system, without downloading the schema engine (the download needs internet,
// which some machines lack): generate only checks that an engine file exists, and Node's own binary is
// one everywhere (a shell's `VAR=/bin/false` prefix fails on Windows). Plain JavaScript: it runs at
// postinstall, before anything else is ready.
const { spawnSync } = require('node:child_process');

const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath },
});
process.exit(result.status ?? 1);
