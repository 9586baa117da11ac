import { statement } from './statement-cache.js';
import type { Projection } from '@hub/event-store';
import { READING_RECORDED, type ReadingRecorded } from '@hub/ingest';

/** The newest reading (by observedAt) of each lamppost and kind: "what does the boulevard say now". */
export const latestReadingsProjection: Projection = {
  name: 'latest-readings',
  version: 1,
  eventTypes: [READING_RECORDED],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS latest_readings (
        lab         TEXT NOT NULL,
        lamppost    TEXT NOT NULL,
        kind        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        observed_at TEXT NOT NULL,
        values_json TEXT NOT NULL,
        PRIMARY KEY (lab, lamppost, kind)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    const r = event.data as ReadingRecorded;
    // A late reading (older observedAt) never replaces a newer one.
    statement(
      db,
      `INSERT INTO latest_readings (lab, lamppost, kind, position, observed_at, values_json)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (lab, lamppost, kind) DO UPDATE SET
         position = excluded.position, observed_at = excluded.observed_at, values_json = excluded.values_json
       WHERE excluded.observed_at >= latest_readings.observed_at`,
    ).run(r.lab, r.lamppost, r.kind, event.position, r.observedAt, JSON.stringify(r.values));
  },
  reset(db) {
    db.exec('DELETE FROM latest_readings');
  },
};
