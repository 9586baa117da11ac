import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import {
  describeWithBrowser,
  expectAccessible,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
} from './support/browser.js';
import { startConsoleHub, type ConsoleHub } from './support/console-hub.js';
import { provisionLab, type LabDevice } from './support/lab-fixture.js';

/**
 * A municipality that holds an aggregates-level agreement on another's lab: it sees the lab,
 * the agreement's purpose and end, hourly aggregates (shared, noisy), and no readings, with the
 * reason why.
 */
describeWithBrowser('grantee view (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let grantee: string;
  let devices: LabDevice[];

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    devices = await provisionLab(env, 'scheveningen', 'den-haag', 2);
    const owner = await env.token({ role: 'municipality', municipality: 'den-haag' });
    grantee = await env.token({ role: 'municipality', municipality: 'leiden' });
    await env.gql(
      owner,
      'mutation ($input: GrantSharingInput!) { grantSharing(input: $input) { id } }',
      {
        input: {
          lab: 'scheveningen',
          to: 'leiden',
          kinds: ['temperature'],
          purpose: 'heat stress study',
          legalBasis: 'public task',
          until: '2999-12-31',
          level: 'aggregates',
        },
      },
    );
    // Six readings this hour: enough (k = 5) for the hour to be shared, with noise.
    for (const celsius of [19, 20, 21]) {
      await devices[0].temperature(celsius);
      await devices[1].temperature(celsius + 1);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all((devices ?? []).map((d) => d.close()));
    await browser?.close();
    await env?.stop();
  });

  test('aggregates only: the agreement, hourly figures, and no readings (it says why)', async () => {
    const page = await newPage(browser);
    await signIn(page, env.baseUrl, grantee);
    await page.goto(`${env.baseUrl}/#/municipality`);
    const labs = page.getByRole('table', { name: 'Labs you own and labs shared with you' });
    await labs.waitFor();
    const text = await labs.innerText();
    expect(text).toContain('scheveningen');
    expect(text).toContain('den-haag');
    expect(text).toContain('shared with you');
    expect(text).toContain('hourly aggregates only');
    expect(text).toContain('heat stress study');
    expect(text).toContain('31 Dec 2999'); // granted through 2999-12-31

    expect(await page.getByTestId('aggregates-only').innerText()).toContain(
      'allows hourly aggregates only',
    );
    await page.getByTestId('aggregates-chart').waitFor();
    // The mean temperature of the hour (20.5 exactly; shared as it is over k readings).
    expect(await page.getByTestId('aggregate-value').first().innerText()).toBe('20.5');
    // No readings anywhere: no live tiles, no history, no map.
    expect(await page.getByTestId('tile').count()).toBe(0);
    expect(await page.getByTestId('history-chart').count()).toBe(0);
    expect(await page.locator('.lamppost-marker').count()).toBe(0);

    await expectAccessible(page);
    await screenshot(page, 'grantee');
    await page.context().close();
  });
});
