import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  describeWithBrowser,
  expectAccessible,
  isLoopback,
  launchBrowser,
  newPage,
  pageLog,
  screenshot,
  signIn,
  storageItem,
} from './support/browser.js';
import { startConsoleHub, type ConsoleHub } from './support/console-hub.js';

/**
 * The console's front door, in a real chromium against a real hub: it loads from the hub alone,
 * refuses a bad token with the hub's own code and reason, shows a municipality its views, and
 * speaks Dutch and English.
 */
describeWithBrowser('console sign-in (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let municipality: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    municipality = await env.token({ role: 'municipality', municipality: 'den-haag' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const navLinks = (page: Page) => page.getByRole('navigation').getByRole('link').allInnerTexts();

  test('the page at / loads with every request to 127.0.0.1, and no script error', async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${env.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const { requests, errors } = pageLog(page);
    expect(requests.length).toBeGreaterThan(1); // the page and at least its script
    expect(requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(requests.some((url) => /\/assets\/.+\.js$/.test(url))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a bad token is refused with the hub’s code and reason; nothing is kept', async () => {
    const page = await newPage(browser);
    await page.goto(`${env.baseUrl}/`);
    await page.locator('form.sign-in input[name="token"]').fill('not-a-real-token');
    await page.locator('form.sign-in button[type="submit"]').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await page.getByTestId('error-code').innerText()).toBe('UNAUTHENTICATED');
    expect(await page.getByTestId('error-reason').innerText()).toContain(
      'missing, unknown or revoked token',
    );
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await page.context().close();
  });

  test('a municipality token shows the municipality’s navigation, and sign-out hides it', async () => {
    const page = await newPage(browser);
    const before = await (async () => {
      await page.goto(`${env.baseUrl}/`);
      return navLinks(page);
    })();
    expect(before).not.toContain('Municipality view');
    await signIn(page, env.baseUrl, municipality);
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('municipality (den-haag)');
    const links = await navLinks(page);
    expect(links).toEqual(
      expect.arrayContaining(['Municipality view', 'Sharing', 'GraphQL IDE', 'Sensor register']),
    );
    expect(links).not.toContain('Privacy officer desk');
    expect(links).not.toContain('Partner board');
    // The token lives in this tab's sessionStorage only.
    expect(await storageItem(page, 'local', 'hub.session')).toBeNull();
    expect(await storageItem(page, 'session', 'hub.session')).toContain(municipality);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await navLinks(page)).not.toContain('Municipality view');
    expect(await storageItem(page, 'session', 'hub.session')).toBeNull();
    await page.context().close();
  });

  test('the language switch changes the texts and <html lang>; both languages are accessible', async () => {
    const page = await newPage(browser);
    await page.goto(`${env.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toBe('Sign in');
    await expectAccessible(page);
    await page.getByRole('button', { name: /^NL/ }).click();
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Lantaarnpaalhub');
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    // The choice is kept for the next visit.
    await page.reload();
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.context().close();
  });
});
