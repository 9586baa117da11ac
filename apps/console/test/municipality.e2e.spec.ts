import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import {
  describeWithBrowser,
  expectAccessible,
  launchBrowser,
  newPage,
  pageLog,
  screenshot,
  signIn,
} from './support/browser.js';
import { startConsoleHub, type ConsoleHub } from './support/console-hub.js';
import { provisionLab, type LabDevice } from './support/lab-fixture.js';

/**
 * A municipality in a real chromium against a real child hub, its lampposts publishing over
 * MQTT: its lab on the map, live tiles that change as readings arrive, a chart of history, and
 * a CSV of what is on screen.
 */
describeWithBrowser('municipality view (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let municipality: string;
  let devices: LabDevice[];

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    devices = await provisionLab(env, 'scheveningen', 'den-haag', 3);
    municipality = await env.token({ role: 'municipality', municipality: 'den-haag' });
    await devices[0].temperature(18.5);
    await devices[1].temperature(17.2);
  }, 180_000);

  afterAll(async () => {
    await Promise.all((devices ?? []).map((d) => d.close()));
    await browser?.close();
    await env?.stop();
  });

  test('the lab, its lampposts on the map, a live tile that changes as readings arrive, and history', async () => {
    const page = await newPage(browser);
    await signIn(page, env.baseUrl, municipality);
    await page.goto(`${env.baseUrl}/#/municipality`);
    await page.getByRole('heading', { name: 'Municipality view' }).waitFor();

    // The lab it owns, with its level.
    const labs = page.getByRole('table', { name: 'Labs you own and labs shared with you' });
    await labs.waitFor();
    expect(await labs.innerText()).toContain('scheveningen');
    expect(await labs.innerText()).toContain('owned');

    // Every lamppost is on the map, with its label, even lp-003 which has not published yet.
    for (const id of ['lp-001', 'lp-002', 'lp-003']) {
      await page.locator(`.lamppost-marker[data-lamppost="${id}"]`).first().waitFor();
    }
    expect(
      await page.locator('.lamppost-marker[data-lamppost="lp-003"]').first().innerText(),
    ).toContain('lp-003');

    // The latest reading, with the rule version that produced it.
    const tile = page.locator(
      '[data-testid="tile"][data-lamppost="lp-001"][data-kind="temperature"]',
    );
    await tile.waitFor();
    expect(await tile.getByTestId('tile-value').innerText()).toBe('18.5 °C');
    expect(await tile.innerText()).toContain('rule v1');

    // A new reading over MQTT changes the tile without a reload.
    await devices[0].temperature(21.3);
    await page
      .locator(
        '[data-testid="tile"][data-lamppost="lp-001"][data-kind="temperature"] [data-testid="tile-value"]',
        {
          hasText: '21.3 °C',
        },
      )
      .waitFor({ timeout: 10_000 });
    await devices[2].temperature(15.0);
    await page
      .locator('[data-testid="tile"][data-lamppost="lp-003"][data-kind="temperature"]')
      .waitFor();

    // History of the kind, every lamppost: the three readings of lp-001 and lp-002 at least.
    const history = page.getByTestId('history-chart');
    await history.waitFor();
    expect(Number(await history.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    expect(await history.locator('canvas').count()).toBeGreaterThan(0);
    // Hourly aggregates: the mean temperature of this hour.
    await page.getByTestId('aggregates-chart').waitFor();
    expect(await page.getByTestId('aggregate-value').first().innerText()).toMatch(/^\d+(\.\d)?$/);

    // The CSV holds what is on screen.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('live-csv').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('lab,lamppost,kind,observedAt,value,unit,ruleVersion,cursor');
    expect(csv).toContain('scheveningen,lp-001,temperature,');
    expect(csv).toContain(',21.3,°C,1,');

    await expectAccessible(page);
    await screenshot(page, 'municipality');
    expect(pageLog(page).errors).toEqual([]);
    await page.context().close();
  });

  test('in Dutch the view speaks Dutch', async () => {
    const page = await newPage(browser, { locale: 'nl-NL' });
    await signIn(page, env.baseUrl, municipality);
    await page.goto(`${env.baseUrl}/#/municipality`);
    await page.getByRole('heading', { name: 'Gemeenteoverzicht' }).waitFor();
    const tile = page.locator(
      '[data-testid="tile"][data-lamppost="lp-001"][data-kind="temperature"]',
    );
    await tile.waitFor();
    expect(await tile.innerText()).toContain('regel v1');
    await expectAccessible(page);
    await page.context().close();
  });
});
