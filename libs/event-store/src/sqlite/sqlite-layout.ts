import { eventIdSql } from './stored-event-id.js';

/** Bumped when the layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 3;

/**
 * - `event_rows.position` is the rowid (`INTEGER PRIMARY KEY`): the global order costs no extra
 *   index. Positions are assigned by the writer (never reused: retention always appends an event
 *   after deleting, so the maximum position only grows).
 * - Version 3: a row holds its stream and type as integer ids (`streams.id`, `event_types.id`)
 *   and its event id as 16 bytes when it is a canonical lower-case UUID (`stored-event-id.ts`),
 *   so neither the row nor the three indexes repeat the ~39-character stream id, the type and the
 *   36-character id (decision 0011, step 3). Neither table ever loses a row, so an id is never
 *   reused. `stream` refers to `streams.id` and `type` to `event_types.id`, without a
 *   `REFERENCES` clause: better-sqlite3 enforces foreign keys, which would look both up on every
 *   insert; the writer only ever uses ids it took from those tables.
 * - `streams.revision` survives retention: a stream whose events all expired keeps its revision,
 *   as in EventStoreDB.
 * - `recorded_at` is epoch milliseconds: cheap to compare for `maxAge`.
 * - `events_type` (version 2) lets a reader of a few types (the services that load at boot, a
 *   projection of one type) read only those rows: the index holds the rowid, so one type's rows
 *   come out in log order (`SqliteStatements.readAllRows`).
 * - The index names are those of versions 1 and 2 (they index the same things).
 */
export const TABLES_DDL = `
CREATE TABLE IF NOT EXISTS streams (
  id        INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL UNIQUE,
  revision  INTEGER NOT NULL,
  max_age   INTEGER,
  max_count INTEGER
);
CREATE TABLE IF NOT EXISTS event_types (
  id   INTEGER PRIMARY KEY,
  type TEXT    NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS event_rows (
  position    INTEGER PRIMARY KEY,
  stream      INTEGER NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    BLOB    NOT NULL,
  type        INTEGER NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT,
  recorded_at INTEGER NOT NULL
);
`;

export const INDEXES_DDL = `
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON event_rows (stream, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_event_id ON event_rows (stream, event_id);
CREATE INDEX IF NOT EXISTS events_type ON event_rows (type);
`;

/**
 * The log with the columns of versions 1 and 2, for whoever reads the file with sqlite3 (a
 * privacy officer's audit, `verify-sqlite-chains.ts`, tests). Read-only: the adapter writes
 * `event_rows`.
 */
export const VIEW_DDL = `
CREATE VIEW IF NOT EXISTS events AS
SELECT r.position, s.stream_id, r.revision, ${eventIdSql('r.event_id')} AS event_id,
       t.type, r.data, r.metadata, r.recorded_at
FROM event_rows r
JOIN streams s ON s.id = r.stream
JOIN event_types t ON t.id = r.type;
`;
