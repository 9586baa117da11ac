import type { Projection } from '@hub/event-store';
import { READING_RECORDED, decodeReading } from '@hub/contracts';
import { ruleVersionsIn } from './rule-versions.projection.js';
import { hourlySample } from './hourly-sample.js';
import { statement } from './statement-cache.js';

/** The UTC hour a reading observed at `observedAt` (ISO 8601, UTC) counts in. */
export const hourOf = (observedAt: string): string => `${observedAt.slice(0, 13)}:00:00.000Z`;

/**
 * Per lab, lamppost, kind and UTC hour of observation: the number of readings and the running
 * parts of the hour's measure (see hourly-sample.ts): `sum` and `samples` (readings that carried
 * a value), `min`, `max`. Every part adds up across lampposts, so the lab's hour is a GROUP BY.
 * Only the exact copy is counted: a noisy `shared` twin is the same reading again.
 */
export const hourlyAggregatesProjection: Projection = {
  name: 'hourly-aggregates',
  version: 1,
  eventTypes: [READING_RECORDED],
  setup(db) {
    // The read model it replaces (per lab and kind only, counts only).
    db.exec('DROP TABLE IF EXISTS hourly_counts');
    db.exec(`
      CREATE TABLE IF NOT EXISTS hourly_aggregates (
        lab      TEXT NOT NULL,
        kind     TEXT NOT NULL,
        hour     TEXT NOT NULL,
        lamppost TEXT NOT NULL,
        count    INTEGER NOT NULL,
        samples  INTEGER NOT NULL,
        sum      REAL NOT NULL,
        min      REAL,
        max      REAL,
        PRIMARY KEY (lab, kind, hour, lamppost)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS hourly_aggregates_by_hour ON hourly_aggregates (lab, hour, kind);
    `);
  },
  apply(db, event) {
    const r = decodeReading(event, ruleVersionsIn(db));
    if (r.audience === 'shared') return;
    const hour = hourOf(r.observedAt);
    const s = hourlySample(r.kind, r.values);
    statement(
      db,
      `INSERT INTO hourly_aggregates (lab, kind, hour, lamppost, count, samples, sum, min, max)
       VALUES (@lab, @kind, @hour, @lamppost, 1, @samples, @sum, @min, @max)
       ON CONFLICT (lab, kind, hour, lamppost) DO UPDATE SET
         count = count + 1,
         samples = samples + excluded.samples,
         sum = sum + excluded.sum,
         min = CASE WHEN min IS NULL OR excluded.min < min THEN excluded.min ELSE min END,
         max = CASE WHEN max IS NULL OR excluded.max > max THEN excluded.max ELSE max END`,
    ).run({
      lab: r.lab,
      kind: r.kind,
      hour,
      lamppost: r.lamppost,
      samples: s ? 1 : 0,
      sum: s?.sum ?? 0,
      min: s?.min ?? null,
      max: s?.max ?? null,
    });
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS hourly_aggregates');
    this.setup(db);
  },
};
