import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { Database } from 'better-sqlite3';
import { READING_RECORDED, readingStreamId, type ReadingRecorded } from '@hub/contracts';
import { openSqliteEventStore, ProjectionRunner, type Projection } from '@hub/event-store';
import { toReadingView as viewOfEvent } from '../application/live-readings.js';
import { OWNER_AUDIENCES } from '../application/reading-view.js';
import { FEED_PROJECTIONS } from './feed-projections.js';
import { openReadModelDb } from './read-model-db.js';
import { READING_COLUMNS, READING_PLACEHOLDERS, readingRow, toReadingView } from './reading-row.js';
import { ReadingsQuery } from './readings-query.js';
import { allReadings } from './readings-table.js';
import { readingsProjection } from './readings.projection.js';
import { ruleVersionsIn } from './rule-versions.projection.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-readings-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The readings projection as version 2 built it (names and times as text, five indexes). */
const version2: Projection = {
  ...readingsProjection,
  version: 2,
  setup(db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS readings (
        position INTEGER PRIMARY KEY, lab TEXT NOT NULL, lamppost TEXT NOT NULL,
        kind TEXT NOT NULL, observed_at TEXT NOT NULL, values_json TEXT NOT NULL,
        audience TEXT NOT NULL, rule_json TEXT NOT NULL, transforms_json TEXT NOT NULL,
        interval_seconds INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS readings_by_lab ON readings (lab, kind, position);
      CREATE INDEX IF NOT EXISTS readings_by_lamppost ON readings (lab, lamppost, kind, position);
      CREATE INDEX IF NOT EXISTS readings_by_kind ON readings (kind, position);
      CREATE INDEX IF NOT EXISTS readings_by_lab_position ON readings (lab, position);
      CREATE INDEX IF NOT EXISTS readings_by_lab_lamppost ON readings (lab, lamppost, position);
    `);
  },
  apply(db, event) {
    db.prepare(`INSERT INTO readings (${READING_COLUMNS}) VALUES (${READING_PLACEHOLDERS})`).run(
      ...readingRow(event, ruleVersionsIn(db)),
    );
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS readings');
    this.setup(db);
  },
};

const reading = (i: number, observedAt: string): ReadingRecorded => ({
  lab: i % 2 ? 'scheveningen' : 'delft',
  lamppost: `lp-${i % 3}`,
  location: { lamppost: `lp-${i % 3}` },
  kind: i % 4 ? 'temperature' : 'air',
  seq: i,
  observedAt,
  intervalSeconds: 60,
  audience: i % 3 ? 'any' : 'owner',
  values: { celsius: i },
  rule: { id: 'scheveningen-default', version: 1, hash: 'ab'.repeat(32) },
  transforms: ['allowlist', 'round'],
  receivedAt: '2026-12-02T10:09:00.000Z',
});

test('a version 2 readings table is rebuilt from the log as version 3 at the next start, every reading read back as before', async () => {
  const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  const file = join(dir, 'read-models.sqlite');
  const readings = Array.from({ length: 24 }, (_, i) =>
    reading(i, new Date(Date.UTC(2026, 11, 2, 10, i, i % 2 ? 0 : 7, i)).toISOString()),
  );
  // A time a device could send, which `toISOString()` does not give back: kept as written.
  readings.push(reading(24, '2026-12-02T11:30:00+01:00'), reading(25, '2026-12-02T10:30:00Z'));
  try {
    for (const r of readings)
      await store.appendToStream(readingStreamId(r), [
        { id: randomUUID(), type: READING_RECORDED, data: r },
      ]);
    const events = await store.readAll({ after: 0, maxCount: 100 });

    // A hub of version 2 builds its read models and stops.
    const old = openReadModelDb(file);
    const before = FEED_PROJECTIONS.map((p) => (p === readingsProjection ? version2 : p));
    await new ProjectionRunner({ store, db: old, projections: before }).catchUp();
    const typeOf = (db: Database, column: string) =>
      (db.prepare('PRAGMA table_info(readings)').all() as { name: string; type: string }[]).find(
        (c) => c.name === column,
      )?.type;
    expect(typeOf(old, 'lab')).toBe('TEXT');
    expect(old.prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: 26 });
    old.close();

    // The new hub starts on the same files: version 3 rebuilds the readings from the log.
    const db = openReadModelDb(file);
    const runner = new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS });
    await runner.catchUp();
    expect(runner.checkpoint('readings')).toBe(await store.headPosition());
    expect(typeOf(db, 'lab')).toBe('INTEGER');
    expect(typeOf(db, 'rule_json')).toBeUndefined();
    // What the live feeds make of the same events: the one decoder, no read model between.
    const expected = events.map((e) => viewOfEvent(e, undefined));
    expect(allReadings(db).map(toReadingView)).toEqual(expected);
    // Through the history query as well, the string the device sent included.
    const page = new ReadingsQuery(db).pageIn(
      {},
      { everyLab: OWNER_AUDIENCES },
      { direction: 'forwards', cursor: undefined, limit: 100 },
    );
    expect(page.views).toEqual(expected);
    expect(page.views.slice(-2).map((v) => v.observedAt)).toEqual([
      '2026-12-02T11:30:00+01:00',
      '2026-12-02T10:30:00Z',
    ]);
    // Every row has a time in ms; only the two toISOString() does not give back keep their text.
    expect(
      db.prepare('SELECT count(*) AS n FROM readings WHERE observed_text IS NOT NULL').get(),
    ).toEqual({ n: 2 });
    db.close();
  } finally {
    await store.close();
  }
});
