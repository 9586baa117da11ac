import type { Database } from 'better-sqlite3';

/** Bumped when the layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

/**
 * - `events.position` is the rowid (`INTEGER PRIMARY KEY`): the global order costs no extra index.
 *   Positions are assigned by the writer (never reused: retention always appends an event after
 *   deleting, so the maximum position only grows).
 * - `streams.revision` survives retention: a stream whose events all expired keeps its revision,
 *   as in EventStoreDB.
 * - `recorded_at` is epoch milliseconds: cheap to compare for `maxAge`.
 * - `events_type` (version 2) lets a reader of a few types (the services that load at boot, a
 *   projection of one type) read only those rows: the index holds the rowid, so one type's rows
 *   come out in log order (`SqliteStatements.readAllOfType`). A version 1 file gets it when the hub
 *   opens it (one pass over the log, once).
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT,
  recorded_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_event_id ON events (stream_id, event_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  max_age   INTEGER,
  max_count INTEGER
) WITHOUT ROWID;
`;

export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `schema version ${version} is newer than this hub understands (${SCHEMA_VERSION}); upgrade the hub`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
