// The npm registry mirror of some build machines serves only the packages of their own platform, so
// `npm install` there leaves other platforms' optional binaries (@swc/core-darwin-arm64…) out of
// package-lock.json, and `npm ci` then refuses the lockfile everywhere. This adds the missing entries
// (name, version, os/cpu/libc read from the package name), which npm skips on other platforms.
// Run after changing dependencies: node scripts/complete-lockfile.js
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '../package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const systems = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];

let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const parts = (name.split('/').pop() ?? name).split('-');
    const os = parts.find((part) => systems.includes(part));
    if (!os) continue; // not a platform binary: leave it to npm
    const cpu = parts[parts.indexOf(os) + 1];
    const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : os === 'linux' && parts.some((p) => p.startsWith('gnu')) ? 'glibc' : null;
    lock.packages[key] = { version, cpu: [cpu], os: [os], ...(libc ? { libc: [libc] } : {}), optional: true };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
