// Installing and running on Linux, macOS and Windows: the rules that can be checked from here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executableName, findOnPath } from '../../infra/temporal/cli';
import { chromiumCandidates, chromiumLaunch } from '../support/chromium';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

describe('npm install on any system', () => {
  it('runs its install scripts without shell-specific syntax', () => {
    for (const name of ['postinstall', 'prisma:generate']) {
      const script = pkg.scripts[name]!;
      expect([name, /(^|\s)[A-Z_]+=\S/.test(script), /\/bin\/|&&|\$\w/.test(script)]).toEqual([name, false, false]);
    }
    expect(pkg.scripts['prisma:generate']).toBe('node scripts/prisma-generate.js');
  });

  it('asks for the Node versions Prisma 7 supports', () => {
    expect(pkg.engines.node).toBe('^20.19 || ^22.12 || >=24');
  });
});

describe('the Temporal CLI on Windows', () => {
  it('is temporal.exe, found on a Path separated by semicolons', () => {
    expect(executableName('temporal', 'win32')).toBe('temporal.exe');
    expect(executableName('temporal', 'linux')).toBe('temporal');
    const dir = mkdtempSync(path.join(tmpdir(), 'ctg-cli-'));
    writeFileSync(path.join(dir, 'temporal.exe'), '');
    expect(findOnPath('temporal', { Path: `C:\\nowhere;${dir}` }, 'win32')).toBe(path.join(dir, 'temporal.exe'));
    expect(findOnPath('temporal', { PATH: `/nowhere:${dir}` }, 'linux')).toBeNull();
  });
});

describe('Chromium for the browser tests', () => {
  const none = () => false;
  it('takes CHROMIUM_PATH first, and says so when it is wrong', () => {
    expect(chromiumLaunch('linux', { CHROMIUM_PATH: '/opt/chrome' }, (f) => f === '/opt/chrome')).toEqual({ executablePath: '/opt/chrome' });
    expect(() => chromiumLaunch('linux', { CHROMIUM_PATH: '/opt/chrome' }, none)).toThrow('CHROMIUM_PATH=/opt/chrome: no such file');
  });

  it('looks where each system installs Chromium, Chrome or Edge', () => {
    expect(chromiumLaunch('linux', {}, (f) => f === '/usr/bin/google-chrome')).toEqual({ executablePath: '/usr/bin/google-chrome' });
    expect(chromiumCandidates('darwin', {})).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    const windows = chromiumCandidates('win32', { PROGRAMFILES: 'C:\\Program Files' });
    expect(windows).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(windows).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  it('falls back on playwright’s channels, which find an installed browser by themselves', () => {
    expect(chromiumLaunch('darwin', {}, none)).toEqual({ channel: 'chrome' });
    expect(chromiumLaunch('win32', {}, none)).toEqual({ channel: 'msedge' });
  });
});
