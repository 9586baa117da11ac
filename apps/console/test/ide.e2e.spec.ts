import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import {
  describeWithBrowser,
  expectAccessible,
  isLoopback,
  launchBrowser,
  newPage,
  pageLog,
  screenshot,
  signIn,
} from './support/browser.js';
import { startConsoleHub, type ConsoleHub } from './support/console-hub.js';

/**
 * The GraphQL IDE is bundled with the console: a browser opening /graphql lands in it, and it
 * runs operations with the session's token while every request outside 127.0.0.1 is blocked.
 */
describeWithBrowser('GraphQL IDE (browser)', () => {
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

  test('GET /graphql from a browser lands in the IDE; a GraphQL GET still gets GraphQL', async () => {
    const page = await newPage(browser);
    await page.goto(`${env.baseUrl}/graphql`);
    await page.getByRole('heading', { level: 1, name: 'GraphQL IDE' }).waitFor();
    expect(page.url()).toBe(`${env.baseUrl}/#/ide`);
    await page.context().close();
    const res = await fetch(`${env.baseUrl}/graphql`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/ide');
    await res.text();
    const get = await fetch(
      `${env.baseUrl}/graphql?query=${encodeURIComponent('{ whatCanISee { role } }')}`,
      {
        headers: {
          authorization: `Bearer ${municipality}`,
          accept: 'application/json',
          // Apollo's CSRF prevention wants a header a form cannot send on a GET.
          'apollo-require-preflight': 'true',
        },
      },
    );
    expect(await get.json()).toEqual({ data: { whatCanISee: { role: 'municipality' } } });
  });

  test('runs { whatCanISee { role } } with the session token, offline to all but 127.0.0.1', async () => {
    const page = await newPage(browser);
    await signIn(page, env.baseUrl, municipality);
    await page.getByRole('navigation').getByRole('link', { name: 'GraphQL IDE' }).click();
    await page.getByRole('heading', { level: 1, name: 'GraphQL IDE' }).waitFor();
    expect(await page.locator('input[name="ide-token"]').inputValue()).toBe(municipality);
    await page.getByLabel('Operation').fill('{ whatCanISee { role } }');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('ide-result');
    await result.waitFor();
    expect(JSON.parse(await result.innerText())).toEqual({
      data: { whatCanISee: { role: 'municipality' } },
    });
    // The schema's types, from introspection with the same token.
    await page.getByRole('button', { name: 'Load the schema' }).click();
    await page.getByTestId('schema-tree').waitFor();
    expect(await page.getByTestId('schema-tree').innerText()).toContain('whatCanISee: Visibility!');
    await expectAccessible(page);
    await screenshot(page, 'ide');
    const { requests, errors } = pageLog(page);
    expect(requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a refused operation shows the hub’s errors; bad variables are caught before sending', async () => {
    const page = await newPage(browser);
    await page.goto(`${env.baseUrl}/#/ide`);
    await page.locator('input[name="ide-token"]').fill(municipality);
    await page.getByLabel('Operation').fill('{ noSuchField }');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('ide-result');
    await result.waitFor();
    const body = JSON.parse(await result.innerText()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await page.getByLabel('Variables (JSON)').fill('[1, 2]');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('alert').filter({ hasText: 'Variables must be a JSON object' }).waitFor();
    await page.context().close();
  });

  test('keyboard: the first Tab reaches "Skip to content", which focuses the view and keeps the route', async () => {
    const page = await newPage(browser);
    await page.goto(`${env.baseUrl}/#/ide`);
    await page.getByRole('heading', { level: 1, name: 'GraphQL IDE' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
    expect(page.url()).toBe(`${env.baseUrl}/#/ide`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('GraphQL IDE');
    await page.context().close();
  });
});
