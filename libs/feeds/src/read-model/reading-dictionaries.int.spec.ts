import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { OWNER_AUDIENCES } from '../application/reading-view.js';
import { ReadingsQuery } from './readings-query.js';
import { allReadings, storeReading, type StoredReading } from './readings-table.js';
import { readingsProjection } from './readings.projection.js';

const reading = (lab: string, transforms: string[] = ['round']): StoredReading => ({
  lab,
  lamppost: 'lp-1',
  kind: 'temperature',
  observedAt: '2026-12-03T09:00:00.000Z',
  values: { celsius: 1 },
  audience: 'any',
  rule: { id: 'r', version: 1, hash: 'h' },
  transforms,
  intervalSeconds: 60,
});

describe('the readings dictionaries (decision 0017)', () => {
  test('a name or provenance added by a rolled-back batch is not reused when the batch is retried', () => {
    const db = new Database(':memory:');
    readingsProjection.setup(db);
    const batch = (rows: [number, StoredReading][], fail: boolean) =>
      db.transaction(() => {
        for (const [position, r] of rows) storeReading(db, position, r);
        // Another projection of the same batch failing rolls this one back too.
        if (fail) throw new Error('a later projection failed');
      });
    batch([[1, reading('scheveningen')]], false)();
    // Numbers 2 are given to "delft" and to a new provenance, then rolled back.
    expect(batch([[2, reading('delft', ['round', 'time-bucket:60s'])]], true)).toThrow(
      'a later projection failed',
    );
    // The retry stores another lab and provenance at that position first: they get number 2 now.
    batch(
      [
        [2, reading('leiden', ['allowlist'])],
        [3, reading('delft', ['round', 'time-bucket:60s'])],
      ],
      false,
    )();
    expect(allReadings(db).map((r) => [r.position, r.lab, r.transforms_json])).toEqual([
      [1, 'scheveningen', '["round"]'],
      [2, 'leiden', '["allowlist"]'],
      [3, 'delft', '["round","time-bucket:60s"]'],
    ]);
    expect(db.prepare("SELECT name, id FROM reading_names WHERE field = 'lab'").all()).toEqual([
      { name: 'scheveningen', id: 1 },
      { name: 'leiden', id: 2 },
      { name: 'delft', id: 3 },
    ]);
    db.close();
  });

  test('a rebuild (reset) starts the dictionaries again and numbers names in log order', () => {
    const db = new Database(':memory:');
    readingsProjection.setup(db);
    storeReading(db, 1, reading('scheveningen'));
    storeReading(db, 2, reading('delft'));
    readingsProjection.reset(db);
    storeReading(db, 1, reading('delft'));
    expect(allReadings(db).map((r) => r.lab)).toEqual(['delft']);
    expect(db.prepare("SELECT name, id FROM reading_names WHERE field = 'lab'").all()).toEqual([
      { name: 'delft', id: 1 },
    ]);
    db.close();
  });

  test('a query names the readings right as new names arrive and after a rebuild renumbers them', () => {
    const db = new Database(':memory:');
    readingsProjection.setup(db);
    const query = new ReadingsQuery(db);
    const labs = () =>
      query
        .pageIn(
          {},
          { everyLab: OWNER_AUDIENCES },
          { direction: 'forwards', cursor: undefined, limit: 10 },
        )
        .views.map((v) => v.lab);
    storeReading(db, 1, reading('scheveningen'));
    expect(labs()).toEqual(['scheveningen']);
    // A lab the query's copy of the dictionary has not seen yet.
    storeReading(db, 2, reading('delft'));
    expect(labs()).toEqual(['scheveningen', 'delft']);
    // Rebuilt from a log that no longer starts with scheveningen's reading: delft is number 1 now.
    readingsProjection.reset(db);
    storeReading(db, 2, reading('delft'));
    storeReading(db, 3, reading('leiden'));
    expect(labs()).toEqual(['delft', 'leiden']);
    db.close();
  });
});
