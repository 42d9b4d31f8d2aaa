// Where the browser tests find a Chromium on each system: CHROMIUM_PATH first, then the usual install
// places of Chromium, Chrome and Edge; else playwright's channels, which find an installed Chrome or Edge
// by themselves. Nothing is downloaded.
import path from 'node:path';

export type BrowserLaunch = { executablePath: string } | { channel: 'chrome' | 'msedge' };

export function chromiumCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return ['Chromium', 'Google Chrome', 'Microsoft Edge'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'), path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.win32.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge'];
}

/** How to launch: an explicit or found executable, or a channel; `exists` is the file system (tests pass their own). */
export function chromiumLaunch(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, exists: (file: string) => boolean): BrowserLaunch {
  if (env.CHROMIUM_PATH) {
    if (!exists(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH}: no such file (point it at a Chromium, Chrome or Edge binary).`);
    return { executablePath: env.CHROMIUM_PATH };
  }
  const found = chromiumCandidates(platform, env).find(exists);
  if (found) return { executablePath: found };
  return { channel: platform === 'win32' ? 'msedge' : 'chrome' };
}
