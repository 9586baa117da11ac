import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

/**
 * The docs' code examples live in docs/examples/ and are quoted verbatim in the docs: this test
 * checks the quote and runs the file against a real hub, so an example that no longer runs as
 * written (e.g. graphql-ws without a WebSocket implementation on Node 20) fails here.
 */
const EXAMPLE = 'docs/examples/subscribe-readings.mjs';

function runExample(env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXAMPLE], {
      env: { ...harnessEnv.clean(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Connect, replay two stored readings, exit; generous for a busy machine.
      timeout: 60_000,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, out }));
  });
}

describe('docs/feeds.md: the graphql-ws client example runs as written', () => {
  let dataDir: string;
  let hub: RunningHub;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const device = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-doc');
    const client = await connectDevice(hub.mqttPort, device);
    for (const [seq, celsius] of [
      [1, 18.2],
      [2, 18.4],
    ]) {
      // QoS 1: resolves on the PUBACK, sent once the reading is stored.
      await client.publishAsync(
        `${device.topicPrefix}temperature`,
        JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius }),
        { qos: 1 },
      );
    }
    await client.endAsync();
  });
  afterAll(async () => {
    await hub?.close();
    if (dataDir) removeDir(dataDir);
  });

  test('feeds.md quotes the example file verbatim', () => {
    const page = readFileSync('docs/feeds.md', 'utf8');
    expect(page).toContain('```js\n' + readFileSync(EXAMPLE, 'utf8') + '```');
  });

  test('it receives the stored readings and resumes after a cursor', async () => {
    const env = {
      HUB_WS_URL: `ws://127.0.0.1:${hub.httpPort}/graphql`,
      HUB_TOKEN: adminToken(dataDir),
      STOP_AFTER: '2',
    };
    const all = await runExample(env);
    expect(all.status).toBe(0);
    const readings = all.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { cursor: string; values: { celsius: number } });
    expect(readings.map((r) => r.values.celsius)).toEqual([18.2, 18.4]);

    const resumed = await runExample({ ...env, AFTER: readings[0]?.cursor ?? '', STOP_AFTER: '1' });
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.out.trim())).toMatchObject({ cursor: readings[1]?.cursor });
  }, 120_000);
});
