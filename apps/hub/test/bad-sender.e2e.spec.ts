import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { ABOUT_LAMPPOST_SQL } from './support/stored-readings.js';

/**
 * A device that keeps sending refused messages: its first refusals are recorded and answered one
 * by one, later ones no longer (the log must not fill with them), and at the limit the hub closes
 * its connection and records why. Another device goes on undisturbed.
 */
describe('a device that keeps sending bad messages', () => {
  let dataDir: string;
  let hub: RunningHub;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('is throttled, then disconnected, and the disconnection is recorded', async () => {
    const bad = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-noisy');
    const good = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-quiet');
    const noisy = await connectDevice(hub.mqttPort, bad);
    const quiet = await connectDevice(hub.mqttPort, good);
    let replies = 0;
    noisy.on('message', () => replies++);
    await noisy.subscribeAsync(`${bad.topicPrefix}+/rejected`, { qos: 1 });
    const closed = new Promise<void>((resolve) => noisy.once('close', () => resolve()));

    let acked = 0;
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    for (let i = 0; i < 120 && !isClosed; i++) {
      // mqtt.js leaves a publish pending when the server closes the socket: race the close.
      const outcome = await Promise.race([
        noisy.publishAsync(`${bad.topicPrefix}temperature`, '{"seq": ', { qos: 1 }).then(
          () => 'acked' as const,
          () => 'failed' as const,
        ),
        closed.then(() => 'closed' as const),
      ]);
      if (outcome !== 'acked') break;
      acked++;
    }
    await closed;
    await quiet.publishAsync(
      `${good.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 12 }),
      { qos: 1 },
    );
    await quiet.endAsync();
    noisy.end(true);

    expect(acked).toBe(99); // the 100th refusal within a minute closes the connection unacknowledged
    expect(replies).toBeGreaterThanOrEqual(20);
    expect(replies).toBeLessThan(40);
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const count = (type: string, lamppost: string) =>
      (
        db
          .prepare(`SELECT count(*) AS n FROM events WHERE type = ? AND ${ABOUT_LAMPPOST_SQL}`)
          .get(type, lamppost, lamppost) as { n: number }
      ).n;
    const recorded = count('MessageRejected', 'lp-noisy');
    const disconnected = count('DeviceDisconnected', 'lp-noisy');
    const quietReadings = count('ReadingRecorded', 'lp-quiet');
    db.close();
    expect(recorded).toBe(20);
    expect(disconnected).toBe(1);
    expect(quietReadings).toBe(1);
  });
});
