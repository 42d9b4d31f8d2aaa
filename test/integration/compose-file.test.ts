// docker-compose.yml loaded the way Docker Compose loads it (compose-go, through the Go toolchain: no
// Docker engine here), and held to this project's rules: LINK_SECRET required, tools published on
// 127.0.0.1 only, the API and the worker health-checked. A file that breaks a rule is refused.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath } from '../../infra/temporal/cli';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const checker = path.join(root, 'tools/compose-check');
const go = findOnPath('go', process.env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);

const check = async (file: string) => {
  try {
    const { stdout } = await run(go!, ['run', '.', file], { cwd: checker, timeout: 600_000 });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
};

describe('docker-compose.yml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctg-compose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the Go toolchain to check it with', () => {
    expect(go).not.toBeNull();
  });

  it('loads as Docker Compose loads it, and keeps the project’s rules', async () => {
    const result = await check(path.join(root, 'docker-compose.yml'));
    expect(result).toEqual({ ok: true, output: expect.stringContaining('valid') });
  }, 600_000);

  it('refuses a file that publishes a tool on every interface or drops a health check', async () => {
    const original = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    const open = path.join(dir, 'open.yml');
    writeFileSync(open, original.replace('"127.0.0.1:8025:8025"', '"8025:8025"'));
    const refused = await check(open);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('service "mailpit" publishes port 8025');
    const unchecked = path.join(dir, 'unchecked.yml');
    writeFileSync(unchecked, original.replace(/(\n {2}worker:[\s\S]*?\n {4}healthcheck:\n) {6}test: .*\n/, '$1      disable: true\n'));
    const noHealth = await check(unchecked);
    expect(noHealth.ok).toBe(false);
    expect(noHealth.output).toContain('service "worker" has no health check');
  }, 600_000);
});
