import { afterAll, beforeAll, expect, test } from '@jest/globals';
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

/**
 * Asking to share, in a real chromium against a real hub: leiden (B) finds den-haag's (A) lab
 * and asks twice for aggregates; A's privacy officer declines one with a reason and approves the
 * other; B sees both outcomes and, on the same page, that it now sees the lab.
 */
const LAB = 'scheveningen';

describeWithBrowser('console sharing (browser)', () => {
  let env: ConsoleHub;
  let browser: Browser;
  let leiden: string;
  let officer: string;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startConsoleHub(), launchBrowser()]);
    await env.gql(
      env.admin,
      'mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }',
    );
    await env.gql(
      env.admin,
      `mutation ($input: SensorRegisterEntryInput!) { setSensorRegisterEntry(input: $input) { lab } }`,
      {
        input: {
          lab: LAB,
          kind: 'camera',
          purpose: 'crowd counts on the boulevard',
          legalGround: 'public task',
          privacyStatementUrl: 'https://example.org/privacy',
          activeUntil: '2030-12-31',
          contact: 'privacy@denhaag.example',
        },
      },
    );
    leiden = await env.token({ role: 'municipality', municipality: 'leiden' });
    officer = await env.token({
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg@denhaag.example',
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const openSharing = async (page: Page, token: string) => {
    await signIn(page, env.baseUrl, token);
    await page.goto(`${env.baseUrl}/#/sharing`);
    await page.getByRole('heading', { level: 1, name: 'Sharing' }).waitFor();
  };
  const finderRow = (page: Page) =>
    page.getByTestId('lab-finder').getByRole('row').filter({ hasText: LAB });
  const form = (page: Page) => page.getByTestId('request-form');

  const ask = async (page: Page, kind: string, purpose: string) => {
    await finderRow(page)
      .getByRole('button', { name: `Request access: ${LAB}` })
      .click();
    await form(page).getByRole('checkbox', { name: kind }).check();
    await form(page)
      .getByRole('radio', { name: /Hourly aggregates/ })
      .check();
    await form(page).getByLabel('Purpose').fill(purpose);
    await form(page).getByLabel('Until (inclusive)').fill('2030-06-30');
    await form(page).getByRole('button', { name: 'Send request' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Your request for ${LAB} was sent.` })
      .waitFor();
  };

  test('B finds the lab, is told what is missing next to each field, and asks twice', async () => {
    const page = await newPage(browser);
    await openSharing(page, leiden);
    const row = finderRow(page);
    await row.waitFor();
    expect(await row.innerText()).toContain('den-haag');
    expect(await row.innerText()).toContain('privacy@denhaag.example');
    expect(await row.innerText()).toContain('camera');

    // Sent empty: each field says what it needs, and nothing reaches the hub.
    await row.getByRole('button', { name: `Request access: ${LAB}` }).click();
    const calls = () => pageLog(page).requests.filter((u) => u.endsWith('/graphql')).length;
    const before = calls();
    await form(page).getByRole('button', { name: 'Send request' }).click();
    await form(page).getByText('Pick at least one kind.').waitFor();
    expect(await form(page).getByText('Fill this in.').count()).toBe(2); // purpose, until
    expect(await form(page).getByLabel('Purpose').getAttribute('aria-invalid')).toBe('true');
    expect(calls()).toBe(before);
    await form(page).getByRole('button', { name: 'Cancel' }).click();

    await ask(page, 'camera', 'crowding on the boulevard, summer 2030');
    await ask(page, 'sound', 'noise nuisance study');
    const mine = page.getByTestId('my-requests');
    await mine.getByRole('row').filter({ hasText: 'sound' }).waitFor();
    expect(await mine.getByRole('row').filter({ hasText: 'open' }).count()).toBe(2);
    await expectAccessible(page);
    expect(pageLog(page).errors).toEqual([]);
    await page.context().close();
  });

  test('A’s privacy officer declines one with a reason and approves the other', async () => {
    const { sharingRequests } = await env.gql<{
      sharingRequests: { id: string; kinds: string[] }[];
    }>(leiden, '{ sharingRequests(direction: OUTGOING) { id kinds } }');
    const camera = sharingRequests.find((r) => r.kinds.includes('camera'))!;
    const sound = sharingRequests.find((r) => r.kinds.includes('sound'))!;

    const page = await newPage(browser);
    await openSharing(page, officer);
    const declineForm = page.getByTestId(`decide-${sound.id}`);
    await declineForm.waitFor();
    // A decline needs a reason, shown next to the field.
    await declineForm.getByRole('button', { name: 'Decline' }).click();
    await declineForm.getByText('Fill this in.').waitFor();
    await declineForm.getByRole('textbox').fill('sound levels stay within den-haag');
    await declineForm.getByRole('button', { name: 'Decline' }).click();
    const incoming = page.getByTestId('incoming-requests');
    await incoming.getByText('reason: sound levels stay within den-haag').waitFor();

    const approveForm = page.getByTestId(`decide-${camera.id}`);
    await approveForm.getByRole('textbox').fill('fine for the summer study');
    await approveForm.getByRole('button', { name: 'Approve' }).click();
    await incoming.getByText('note: fine for the summer study').waitFor();
    const given = page
      .getByTestId('given-agreements')
      .getByRole('row')
      .filter({ hasText: 'leiden' });
    await given.waitFor();
    expect(await given.innerText()).toContain('camera');
    await expectAccessible(page);
    expect(pageLog(page).errors).toEqual([]);
    await page.context().close();
  });

  test('B sees both outcomes, and now sees the lab', async () => {
    const page = await newPage(browser);
    await openSharing(page, leiden);
    const mine = page.getByTestId('my-requests');
    const approved = mine.getByRole('row').filter({ hasText: 'approved' });
    await approved.waitFor();
    expect(await approved.innerText()).toMatch(/agreement [0-9a-f-]{36}/);
    expect(await approved.innerText()).toContain('note: fine for the summer study');
    expect(await approved.innerText()).toContain('2030-06-30'); // the last day, as asked
    const declined = mine.getByRole('row').filter({ hasText: 'declined' });
    expect(await declined.innerText()).toContain('reason: sound levels stay within den-haag');
    const aggregates = page.getByTestId('can-see-aggregates');
    await aggregates.getByText(LAB).waitFor();
    expect(await aggregates.innerText()).toContain('camera');
    await expectAccessible(page);
    await screenshot(page, 'sharing');

    // The same page in Dutch.
    await page.getByRole('button', { name: /Nederlands/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Delen' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await mine.getByText('goedgekeurd').waitFor();
    await expectAccessible(page);
    expect(pageLog(page).errors).toEqual([]);
    await page.context().close();
  });

  test('A’s privacy officer revokes the agreement; it leaves the list and B’s view', async () => {
    const page = await newPage(browser);
    await openSharing(page, officer);
    const given = page.getByTestId('given-agreements');
    await given.getByRole('button', { name: `Revoke: ${LAB} → leiden` }).click();
    await given.getByText('Nothing to show.').waitFor();
    const seen = await env.gql<{ whatCanISee: { aggregatesOnly: { lab: string }[] } }>(
      leiden,
      '{ whatCanISee { aggregatesOnly { lab } } }',
    );
    expect(seen.whatCanISee.aggregatesOnly).toEqual([]);
    expect(pageLog(page).errors).toEqual([]);
    await page.context().close();
  });
});
