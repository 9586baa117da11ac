import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { Projections } from '@hub/feeds';
import { connectDevice } from '../../hub/test/support/clients.js';
import { provisionDevice } from '../../hub/test/support/devices.js';
import {
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from '../../hub/test/support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

const hubctl = (args: string[]) =>
  spawnSync(process.execPath, ['dist/apps/hubctl/src/main.js', ...args], {
    encoding: 'utf8',
    env: { ...harnessEnv.clean() },
    timeout: 30000,
  });

const dump = (dataDir: string) => {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    return {
      readings: db.prepare('SELECT * FROM readings ORDER BY position').all(),
      // The readings' dictionaries (decision 0017): rebuilt with the same numbers.
      names: db.prepare('SELECT * FROM reading_names ORDER BY field, id').all(),
      provenance: db.prepare('SELECT * FROM reading_provenance ORDER BY id').all(),
      latest: db.prepare('SELECT * FROM latest_readings ORDER BY lab, lamppost, kind').all(),
      hourly: db
        .prepare('SELECT * FROM hourly_aggregates ORDER BY lab, kind, hour, lamppost')
        .all(),
      places: db.prepare('SELECT * FROM lamppost_places ORDER BY lab, lamppost').all(),
    };
  } finally {
    db.close();
  }
};

describe('hubctl projections rebuild', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    const hub = await startTestHub(dataDir, API_ON_BROKER_THREAD);
    // One device per lamppost: a device may publish only under its own topic prefix.
    const devices = await Promise.all(
      [0, 1, 2, 3].map(async (i) =>
        connectDevice(
          hub.mqttPort,
          await provisionDevice(hub, dataDir, 'scheveningen', `lp-${i}`, {
            lat: 52.105 + i * 0.001,
            lon: 4.265 + i * 0.002,
          }),
        ),
      ),
    );
    // Three distinct recent hours, so the hourly read model has several rows.
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
    for (let seq = 0; seq < 120; seq++) {
      const observedAt = new Date(base + (seq % 3) * 3_600_000 + (seq % 60) * 1000).toISOString();
      await devices[seq % 4].publishAsync(
        `labs/scheveningen/lampposts/lp-${seq % 4}/temperature`,
        JSON.stringify({
          seq,
          observedAt,
          celsius: seq % 30,
        }),
        { qos: 1 },
      );
    }
    await Promise.all(devices.map((d) => d.endAsync()));
    // The running hub's projections reach the head before it stops.
    const head = await hub.app.get<EventStore>(EVENT_STORE).headPosition();
    const runner = hub.app.get(Projections);
    expect(await runner.waitForPosition(head, 30_000)).toBe(true);
    const running = hubctl(['projections', 'rebuild', '--data-dir', dataDir, '--json']);
    expect(running.status).toBe(1);
    // The data dir lock (libs/config/src/data-dir-lock.ts) names the holder.
    expect(running.stderr).toContain(
      `DATA_DIR_IN_USE: ${dataDir} is in use by hub (pid ${process.pid}`,
    );
    await hub.close();
  }, 120_000); // a hub, four devices and 120 acknowledged readings on a busy machine
  afterAll(() => removeDir(dataDir));

  test('replays the whole log into read models equal to the ones built live', () => {
    const before = dump(dataDir);
    expect(before.readings).toHaveLength(120);
    expect(before.latest).toHaveLength(4);
    // One lab, four lampposts, one kind, the copies' audiences; one rule version's provenance.
    expect(before.names).toContainEqual({ field: 'lab', id: 1, name: 'scheveningen' });
    expect(before.names.filter((n) => (n as { field: string }).field === 'lamppost')).toHaveLength(
      4,
    );
    expect(before.provenance.length).toBeGreaterThan(0);
    // Three hours of four lampposts, each with the temperature's parts; four placed lampposts.
    expect(before.hourly).toHaveLength(12);
    expect(before.hourly[0]).toMatchObject({ kind: 'temperature', count: 10, samples: 10 });
    expect(before.places).toHaveLength(4);
    expect(before.places[3]).toMatchObject({ lamppost: 'lp-3', lat: 52.108, lon: 4.271 });

    const run = hubctl(['projections', 'rebuild', '--data-dir', dataDir, '--json']);
    expect(run.stderr).toContain('events/s');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
      events: number;
      eventsPerSec: number;
      elapsedMs: number;
      projections: string[];
    };
    // Every event of the log: the 120 readings, plus the registry's (lab, devices) and others'.
    const log = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const inLog = (log.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    log.close();
    expect(inLog).toBeGreaterThanOrEqual(120 + 6);
    expect(result.events).toBe(inLog);
    // The rate printed is the count over the time printed (a figure, not a speed to reach).
    expect(result.eventsPerSec).toBeGreaterThanOrEqual(0);
    if (result.elapsedMs > 0) {
      expect(
        Math.abs(result.eventsPerSec - (result.events * 1000) / result.elapsedMs),
      ).toBeLessThan((result.events * 1000) / result.elapsedMs / 10 + 1);
    }
    expect(result.projections).toEqual([
      'rule-versions',
      'readings',
      'latest-readings',
      'hourly-aggregates',
      'device-health',
      'lamppost-places',
    ]);
    expect(dump(dataDir)).toEqual(before);
  });
});
