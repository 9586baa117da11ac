import type { Database } from 'better-sqlite3';
import type { ReadingRecorded } from '@hub/contracts';
import { DictionaryWriter, nameOfSql } from './reading-dictionaries.js';
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
  CREATE INDEX IF NOT EXISTS readings_by_kind ON readings (kind);
  -- History pages walk these in log order when no kind is asked for (readings-query.ts).
  CREATE INDEX IF NOT EXISTS readings_by_lab_position ON readings (lab);
  CREATE INDEX IF NOT EXISTS readings_by_lab_lamppost ON readings (lab, lamppost);
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
  const exact = Number.isFinite(ms) && new Date(ms).toISOString() === r.observedAt;
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

const provenanceSql = (column: string, of: string): string =>
  `(SELECT ${column} FROM reading_provenance WHERE id = ${of}.provenance) AS ${column}`;

/**
 * The select list that gives a row of `alias` (the table, or a walk over it) back with its names
 * and provenance: one dictionary lookup per column of each returned row, none per examined row.
 */
export const namedColumns = (alias: string): string =>
  [
    `${alias}.position AS position`,
    `${nameOfSql('lab', `${alias}.lab`)} AS lab`,
    `${nameOfSql('lamppost', `${alias}.lamppost`)} AS lamppost`,
    `${nameOfSql('kind', `${alias}.kind`)} AS kind`,
    `${nameOfSql('audience', `${alias}.audience`)} AS audience`,
    `${alias}.observed_at AS observed_ms`,
    `${alias}.observed_text AS observed_text`,
    `${alias}.values_json AS values_json`,
    provenanceSql('rule_json', alias),
    provenanceSql('transforms_json', alias),
    provenanceSql('interval_seconds', alias),
  ].join(', ');

/** A row of `namedColumns` as SQLite returns it. */
export type NamedRow = Omit<ReadingRow, 'observed_at'> & {
  observed_ms: number | null;
  observed_text: string | null;
};

/** A named row as the row the feeds decode (`toReadingView`): the stored time string exactly. */
export const toReadingRow = ({ observed_ms, observed_text, ...row }: NamedRow): ReadingRow => ({
  ...row,
  observed_at: observed_text ?? new Date(observed_ms!).toISOString(),
});

/** Every stored reading in log order, with its names (tests, and checks of a rebuild). */
export const allReadings = (db: Database): ReadingRow[] =>
  (
    db
      .prepare(`SELECT ${namedColumns('readings')} FROM readings ORDER BY position`)
      .all() as NamedRow[]
  ).map(toReadingRow);
