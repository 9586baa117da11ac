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
} from './support/browser.js';
import { startConsoleHub, type ConsoleHub } from './support/console-hub.js';

const LAB = 'scheveningen';

/**
 * The public sensor register at /register: a resident with no token reads, per lab and sensor
 * kind, what is measured, kept (and how long), never kept, why, and whom to ask, in Dutch or
 * English; the values come from the register entries and the privacy rule in force.
 */
describeWithBrowser('public sensor register (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startConsoleHub();
    await env.gql(
      env.admin,
      'mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }',
    );
    for (const lamppost of ['lp-001', 'lp-002']) {
      await env.gql(
        env.admin,
        'mutation ($lab: String!, $lp: String!) { provisionDevice(lab: $lab, lamppost: $lp) { username } }',
        { lab: LAB, lp: lamppost },
      );
    }
    for (const [kind, purpose] of [
      ['camera', 'crowd management on the boulevard in the beach season'],
      ['temperature', 'heat stress on the boulevard'],
    ]) {
      await env.gql(
        env.admin,
        'mutation ($input: SensorRegisterEntryInput!) { setSensorRegisterEntry(input: $input) { kind } }',
        {
          input: {
            lab: LAB,
            kind,
            purpose,
            legalGround: 'public task (Art. 6(1)(e) GDPR)',
            privacyStatementUrl: 'https://www.denhaag.nl/privacy/sensoren',
            activeUntil: '2027-09-30',
            contact: 'privacy@denhaag.nl',
          },
        },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const card = (page: Page, kind: string) =>
    page.locator(`section.register-kind[data-kind="${kind}"]`);
  const definition = async (page: Page, kind: string, term: string) =>
    card(page, kind)
      .locator('dt', { hasText: term })
      .locator('xpath=following-sibling::dd[1]')
      .innerText();

  test('the JSON keeps its fields and adds what the rule keeps and the retention', async () => {
    const res = await fetch(`${env.baseUrl}/register/sensors`);
    const body = (await res.json()) as { count: number; sensors: Record<string, unknown>[] };
    expect(body.count).toBe(4);
    expect(body.sensors[0]).toEqual(
      expect.objectContaining({
        id: `${LAB}/lp-001/camera`,
        municipality: 'den-haag',
        contact: 'privacy@denhaag.nl',
        rules: 'scheveningen-default@1',
        retentionDays: null,
        kept: expect.objectContaining({
          everySeconds: 300,
          place: 'lamppost',
          minCount: 5,
          noise: true,
        }),
        keptDescription: expect.stringContaining('camera: frames dropped unread'),
      }),
    );
  });

  test('without a token, in English: every registered kind of the lab, in plain words', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    const response = await page.goto(`${env.baseUrl}/register`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Public sensor register' }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Living lab ${LAB}` }).waitFor();
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
      'Camera',
      'Temperature',
    ]);
    expect(await definition(page, 'camera', 'What is measured')).toContain(
      'people, bicycles and vehicles',
    );
    expect(await definition(page, 'camera', 'What is kept')).toContain('one value per 5 min');
    expect(await definition(page, 'camera', 'What is kept')).toContain(
      'counts below 5 are not published',
    );
    expect(await definition(page, 'camera', 'For how long')).toContain(
      'No retention period is set yet',
    );
    expect(await definition(page, 'camera', 'What is never kept')).toContain(
      'Images, faces and licence plates',
    );
    expect(await definition(page, 'camera', 'Purpose')).toBe(
      'crowd management on the boulevard in the beach season',
    );
    expect(await definition(page, 'camera', 'Responsible municipality')).toBe('den-haag');
    expect(await definition(page, 'camera', 'Contact')).toBe('privacy@denhaag.nl');
    expect(await definition(page, 'camera', 'Privacy rule version in force')).toBe(
      'scheveningen-default@1',
    );
    expect(await definition(page, 'camera', 'Lampposts')).toBe('lp-001, lp-002');
    expect(await definition(page, 'temperature', 'What is kept')).toContain(
      'celsius: one value per 1 min',
    );
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'register');
    const { requests, errors } = pageLog(page);
    expect(requests.filter((url) => !isLoopback(url))).toEqual([]);
    expect(requests).toContain(`${env.baseUrl}/register/sensors`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('in Dutch: the same register, Dutch texts and <html lang="nl">', async () => {
    const page = await newPage(browser, { locale: 'nl-NL' });
    await page.goto(`${env.baseUrl}/register`);
    await page.getByRole('heading', { level: 1, name: 'Openbaar sensorregister' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await definition(page, 'camera', 'Wat wordt gemeten')).toContain(
      'mensen, fietsen en voertuigen',
    );
    expect(await definition(page, 'camera', 'Wat wordt bewaard')).toContain('één waarde per 5 min');
    expect(await definition(page, 'camera', 'Wat nooit wordt bewaard')).toContain(
      'Beelden, gezichten en kentekens',
    );
    expect(await definition(page, 'temperature', 'Hoe lang')).toContain('geen bewaartermijn');
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
      'Camera',
      'Temperatuur',
    ]);
    await expectAccessible(page);
    await page.context().close();
  });
});
