// npm run bench:console: the municipality view in a real chromium against the hub (a child
// process, as deployed). Measures: the view's first render on a lab of 40 lampposts with a day
// of history; MQTT publish -> value visible in the live tile at 1,000 readings/s across the lab
// (a MutationObserver in the page timestamps each change); the gzipped size of the entry chunk.
// Prints progress, then ONE JSON line (the last line). Never run by the tests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { MqttClient } from 'mqtt';
import { chromium } from 'playwright-core';
import { placedDevice, startBenchHub } from './bench-hub.js';

const LAB = 'scheveningen';
const LAMPPOSTS = 40;
const HISTORY_EVERY_MIN = 10; // a day of temperature and motion readings, every 10 minutes
const RATE = 1000;
const LIVE_SECONDS = 10;

const log = (m: string): void => void process.stdout.write(`${m}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** The entry chunk named by dist/console/index.html, gzipped (level 9, as a server would). */
function initialJsKiB(): number {
  const html = readFileSync('dist/console/index.html', 'utf8');
  const src = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('no entry script in dist/console/index.html');
  return round(gzipSync(readFileSync(join('dist/console', src)), { level: 9 }).length / 1024);
}

/** Along the boulevard, evenly (the simulator's line, north-east to south-west). */
const positionOf = (i: number) => ({
  lat: round(52.1172 - (i / (LAMPPOSTS - 1)) * 0.0184, 6),
  lon: round(4.2905 - (i / (LAMPPOSTS - 1)) * 0.0277, 6),
});

async function publishAll(sends: Promise<unknown>[]): Promise<void> {
  await Promise.all(sends);
}

async function main(): Promise<void> {
  const entryKiB = initialJsKiB();
  log(`entry chunk: ${entryKiB} KiB gzipped`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-console-bench-'));
  const hub = await startBenchHub(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const devices: MqttClient[] = [];
  try {
    await hub.gql('mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }');
    const {
      createToken: { token },
    } = await hub.gql<{ createToken: { token: string } }>(
      'mutation { createToken(input: { role: "municipality", municipality: "den-haag" }) { token } }',
    );
    for (let i = 0; i < LAMPPOSTS; i++) {
      const id = `sch-${String(i + 1).padStart(3, '0')}`;
      devices.push(await placedDevice(hub, LAB, id, positionOf(i)));
    }
    log(`${LAMPPOSTS} lampposts provisioned along the boulevard`);

    // A day of history over MQTT: temperature and motion every 10 minutes per lamppost.
    const seq = new Map<string, number>();
    const next = (key: string) => {
      const n = (seq.get(key) ?? 0) + 1;
      seq.set(key, n);
      return n;
    };
    const start = Date.now() - 24 * 3600e3 + 60e3;
    let history = 0;
    for (let t = start; t < Date.now() - 60e3; t += HISTORY_EVERY_MIN * 60e3) {
      const sends: Promise<unknown>[] = [];
      devices.forEach((d, i) => {
        const id = `sch-${String(i + 1).padStart(3, '0')}`;
        const observedAt = new Date(t).toISOString();
        const celsius = round(14 + 6 * Math.sin(t / 3600e3 / 4) + i * 0.05);
        sends.push(
          d.publishAsync(
            `labs/${LAB}/lampposts/${id}/temperature`,
            JSON.stringify({ seq: next(`${id}/t`), observedAt, celsius }),
            { qos: 1 },
          ),
          d.publishAsync(
            `labs/${LAB}/lampposts/${id}/motion`,
            JSON.stringify({
              seq: next(`${id}/m`),
              observedAt,
              events: Math.floor(i + t / 60e3) % 9,
            }),
            { qos: 1 },
          ),
        );
      });
      await publishAll(sends);
      history += sends.length;
    }
    log(`${history} readings of history stored`);

    // First render: a signed-in municipality opens #/municipality (a fresh load).
    // bypassCSP: waitForFunction polls a string predicate, which the console's CSP (no eval)
    // refuses; the page's own scripts run as they would without it.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const base = `http://127.0.0.1:${hub.httpPort}`;
    await page.goto(`${base}/`);
    await page.locator('form.sign-in input[name="token"]').fill(token);
    await page.locator('form.sign-in button[type="submit"]').click();
    await page.getByTestId('signed-in-as').waitFor();
    const renders: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${base}/#/municipality`);
      await page.reload();
      const handle = await page.waitForFunction(
        `document.querySelectorAll('[data-testid="tile"]').length >= ${LAMPPOSTS * 2} &&
         document.querySelector('[data-testid="history-chart"] canvas') &&
         document.querySelectorAll('.lamppost-marker').length >= ${LAMPPOSTS} &&
         performance.now()`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      renders.push((await handle.jsonValue()) as number);
    }
    const firstRenderMs = round(percentile(renders, 50));
    log(`first render: ${renders.map((r) => round(r)).join(', ')} ms (median ${firstRenderMs})`);

    // Live: 1,000 readings/s across the lab; every value of a lamppost is distinct, so the
    // text a tile shows names the publish that put it there.
    await page.evaluate(`
      window.__seen = [];
      new MutationObserver((records) => {
        const t = performance.timeOrigin + performance.now();
        for (const r of records) {
          const el = (r.target.nodeType === 1 ? r.target : r.target.parentElement);
          const tile = el && el.closest('[data-testid="tile"][data-kind="temperature"]');
          if (!tile) continue;
          const text = tile.querySelector('[data-testid="tile-value"]').textContent;
          window.__seen.push([tile.dataset.lamppost, text, t]);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    `);
    const sentAt = new Map<string, number>();
    const perTick = RATE / 100;
    let sent = 0;
    const acks: Promise<unknown>[] = [];
    const liveStart = Date.now();
    while (sent < RATE * LIVE_SECONDS) {
      const due = Math.min(
        RATE * LIVE_SECONDS,
        Math.floor(((Date.now() - liveStart) / 1000) * RATE) + perTick,
      );
      for (; sent < due; sent++) {
        const i = sent % LAMPPOSTS;
        const id = `sch-${String(i + 1).padStart(3, '0')}`;
        const celsius = round(30 + Math.floor(sent / LAMPPOSTS) * 0.1); // 30.0, 30.1, ... per lamppost
        sentAt.set(`${id} ${celsius}`, Date.now());
        acks.push(
          devices[i].publishAsync(
            `labs/${LAB}/lampposts/${id}/temperature`,
            JSON.stringify({ seq: next(`${id}/t`), observedAt: new Date().toISOString(), celsius }),
            { qos: 1 },
          ),
        );
      }
      await sleep(10);
    }
    await Promise.all(acks);
    await sleep(1000);
    const seen = await page.evaluate<[string, string, number][]>('window.__seen');
    const latencies: number[] = [];
    const counted = new Set<string>();
    for (const [lamppost, text, t] of seen) {
      const value = Number.parseFloat(text.replace(/[^0-9.]/g, ''));
      const key = `${lamppost} ${value}`;
      const at = sentAt.get(key);
      if (at === undefined || counted.has(key)) continue;
      counted.add(key);
      latencies.push(t - at);
    }
    const publishToScreenP99Ms = round(percentile(latencies, 99));
    log(
      `live: ${sent} readings in ${round((Date.now() - liveStart) / 1000)} s, ${latencies.length} shown values timed (tiles repaint once per frame), p50 ${round(percentile(latencies, 50))} ms, p99 ${publishToScreenP99Ms} ms`,
    );
    log(
      JSON.stringify({
        publishToScreenP99Ms,
        publishToScreenP50Ms: round(percentile(latencies, 50)),
        shownValuesTimed: latencies.length,
        ratePerSec: RATE,
        firstRenderMs,
        lampposts: LAMPPOSTS,
        historyReadings: history,
        initialJsKiB: entryKiB,
      }),
    );
  } finally {
    await Promise.all(devices.map((d) => d.endAsync().catch(() => undefined)));
    await browser.close();
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:console: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
