import type { Projection } from '@hub/event-store';
import { READING_RECORDED, type ReadingRecorded } from '@hub/ingest';
import { statement } from './statement-cache.js';

/**
 * The newest reading (by observedAt) of each lamppost and kind, as its owner sees it: "what does
 * the boulevard say now". The noisy `shared` twins of a reading are left out.
 */
export const latestReadingsProjection: Projection = {
  name: 'latest-readings',
  // 2: owner view only, with rule provenance, transforms and interval.
  version: 2,
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
        audience    TEXT NOT NULL,
        rule_json   TEXT NOT NULL,
        transforms_json TEXT NOT NULL,
        interval_seconds INTEGER NOT NULL,
        PRIMARY KEY (lab, lamppost, kind)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    const r = event.data as ReadingRecorded;
    if (r.audience === 'shared') return;
    // A late reading (older observedAt) never replaces a newer one.
    statement(
      db,
      `INSERT INTO latest_readings (lab, lamppost, kind, position, observed_at, values_json,
         audience, rule_json, transforms_json, interval_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (lab, lamppost, kind) DO UPDATE SET
         position = excluded.position, observed_at = excluded.observed_at,
         values_json = excluded.values_json, audience = excluded.audience,
         rule_json = excluded.rule_json, transforms_json = excluded.transforms_json,
         interval_seconds = excluded.interval_seconds
       WHERE excluded.observed_at >= latest_readings.observed_at`,
    ).run(
      r.lab,
      r.lamppost,
      r.kind,
      event.position,
      r.observedAt,
      JSON.stringify(r.values),
      r.audience,
      JSON.stringify(r.rule),
      JSON.stringify(r.transforms),
      r.intervalSeconds,
    );
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS latest_readings');
    this.setup(db);
  },
};
