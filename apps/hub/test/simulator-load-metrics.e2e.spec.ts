import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LoadResult } from '../../../simulators/load/run-load.js';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice } from './support/devices.js';
import { metricsToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const DEVICES = 6;
const RATE = 300;
const DURATION_SEC = 5;

/** Sum of a Prometheus sample family whose labels contain `labels` (e.g. `kind="temperature"`). */
function sample(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && (l[name.length] === '{' || l[name.length] === ' '))
    .filter((l) => l.includes(labels))
    .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** The load generator CLI (`npm run load`) as its own process: it must not share the hub's loop. */
function runLoadCli(args: string[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/simulators/load/main.js', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as LoadResult);
      } catch {
        reject(new Error(`load exited with ${code}: ${err || out}`));
      }
    });
  });
}

describe('the load generator agrees with the hub’s own metrics', () => {
  let dataDir: string;
  let hub: RunningHub;
  let credentialsFile: string;
  const metrics = async (): Promise<string> =>
    (
      await fetch(`http://127.0.0.1:${hub.httpPort}/metrics`, {
        headers: { authorization: `Bearer ${metricsToken(dataDir)}` },
      })
    ).text();

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const devices = [];
    for (let i = 1; i <= DEVICES; i++) {
      devices.push(await provisionDevice(hub, dataDir, 'scheveningen', `load-${i}`));
    }
    credentialsFile = join(dataDir, '..', `${dataDir.split('/').at(-1)}-credentials.json`);
    writeFileSync(credentialsFile, JSON.stringify(devices));
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
    removeDir(credentialsFile);
  });

  test('message counts, rate and latency of one paced run', async () => {
    const before = await metrics();
    // The hub's own count over time, sampled from /metrics while the load runs.
    const samples: { t: number; n: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const text = await metrics();
        samples.push({
          t: performance.now(),
          n: sample(text, 'hub_mqtt_messages_in_total', 'kind="temperature"'),
        });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const result = await runLoadCli([
      ...['--broker', `mqtt://127.0.0.1:${hub.mqttPort}`, '--credentials', credentialsFile],
      ...['--devices', String(DEVICES), '--rate', String(RATE), '--duration', String(DURATION_SEC)],
      ...['--qos', '1', '--json', '--no-progress'],
    ]);
    sampling = false;
    await sampler;
    const after = await metrics();
    const delta = (name: string, labels = ''): number =>
      sample(after, name, labels) - sample(before, name, labels);

    // Counts: every message the generator saw acknowledged, the hub counted in and stored, and
    // nothing was refused. These agree exactly.
    expect(result.errors).toBe(0);
    expect(result.acked).toBe(result.sent);
    expect(delta('hub_mqtt_messages_in_total', 'kind="temperature"')).toBe(result.sent);
    expect(delta('hub_events_appended_total', 'type="ReadingRecorded"')).toBe(result.acked);
    expect(delta('hub_mqtt_messages_rejected_total')).toBe(0);
    expect(delta('hub_append_latency_seconds_count')).toBe(result.acked);

    // Rate: both rates are printed for the reader; neither is asserted, nor whether a scrape fell
    // inside the run (speeds and timing belong in benchmarks: on a loaded machine a scrape can
    // miss a short run entirely).
    const base = sample(before, 'hub_mqtt_messages_in_total', 'kind="temperature"');
    const [a, b] = [samples.find((s) => s.n > base), samples.at(-1)];
    const hubRate = a && b && b.t > a.t ? ((b.n - a.n) * 1000) / (b.t - a.t) : NaN;
    process.stdout.write(
      `load-metrics: generator ${result.achievedRate.toFixed(0)}/s (asked ${RATE}/s), hub counter ${hubRate.toFixed(0)}/s (printed, not asserted)\n`,
    );
    // The generator never sends more than it was asked to (a behaviour, not a speed).
    expect(result.sent).toBeLessThanOrEqual(RATE * DURATION_SEC + DEVICES);

    // Latency: the hub times each message from receipt to durable append; the generator from
    // publish to PUBACK, which contains that append plus the network, the broker's parsing and
    // the acknowledgement. Per message the hub's figure is the smaller one, so its distribution
    // lies to the left of the generator's: at any latency x, at least as many appends as PUBACKs
    // took <= x. Checked at the histogram bucket just above the generator's p50 and p99, and on
    // the means.
    const count = delta('hub_append_latency_seconds_count');
    const meanAppendMs = (delta('hub_append_latency_seconds_sum') / count) * 1000;
    expect(count).toBeGreaterThan(0);
    expect(meanAppendMs).toBeLessThanOrEqual(result.meanMs);
    const buckets = [
      ...after.matchAll(/^hub_append_latency_seconds_bucket\{le="([^"]+)"\} (\d+)/gm),
    ]
      .map((m) => ({ le: Number(m[1]), cumulative: Number(m[2]) }))
      .filter((bk) => Number.isFinite(bk.le));
    const fractionBelow = (ms: number): number | undefined => {
      const bucket = buckets.find((bk) => bk.le * 1000 >= ms);
      if (!bucket) return undefined;
      const was = sample(before, 'hub_append_latency_seconds_bucket', `le="${bucket.le}"`);
      return (bucket.cumulative - was) / count;
    };
    expect(fractionBelow(result.p50Ms) ?? 1).toBeGreaterThanOrEqual(0.5);
    expect(fractionBelow(result.p99Ms) ?? 1).toBeGreaterThanOrEqual(0.98);
  }, 180_000);
});
