import type { Database } from 'better-sqlite3';
import { givesBackIso, isoTime, type ReadingRecorded } from '@hub/contracts';
import { DictionaryReader, DictionaryWriter } from './reading-dictionaries.js';
import type { ReadingRow } from './reading-row.js';
import { statement } from './statement-cache.js';

/**
 * The `readings` table of projection version 3 (decision 0017): per reading a few small numbers
 * and the values. Names and provenance are numbers into the dictionaries; `observed_at` is epoch
 * milliseconds, and `observed_text` is NULL unless those milliseconds do not give the stored
 * string back exactly (`toISOString()`, which the privacy filter writes, always does).
 *
 * The indexes name no `position`: it is the rowid, which every index entry ends with, so
 * `(lab, kind)` is walked in log order as `(lab, kind, position)` was, without storing the
 * position twice. Their names are version 2's, so `setup()` on a version 2 table (before the
 * runner resets it) builds nothing.
 */
export const READINGS_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS readings (
    position      INTEGER PRIMARY KEY,
    lab           INTEGER NOT NULL,
    lamppost      INTEGER NOT NULL,
    kind          INTEGER NOT NULL,
    audience      INTEGER NOT NULL,
    provenance    INTEGER NOT NULL,
    observed_at   INTEGER,
    values_json   TEXT NOT NULL,
    observed_text TEXT
  );
  CREATE INDEX IF NOT EXISTS readings_by_lab ON readings (lab, kind);
  CREATE INDEX IF NOT EXISTS readings_by_lamppost ON readings (lab, lamppost, kind);
  -- A page without a kind, or without a lab, walks these for each kind or lab, merged
  -- (merged-walk.ts): the (lab), (lab, lamppost) and (kind) indexes of versions 2 and 3 cost 32
  -- bytes a reading and are dropped.
  DROP INDEX IF EXISTS readings_by_lab_position;
  DROP INDEX IF EXISTS readings_by_lab_lamppost;
  DROP INDEX IF EXISTS readings_by_kind;
`;

/** What the table keeps of a reading. */
export type StoredReading = Pick<
  ReadingRecorded,
  | 'lab'
  | 'lamppost'
  | 'kind'
  | 'audience'
  | 'observedAt'
  | 'values'
  | 'rule'
  | 'transforms'
  | 'intervalSeconds'
>;

const INSERT = `INSERT OR IGNORE INTO readings
  (position, lab, lamppost, kind, audience, provenance, observed_at, values_json, observed_text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Stores one reading at `position` (in the caller's transaction, with its dictionary entries). */
export function storeReading(db: Database, position: number, r: StoredReading): void {
  const ids = new DictionaryWriter(db, position);
  const ms = Date.parse(r.observedAt);
  const exact = givesBackIso(ms, r.observedAt);
  statement(db, INSERT).run(
    position,
    ids.nameId('lab', r.lab),
    ids.nameId('lamppost', r.lamppost),
    ids.nameId('kind', r.kind),
    ids.nameId('audience', r.audience),
    ids.provenanceId({
      ruleJson: JSON.stringify(r.rule),
      transformsJson: JSON.stringify(r.transforms),
      intervalSeconds: r.intervalSeconds,
    }),
    Number.isFinite(ms) ? ms : null,
    JSON.stringify(r.values),
    exact ? null : r.observedAt,
  );
}

/** A row of the table as SQLite returns it (`SELECT *`). */
export interface StoredRow {
  position: number;
  lab: number;
  lamppost: number;
  kind: number;
  audience: number;
  provenance: number;
  observed_at: number | null;
  values_json: string;
  observed_text: string | null;
}

/** A stored row as the row the feeds decode (`toReadingView`): names, and the time string exactly. */
export function toReadingRow(row: StoredRow, names: DictionaryReader): ReadingRow {
  const p = names.provenance(row.provenance);
  return {
    position: row.position,
    lab: names.name('lab', row.lab),
    lamppost: names.name('lamppost', row.lamppost),
    kind: names.name('kind', row.kind),
    observed_at: row.observed_text ?? isoTime(row.observed_at!),
    values_json: row.values_json,
    audience: names.name('audience', row.audience) as ReadingRow['audience'],
    rule_json: p.ruleJson,
    transforms_json: p.transformsJson,
    interval_seconds: p.intervalSeconds,
  };
}

/** Every stored reading in log order, with its names (tests, and checks of a rebuild). */
export function allReadings(db: Database): ReadingRow[] {
  const names = new DictionaryReader(db);
  return (db.prepare('SELECT * FROM readings ORDER BY position').all() as StoredRow[]).map((row) =>
    toReadingRow(row, names),
  );
}
