import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { ABOUT_LAMPPOST_SQL, SEQ_SQL } from './support/stored-readings.js';

/**
 * The PUBACK is the device's permission to forget a reading, so it may only go out once the
 * reading is in the SQLite file. A second, independent connection to the file checks that at the
 * moment each PUBACK arrives. The group-commit window is widened to 25 ms so that a hub that
 * acknowledged before committing would be caught.
 */
describe('acknowledged means stored', () => {
  let dataDir: string;
  let hub: RunningHub;
  let reader: Database.Database;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_GROUP_COMMIT_MS: '25' });
    reader = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  });
  afterAll(async () => {
    reader.close();
    await hub.close();
    removeDir(dataDir);
  });

  test('every QoS 1 PUBACK finds its reading already committed in the file', async () => {
    const login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-ack');
    const device = await connectDevice(hub.mqttPort, login);
    const find = reader.prepare(
      `SELECT count(*) AS n FROM events WHERE type = 'ReadingRecorded' AND ${SEQ_SQL} = ?
         AND ${ABOUT_LAMPPOST_SQL}`,
    );
    const found: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, seq) =>
        device
          .publishAsync(
            'labs/scheveningen/lampposts/lp-ack/temperature',
            JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 10 + seq / 10 }),
            { qos: 1 },
          )
          .then(() => found.push((find.get(seq, 'lp-ack', 'lp-ack') as { n: number }).n)),
      ),
    );
    await device.endAsync();
    expect(found).toHaveLength(50);
    expect(found.every((n) => n === 1)).toBe(true);
  });
});
