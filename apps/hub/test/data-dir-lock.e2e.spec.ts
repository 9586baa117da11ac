import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from '@jest/globals';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { runToExit } from './support/run-to-exit.js';
import { removeDir, tempDataDir } from './support/test-hub.js';

const HUB = 'dist/apps/hub/src/main.js';
const DEMO = 'dist/simulators/demo/main.js';
const HUBCTL = 'dist/apps/hubctl/src/main.js';
/** A refused process exits at boot; one that is not refused runs until this deadline kills it. */
const REFUSAL_DEADLINE_MS = 45_000;

/** A hub boots in a few seconds; a machine busy with other test runs may need far longer. */
const READY_TIMEOUT_MS = 60_000;

const onLoopback = (dataDir: string) => ({
  HUB_DATA_DIR: dataDir,
  HUB_BIND_HOST: '127.0.0.1',
  HUB_MQTT_PORT: '0',
  HUB_HTTP_PORT: '0',
});

/**
 * Every event in the log, in order (read-only: the holder may be running), but the holder's own
 * presence events: it writes those for its devices' connections on its own schedule (a close
 * a second after the device leaves), and they are not what a refused process could have added.
 */
function events(dataDir: string): { position: number; type: string }[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT position, type FROM events
         WHERE type NOT IN ('DeviceConnected', 'DeviceConnectionClosed', 'NodeConnectionsClosed')
         ORDER BY position`,
      )
      .all() as {
      position: number;
      type: string;
    }[];
  } finally {
    db.close();
  }
}

/** A reading published at QoS 1; resolves on its PUBACK (sent once it is durable). */
async function publishReading(hub: ChildHub, device: ProvisionedDevice, seq: number) {
  const client = await connectDevice(hub.mqttPort, device);
  try {
    const payload = JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 18 });
    await client.publishAsync(`${device.topicPrefix}temperature`, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

async function expectLive(hub: ChildHub) {
  const res = await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`, {
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
}

/** The refusal names the holder: its pid and the ports it bound. */
function expectNamesHolder(stderr: string, holder: ChildHub) {
  expect(stderr).toContain('DATA_DIR_IN_USE');
  expect(stderr).toContain(`pid ${holder.pid}`);
  expect(stderr).toContain(`HTTP port ${holder.httpPort}`);
  expect(stderr).toContain(`MQTT port ${holder.mqttPort}`);
}

describe('one hub per data dir (issue 11, finding 5)', () => {
  const dirs: string[] = [];
  const hubs: ChildHub[] = [];
  const dataDir = () => {
    const dir = tempDataDir();
    dirs.push(dir);
    return dir;
  };
  const hub = async (dir: string) => {
    const h = await startChildHub({ HUB_DATA_DIR: dir }, READY_TIMEOUT_MS);
    hubs.push(h);
    return h;
  };

  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.kill('SIGKILL')));
    dirs.splice(0).forEach(removeDir);
  });

  test('a second hub on a held data dir refuses, naming the holder; the first keeps serving and loses nothing', async () => {
    const dir = dataDir();
    const first = await hub(dir);
    const device = await provisionDevice(first, dir, 'scheveningen', 'lp-lock');
    await publishReading(first, device, 1);
    const before = events(dir);

    const second = await runToExit(HUB, [], onLoopback(dir), REFUSAL_DEADLINE_MS);
    expect(second.timedOut).toBe(false);
    expect(second.code).toBe(1);
    expectNamesHolder(second.stderr, first);

    // The first hub is untouched: live, still acknowledging, and its log only grew.
    await expectLive(first);
    await publishReading(first, device, 2);
    const after = events(dir);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 1);
    expect(await first.stop()).toBe(0);
    expect(first.output()).not.toContain('constraint failed');
  }, 150_000);

  test('the demo refuses a held data dir before it provisions anything', async () => {
    // The demo runs its hub in <HUB_DATA_DIR>/demo (so it can run beside `npm start`): the
    // holder here is a hub on exactly that folder, e.g. a demo already running.
    const parent = dataDir();
    const dir = join(parent, 'demo');
    const first = await hub(dir);
    const device = await provisionDevice(first, dir, 'scheveningen', 'lp-lock');
    await publishReading(first, device, 1);
    const before = events(dir);

    const demo = await runToExit(DEMO, [], onLoopback(parent), REFUSAL_DEADLINE_MS);
    expect(demo.timedOut).toBe(false);
    expect(demo.code).toBe(1);
    expectNamesHolder(demo.stderr, first);
    // No device was provisioned or rotated behind the first hub's back.
    expect(existsSync(join(dir, 'demo-credentials.json'))).toBe(false);
    expect(events(dir)).toEqual(before);
    await expectLive(first);
    await publishReading(first, device, 2);
  }, 150_000);

  test('hubctl projections rebuild refuses a held data dir; after kill -9 of the holder the lock is free at once', async () => {
    const dir = dataDir();
    const first = await hub(dir);
    const device = await provisionDevice(first, dir, 'scheveningen', 'lp-lock');
    await publishReading(first, device, 1);

    const refused = await runToExit(
      HUBCTL,
      ['projections', 'rebuild', '--data-dir', dir, '--json'],
      {},
      REFUSAL_DEADLINE_MS,
    );
    expect(refused.code).toBe(1);
    expectNamesHolder(refused.stderr, first);
    await expectLive(first);

    // A crash leaves no stale lock: the kernel drops it with the process.
    await first.kill('SIGKILL');
    const before = events(dir);
    const rebuilt = await runToExit(
      HUBCTL,
      ['projections', 'rebuild', '--data-dir', dir, '--json'],
      {},
      60_000,
    );
    expect(rebuilt.stderr).not.toContain('DATA_DIR_IN_USE');
    expect(rebuilt.code).toBe(0);
    const next = await hub(dir);
    await publishReading(next, device, 2);
    expect(events(dir).slice(0, before.length)).toEqual(before);
  }, 180_000);
});
