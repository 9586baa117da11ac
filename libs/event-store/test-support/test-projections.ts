import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../src/port/event.js';
import type { Projection } from '../src/projections/projection.js';

/**
 * Deliberately NOT idempotent (it adds): applying an event twice, or skipping one, shows in the
 * totals, which is what the runner's tests need to see.
 */
export const countsPerStream: Projection = {
  name: 'counts-per-stream',
  version: 1,
  setup(db: Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS counts (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, total INTEGER NOT NULL)',
    );
  },
  apply(db: Database, event: RecordedEvent) {
    const n = (event.data as { n?: number }).n ?? 0;
    db.prepare(
      `INSERT INTO counts (stream_id, events, total) VALUES (?, 1, ?)
       ON CONFLICT (stream_id) DO UPDATE SET events = events + 1, total = total + excluded.total`,
    ).run(event.streamId, n);
  },
  reset(db: Database) {
    db.exec('DELETE FROM counts');
  },
};

/** Only sees `Marked` events: checks the type filter and that checkpoints move past the others. */
export const lastMark: Projection = {
  name: 'last-mark',
  version: 1,
  eventTypes: ['Marked'],
  setup(db: Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS marks (stream_id TEXT PRIMARY KEY, position INTEGER NOT NULL, seen INTEGER NOT NULL)',
    );
  },
  apply(db: Database, event: RecordedEvent) {
    db.prepare(
      `INSERT INTO marks (stream_id, position, seen) VALUES (?, ?, 1)
       ON CONFLICT (stream_id) DO UPDATE SET position = excluded.position, seen = seen + 1`,
    ).run(event.streamId, event.position);
  },
  reset(db: Database) {
    db.exec('DELETE FROM marks');
  },
};

/** Everything both read models hold, in a comparable form. */
export function dumpReadModels(db: Database): unknown {
  return {
    counts: db.prepare('SELECT * FROM counts ORDER BY stream_id').all(),
    marks: db.prepare('SELECT * FROM marks ORDER BY stream_id').all(),
  };
}
