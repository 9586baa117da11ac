import { statement } from './statement-cache.js';
import type { Database } from 'better-sqlite3';
import type { Projection, RecordedEvent } from '@hub/event-store';
import { READING_RECORDED } from '@hub/contracts';
import { READING_COLUMNS, READING_PLACEHOLDERS, readingRow } from './reading-row.js';
import { ruleVersionsIn } from './rule-versions.projection.js';

const INSERT = `INSERT OR IGNORE INTO readings (${READING_COLUMNS}) VALUES (${READING_PLACEHOLDERS})`;

/**
 * Read model of every stored reading, keyed by log position, for history queries. Fed by the
 * projection runner; its checkpoint is committed in the same transaction as these rows.
 */
export const readingsProjection: Projection = {
  name: 'readings',
  // 2: audience, rule provenance, transforms and interval (rebuilt from the log on upgrade).
  version: 2,
  eventTypes: [READING_RECORDED],
  setup(db: Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS readings (
        position    INTEGER PRIMARY KEY,
        lab         TEXT NOT NULL,
        lamppost    TEXT NOT NULL,
        kind        TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        values_json TEXT NOT NULL,
        audience    TEXT NOT NULL,
        rule_json   TEXT NOT NULL,
        transforms_json TEXT NOT NULL,
        interval_seconds INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS readings_by_lab ON readings (lab, kind, position);
      CREATE INDEX IF NOT EXISTS readings_by_lamppost ON readings (lab, lamppost, kind, position);
      CREATE INDEX IF NOT EXISTS readings_by_kind ON readings (kind, position);
      -- History pages walk these in log order when no kind is asked for (readings-query.ts).
      CREATE INDEX IF NOT EXISTS readings_by_lab_position ON readings (lab, position);
      CREATE INDEX IF NOT EXISTS readings_by_lab_lamppost ON readings (lab, lamppost, position);
    `);
  },
  apply(db: Database, event: RecordedEvent): void {
    if (event.type !== READING_RECORDED) return;
    statement(db, INSERT).run(...readingRow(event, ruleVersionsIn(db)));
  },
  reset(db: Database): void {
    // The table's shape follows the version: drop it, setup() creates the current one.
    db.exec('DROP TABLE IF EXISTS readings');
    this.setup(db);
  },
};
