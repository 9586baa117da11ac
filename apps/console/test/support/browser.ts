import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, jest } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../../../../tools/processes/system-programs.js';
import { describeWithPrograms } from '../../../../tools/test/system-packages.js';

/**
 * Browser tests drive Debian's chromium (`apt-get install chromium`) with playwright-core, which
 * downloads no browser of its own. Without chromium a suite prints one `SKIPPED: ... needs
 * chromium` line and is skipped; CI (.ci/run) installs it and forbids the skip.
 */
export function describeWithBrowser(name: string, suite: () => void): void {
  // A journey is a few page loads and axe scans: seconds on a quiet machine, but a browser and
  // a hub per suite on two shared cores can take far longer than Jest's 30 s default.
  jest.setTimeout(120_000);
  describeWithPrograms(name, [CHROMIUM])(name, suite);
}

const EXECUTABLE = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  // playwright-core gives every launch a fresh temporary profile (user-data dir).
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every request a page made, and the uncaught errors it threw, in order. */
export interface PageLog {
  readonly requests: string[];
  readonly errors: string[];
}
const logs = new WeakMap<Page, PageLog>();

export const isLoopback = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1';
};

/**
 * A page in its own context (no shared cookies or storage), English unless `locale` says
 * otherwise. Every request is recorded (`pageLog(page).requests`), and any request to a host
 * other than 127.0.0.1 is aborted: tests use loopback only, and a console that tried to reach
 * the internet shows up in the log rather than on the network.
 */
export async function newPage(browser: Browser, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 800 },
  });
  await context.route('**/*', (route) =>
    isLoopback(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  const log: PageLog = { requests: [], errors: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('websocket', (ws) => log.requests.push(ws.url()));
  page.on('pageerror', (error) => log.errors.push(error.message));
  logs.set(page, log);
  return page;
}

export function pageLog(page: Page): PageLog {
  const log = logs.get(page);
  if (!log) throw new Error('pageLog: the page was not made by newPage()');
  return log;
}

/** Opens the console, signs in with the token and waits until the header names the role. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('form.sign-in input[name="token"]').fill(token);
  await page.locator('form.sign-in button[type="submit"]').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** axe-core over the page against WCAG 2.1 A and AA: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect(bad).toEqual([]);
  // Guards against a scan of an empty page passing trivially.
  expect(result.passes.length).toBeGreaterThan(0);
}

/** A value of the page's sessionStorage or localStorage (the test project has no DOM types). */
export const storageItem = (
  page: Page,
  area: 'session' | 'local',
  key: string,
): Promise<string | null> =>
  page.evaluate<string | null>(`${area}Storage.getItem(${JSON.stringify(key)})`);

export const SCREENSHOTS = join('docs', 'screenshots');

/** Writes `docs/screenshots/<name>.png` (the docs show the console as the tests left it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
