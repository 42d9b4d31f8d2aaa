// Chromium for the browser tests (playwright-core drives the system's Chromium: no download), and the
// two checks every visited page gets: a full-page screenshot in test/artifacts/ and an axe-core audit
// that fails on any serious or critical violation.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumCandidates, chromiumLaunch } from '../support/chromium';
import { issueToken } from '../../infra/auth/tokens';
import type { PrismaClient } from '../../infra/db/prisma';

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const how = chromiumLaunch(process.platform, process.env, existsSync);
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  try {
    return await chromium.launch({ ...how, args });
  } catch (error) {
    if (!('channel' in how)) throw error;
    throw new Error(
      `No Chromium found (${chromiumCandidates(process.platform, process.env).join(', ')}, nor playwright's « ${how.channel} » channel): install one (Debian/Ubuntu: apt-get install chromium) or point CHROMIUM_PATH at a Chromium, Chrome or Edge binary.\n${(error as Error).message}`,
    );
  }
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

let axe: string | null = null;
const axeSource = () => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Runs axe-core on the page; throws listing the serious and critical violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Evaluated as strings: the test code is compiled without the DOM's types.
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy allows no script, and must not be bypassed here.
  if (!(await page.evaluate<boolean>(`typeof window.axe !== 'undefined'`))) await page.evaluate(axeSource());
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length) {
    const lines = blocking.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}`);
    throw new Error(`axe-core on ${name} (${page.url()}):\n${lines.join('\n')}`);
  }
}

/** Screenshot (full page) and accessibility audit of what the page shows now; `phone` repeats both at 390 px. */
/** What the Content-Security-Policy blocked on each page (Chromium says so on the console), from its first check on. */
const blocked = new WeakMap<Page, string[]>();
function watchPolicy(page: Page): string[] {
  let seen = blocked.get(page);
  if (!seen) {
    const list: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) list.push(message.text());
    });
    blocked.set(page, list);
    seen = list;
  }
  return seen;
}

export async function checkPage(page: Page, name: string, options: { phone?: boolean } = {}): Promise<void> {
  const violations = watchPolicy(page);
  if (violations.length) throw new Error(`${name}: the Content-Security-Policy blocked:\n${violations.splice(0).join('\n')}`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  await expectAccessible(page, name);
  if (options.phone) {
    const before = page.viewportSize() ?? DESKTOP;
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-telephone.png`), fullPage: true });
    await expectAccessible(page, `${name} (téléphone)`);
    // Nothing may force a sideways scroll of the whole page on a phone (wide tables scroll in their own box).
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    if (overflow > 1) throw new Error(`${name}: the page is ${overflow}px wider than a 390px screen`);
    await page.setViewportSize(before);
  }
}

/** The link of the given path found in a received email's text. */
export function linkIn(text: string, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s<>"]+${pathPrefix.replace(/[/]/g, '\\/')}[^\\s<>"]*`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in:\n${text}`);
  return match[0];
}

const poll = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<{ value: T; ok: boolean }> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return { value, ok: ok(value) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Waits until the (first) element's text, whitespace collapsed, contains (or, `exact`, is) `expected`. */
export async function shows(locator: Locator, expected: string, options: { exact?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const read = async () => ((await locator.first().textContent({ timeout: options.timeoutMs ?? 10_000 })) ?? '').replace(/\s+/g, ' ').trim();
  const { value, ok } = await poll(read, (text) => (options.exact ? text === expected : text.includes(expected)), options.timeoutMs ?? 10_000);
  if (!ok) throw new Error(`expected ${locator} to ${options.exact ? 'be' : 'contain'} « ${expected} », found « ${value} »`);
}

export async function countIs(locator: Locator, expected: number, timeoutMs = 10_000): Promise<void> {
  const { value, ok } = await poll(() => locator.count(), (n) => n === expected, timeoutMs);
  if (!ok) throw new Error(`expected ${expected} × ${locator}, found ${value}`);
}

/** Signs `userId` in as they would from the emailed link (a one-time token, the button), landing on `returnTo`. */
export async function signInAs(page: Page, base: string, prisma: PrismaClient, userId: string, returnTo?: string): Promise<void> {
  const { token } = await issueToken(prisma, 'LOGIN', { userId });
  await page.goto(`${base}/connexion/${token}${returnTo ? `?retour=${encodeURIComponent(returnTo)}` : ''}`);
  await page.getByRole('button', { name: 'Me connecter' }).click();
}
