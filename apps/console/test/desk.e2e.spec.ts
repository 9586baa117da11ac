import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { connectDevice } from '../../hub/test/support/clients.js';
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

const A = 'a.fg@denhaag.example';
const B = 'b.fg@denhaag.example';
/** One journey of two officers through a real chromium and a real hub: more than 30 s. */
const JOURNEY_MS = 240_000;

interface Device {
  username: string;
  password: string;
  topicPrefix: string;
}

/**
 * The privacy officer's desk, in a real chromium against a real (child) hub: officer A proposes
 * a change in the form (after the hub's refusal of a bad field is shown next to it), tries it,
 * cannot approve it herself; officer B approves and activates it; the change is in force on the
 * desk and in the next reading; the report downloads.
 */
describeWithBrowser('privacy officer desk (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let officerA: string;
  let officerB: string;
  let device: Device;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    await env.gql(
      env.admin,
      'mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }',
    );
    device = (
      await env.gql<{ provisionDevice: Device }>(
        env.admin,
        'mutation { provisionDevice(lab: "scheveningen", lamppost: "lp-001") { username password topicPrefix } }',
      )
    ).provisionDevice;
    officerA = await env.token({ role: 'privacy-officer', municipality: 'den-haag', holder: A });
    officerB = await env.token({ role: 'privacy-officer', municipality: 'den-haag', holder: B });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const openDesk = async (token: string): Promise<Page> => {
    const page = await newPage(browser);
    await signIn(page, env.baseUrl, token);
    await page.goto(`${env.baseUrl}/#/desk`);
    await page.getByTestId('rules-in-force').getByRole('table').waitFor();
    return page;
  };
  const input = (page: Page, name: string) => page.locator(`[name="${name}"]`);
  /** The error text the form shows next to the input named `name`. */
  const errorNextTo = (page: Page, name: string) =>
    page.locator(`.field:has([name="${name}"]) .field-error`);

  test(
    'A proposes (a bad field refused next to it first) and tries it; A cannot approve; B approves and activates; the change is in force and in the next reading; the report downloads',
    async () => {
      const a = await openDesk(officerA);
      expect(await a.getByTestId('in-force-version').innerText()).toContain('Version 1');
      const inForce = a.getByTestId('rules-in-force');
      expect(await inForce.innerText()).toContain('celsius (1 decimals)');

      // A bad value: the hub's reason appears next to that very field.
      await input(a, 'kinds.temperature.fields.celsius.decimals').fill('0');
      await input(a, 'kinds.temperature.timeBucketSeconds').fill('300');
      await input(a, 'kinds.sound.windowSeconds').fill('0');
      await input(a, 'reason').fill('whole degrees are enough for the heat plan');
      await input(a, 'reference').fill('DPIA-2026-04');
      await a.getByRole('button', { name: 'Propose', exact: true }).click();
      await errorNextTo(a, 'kinds.sound.windowSeconds').waitFor();
      expect(await errorNextTo(a, 'kinds.sound.windowSeconds').innerText()).toMatch(/integer >= 1/);
      expect(await input(a, 'kinds.sound.windowSeconds').getAttribute('aria-invalid')).toBe('true');
      expect(await errorNextTo(a, 'kinds.temperature.fields.celsius.decimals').count()).toBe(0);
      await expectAccessible(a);

      // Fixed, then tried: the dry run says what would change, before and after.
      await input(a, 'kinds.sound.windowSeconds').fill('60');
      await a.getByRole('button', { name: 'Try it (dry run)' }).click();
      const dry = a.getByTestId('dry-run');
      await dry.waitFor();
      expect(await dry.innerText()).toContain('would newly apply: time-bucket:300s');
      expect(await dry.getByRole('table').innerText()).toContain('Temperature · ');
      expect(await errorNextTo(a, 'kinds.sound.windowSeconds').count()).toBe(0);

      await a.getByRole('button', { name: 'Propose', exact: true }).click();
      await a.getByTestId('proposed').waitFor();
      await a.getByTestId('status-2').waitFor();
      expect(await a.getByTestId('status-2').innerText()).toBe('proposed');

      // Four eyes, visible: A's approve button is disabled and says why.
      const approveA = a.getByTestId('approve-2');
      expect(await approveA.isDisabled()).toBe(true);
      expect(await a.getByTestId('own-proposal-2').innerText()).toContain(
        'a second privacy officer must approve it',
      );
      // Forced anyway (the button enabled by hand): the hub refuses, and the desk says so.
      await a.evaluate(`document.querySelector('[data-testid="approve-2"]').disabled = false`);
      expect(await approveA.isDisabled()).toBe(false);
      await approveA.click();
      const refusal = a.getByTestId('review-2').getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.getByTestId('error-code').innerText()).toBe('FORBIDDEN');
      expect(await refusal.getByTestId('error-reason').innerText()).toContain('SELF_APPROVAL');
      expect(await refusal.innerText()).toContain('you proposed version 2');
      expect(await a.getByTestId('status-2').innerText()).toBe('proposed');
      await a.context().close();

      // B approves with a note and activates now.
      const b = await openDesk(officerB);
      const review = b.getByTestId('review-2');
      expect(await b.getByTestId('approve-2').isDisabled()).toBe(false);
      await review.getByLabel(/Note/).fill('checked against DPIA section 4');
      await b.getByTestId('approve-2').click();
      await b.getByTestId('activate-2').waitFor();
      expect(await b.getByTestId('status-2').innerText()).toBe('approved');
      await b.getByTestId('activate-2').getByRole('button', { name: 'Activate now' }).click();
      await b.getByText('Version 2, in force since').waitFor();
      expect(await b.getByTestId('status-2').innerText()).toBe('in force');
      expect(await b.getByTestId('status-1').innerText()).toBe('superseded');
      expect(await b.getByTestId('rules-in-force').innerText()).toContain('celsius (0 decimals)');
      // The proposal form now starts from version 2.
      expect(await input(b, 'kinds.temperature.fields.celsius.decimals').inputValue()).toBe('0');
      expect(await input(b, 'version').inputValue()).toBe('3');
      const history = await b.getByRole('table', { name: 'Version history' }).innerText();
      expect(history).toContain(A);
      expect(history).toContain(B);
      expect(history).toContain('checked against DPIA section 4');
      expect(await b.getByTestId('chain-status').innerText()).toMatch(/^Intact/);

      // A reading produced after the switch names version 2 and has whole degrees.
      const mqtt = await connectDevice(env.hub.mqttPort, device);
      await mqtt.publishAsync(
        `${device.topicPrefix}temperature`,
        JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 21.4 }),
        { qos: 1 },
      );
      await mqtt.endAsync();
      let reading: { rule: { version: number }; values: { celsius: number } } | undefined;
      for (let tries = 0; tries < 50 && !reading; tries++) {
        const d = await env.gql<{
          readings: {
            edges: { node: { rule: { version: number }; values: { celsius: number } } }[];
          };
        }>(
          env.admin,
          '{ readings(first: 5, filter: { lab: "scheveningen", kind: "temperature" }) { edges { node { rule { version } values } } } }',
        );
        reading = d.readings.edges[0]?.node;
        if (!reading) await new Promise((r) => setTimeout(r, 200));
      }
      expect(reading).toEqual({ rule: { version: 2 }, values: { celsius: 21 } });
      // The filter statistics count it under version 2, once the desk refreshes them.
      await b.getByRole('button', { name: 'Refresh' }).click();
      const stats = b.getByRole('table', { name: 'Filter statistics per version' });
      await stats.waitFor();
      expect((await stats.locator('tbody tr').first().innerText()).split('\t').slice(0, 3)).toEqual(
        ['2', '1', '1'],
      );

      // The report downloads (HTML), naming the two people.
      const [download] = await Promise.all([
        b.waitForEvent('download'),
        b.getByRole('button', { name: 'Download HTML' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('scheveningen-privacy-report.html');
      const html = readFileSync(await download.path(), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(A);
      expect(html).toContain(B);

      await expectAccessible(b);
      await b.getByRole('heading', { name: 'Privacy officer desk' }).scrollIntoViewIfNeeded();
      await screenshot(b, 'desk');
      expect(pageLog(b).errors).toEqual([]);
      await b.context().close();
    },
    JOURNEY_MS,
  );

  test('an admin sees the desk read-only: rules and history, no proposal form, no review', async () => {
    const page = await newPage(browser);
    await signIn(page, env.baseUrl, env.admin);
    await page.goto(`${env.baseUrl}/#/desk`);
    await page.getByTestId('rules-in-force').getByRole('table').waitFor();
    expect(await page.getByText('this desk is read-only for you').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Version history' }).count()).toBe(1);
    expect(await page.getByTestId('propose-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.context().close();
  }, 180_000);

  test('Dutch: the desk speaks Dutch, and the statistics explain what "late" means', async () => {
    const page = await newPage(browser, { locale: 'nl-NL' });
    await signIn(page, env.baseUrl, officerB);
    await page.goto(`${env.baseUrl}/#/desk`);
    await page.getByRole('heading', { name: 'Privacybureau' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('heading', { name: 'Filterstatistieken per versie' }).waitFor();
    expect(await page.locator('.desk-explained').innerText()).toContain('Late berichten');
    await expectAccessible(page);
    await page.context().close();
  }, 180_000);
});
