import { statement } from './statement-cache.js';
import type { Projection } from '@hub/event-store';
import { READING_RECORDED, type ReadingRecorded } from '@hub/ingest';

/** Readings per lab, kind and hour of observation (UTC): the base of hourly aggregates. */
export const hourlyCountsProjection: Projection = {
  name: 'hourly-counts',
  // 2: counts each reading once (its noisy `shared` twin is not counted again).
  version: 2,
  eventTypes: [READING_RECORDED],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS hourly_counts (
        lab   TEXT NOT NULL,
        kind  TEXT NOT NULL,
        hour  TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (lab, kind, hour)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    const r = event.data as ReadingRecorded;
    if (r.audience === 'shared') return;
    const hour = `${r.observedAt.slice(0, 13)}:00:00.000Z`;
    statement(
      db,
      `INSERT INTO hourly_counts (lab, kind, hour, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (lab, kind, hour) DO UPDATE SET count = count + 1`,
    ).run(r.lab, r.kind, hour);
  },
  reset(db) {
    db.exec('DELETE FROM hourly_counts');
  },
};
