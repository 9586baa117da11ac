import { afterAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { storedReadings } from './support/stored-readings.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
/** The shipped radio rule: 900 s windows, noisy shared counts (owner and shared copies). */
const WINDOW_MS = 900_000;

async function publishRadio(
  hub: RunningHub,
  login: ProvisionedDevice,
  seq: number,
  observedAt: string,
  identifiers: string[],
) {
  const device = await connectDevice(hub.mqttPort, login);
  try {
    await device.publishAsync(
      `labs/${LAB}/lampposts/lp-001/radio`,
      JSON.stringify({ seq, observedAt, technology: 'wifi', identifiers }),
      { qos: 1 },
    );
  } finally {
    await device.endAsync();
  }
}

describe('a privacy window is published at most once', () => {
  const dataDir = tempDataDir();
  let hub: RunningHub | undefined;

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('a restarted hub that sees the same window again does not publish a second copy of it', async () => {
    // One instant inside the current window, used by both runs (in the past, within the age bound).
    const start = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const observedAt = new Date(Math.min(start + 1_000, Date.now() - 1_000)).toISOString();

    hub = await startTestHub(dataDir);
    const login = await provisionDevice(hub, dataDir, LAB, 'lp-001');
    await publishRadio(hub, login, 1, observedAt, ['a4:5e:60:00:00:01']);
    await hub.close(); // closes the open window: its owner and shared copies are stored
    hub = undefined;

    // A second run (its noise budget and closed-window memory start empty) gets more devices for
    // the same window, and closes it again at shutdown.
    hub = await startTestHub(dataDir);
    await publishRadio(hub, login, 2, observedAt, ['a4:5e:60:00:00:02', 'a4:5e:60:00:00:03']);
    await hub.close();
    hub = undefined;

    const rows = storedReadings(dataDir)
      .filter((r) => r.kind === 'radio')
      .map((r) => ({ audience: r.audience, at: r.observedAt }));
    const windowStart = new Date(Math.floor(Date.parse(observedAt) / WINDOW_MS) * WINDOW_MS);
    // One owner copy and one noisy shared copy, from the first run only: the second run's copies
    // carry the same event ids (they name the window) and the log takes them as a retry.
    expect(rows.map((r) => r.audience).sort()).toEqual(['owner', 'shared']);
    expect(new Set(rows.map((r) => r.at))).toEqual(new Set([windowStart.toISOString()]));
  }, 180_000);
});
