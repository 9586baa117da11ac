import { afterAll, beforeAll, expect, test } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
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

const LAB = 'scheveningen'; // the lab of the shipped privacy rule set: its readings are stored

const reading = (seq: number, celsius: number) =>
  JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius });

/**
 * A partner's day on the board, in a real chromium against a real hub and a real MQTT device:
 * provision in the browser, take the credentials from the page, connect with them, see the device
 * come online and its refused message explained, then revoke it (after confirming).
 */
describeWithBrowser('partner board (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let page: Page;
  let partner: string;
  let device: MqttClient | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    await env.gql(
      env.admin,
      'mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }',
    );
    partner = await env.token({ role: 'partner', lab: LAB });
    page = await newPage(browser);
  }, 180_000);

  afterAll(async () => {
    await device?.endAsync(true);
    await browser?.close();
    await env?.stop();
  });

  test('provision in the browser, connect with the shown credentials, see it online and its refusal explained', async () => {
    await signIn(page, env.baseUrl, partner);
    await page.goto(`${env.baseUrl}/#/partner`);
    await page.getByRole('heading', { level: 1, name: 'Partner board' }).waitFor();

    // A bad id is refused by the hub, next to the field, with its reason.
    await page.getByLabel('Lamppost id').fill('LP 1');
    await page.getByRole('button', { name: 'Provision', exact: true }).click();
    await page.getByText(/^INVALID_ID: lamppost id "LP 1" is not valid/).waitFor();

    await page.getByLabel('Lamppost id').fill('lp-101');
    await page.getByRole('button', { name: 'Provision', exact: true }).click();
    const credentials = page.getByTestId('credentials');
    await credentials.waitFor();
    expect(await credentials.innerText()).toContain('You will not see it again');
    const username = (await page.getByTestId('issued-username').innerText()).trim();
    const password = (await page.getByTestId('issued-password').innerText()).trim();
    const prefix = (await page.getByTestId('issued-prefix').innerText()).trim();
    expect(username).toBe('scheveningen.lp-101');
    expect(prefix).toBe('labs/scheveningen/lampposts/lp-101/');
    expect(password.length).toBeGreaterThanOrEqual(32);

    const card = page.getByTestId('device-lp-101');
    await card.getByTestId('presence').filter({ hasText: 'Offline' }).waitFor();
    await card.getByText('never connected').waitFor();

    device = await mqtt.connectAsync(`mqtt://127.0.0.1:${env.hub.mqttPort}`, {
      clientId: username,
      username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    await device.publishAsync(`${prefix}temperature`, reading(1, 19.5), { qos: 1 });
    await card.getByTestId('presence').filter({ hasText: 'Online' }).waitFor({ timeout: 20_000 });
    await card.getByText('celsius 19.5').waitFor({ timeout: 20_000 });
    expect(await card.getByTestId('last-seen').innerText()).not.toContain('no reading stored yet');

    await device.publishAsync(`${prefix}temperature`, reading(2, 500), { qos: 1 });
    const refusals = card.getByTestId('refusals');
    await refusals
      .getByRole('row')
      .filter({ hasText: 'OUT_OF_RANGE' })
      .filter({ hasText: 'A value lies outside what the sensor can measure.' })
      .filter({ hasText: 'celsius must not be greater than 70' })
      .waitFor({ timeout: 20_000 });
    await refusals.getByRole('listitem').filter({ hasText: 'OUT_OF_RANGE' }).waitFor();

    // The credentials panel is gone once the partner says the password is stored.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await credentials.waitFor({ state: 'detached' });

    await expectAccessible(page);
    await screenshot(page, 'partner');
    expect(pageLog(page).errors).toEqual([]);
  });

  test('revoking asks first, then disconnects the device and the board shows it offline', async () => {
    const card = page.getByTestId('device-lp-101');
    const closed = new Promise<void>((resolve) => device!.once('close', () => resolve()));
    await card.getByRole('button', { name: 'Revoke lp-101' }).click();
    // Nothing happened yet: the question is asked in place.
    await card.getByText('Revoke lp-101? It is disconnected at once').waitFor();
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect(await card.getByTestId('presence').innerText()).toContain('Online');

    await card.getByRole('button', { name: 'Revoke lp-101' }).click();
    await card.getByRole('button', { name: 'Yes, revoke' }).click();
    await closed;
    await page.getByText('lp-101 is revoked.').waitFor();
    await card.getByTestId('presence').filter({ hasText: 'Offline' }).waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toContain('revoked');
  });

  test('the board speaks Dutch, and a rotation shows the new password once', async () => {
    await page
      .getByRole('button', { name: /Nederlands|NL/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Partnerbord' }).waitFor();
    const card = page.getByTestId('device-lp-101');
    await card.getByTestId('presence').filter({ hasText: 'Offline' }).waitFor();
    await card.getByText('Een waarde ligt buiten wat de sensor kan meten.').waitFor();
    await card.getByRole('button', { name: 'Nieuw wachtwoord lp-101' }).click();
    await card.getByRole('button', { name: 'Ja, geef een nieuw wachtwoord uit' }).click();
    await page.getByTestId('credentials').getByText('U ziet het niet meer terug').waitFor();
    const fresh = (await page.getByTestId('issued-password').innerText()).trim();
    expect(fresh.length).toBeGreaterThanOrEqual(32);
    await expectAccessible(page);
  });
});
