import type { Projection } from '@hub/event-store';
import { READING_RECORDED } from '@hub/contracts';
import { READING_COLUMNS, READING_PLACEHOLDERS, readingRow } from './reading-row.js';
import { ruleVersionsIn } from './rule-versions.projection.js';
import { statement } from './statement-cache.js';

const UPSERT = `INSERT INTO latest_readings (${READING_COLUMNS}) VALUES (${READING_PLACEHOLDERS})
  ON CONFLICT (lab, lamppost, kind, audience) DO UPDATE SET
    position = excluded.position, observed_at = excluded.observed_at,
    values_json = excluded.values_json,
    rule_json = excluded.rule_json, transforms_json = excluded.transforms_json,
    interval_seconds = excluded.interval_seconds
  WHERE excluded.observed_at >= latest_readings.observed_at`;

/**
 * The newest reading (by observedAt) of each lamppost, kind and stored audience: "what does the
 * boulevard say now". Both copies are kept (the owner's exact one and the noisy `shared` twin)
 * so a read serves the copy its audience decision allows, never the owner's to a grantee.
 */
export const latestReadingsProjection: Projection = {
  name: 'latest-readings',
  // 2: owner view only, with rule provenance, transforms and interval.
  // 3: one row per audience (owner, shared, any): grantees read the shared copy.
  version: 3,
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
        PRIMARY KEY (lab, lamppost, kind, audience)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    // A late reading (older observedAt) never replaces a newer one.
    statement(db, UPSERT).run(...readingRow(event, ruleVersionsIn(db)));
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS latest_readings');
    this.setup(db);
  },
};
