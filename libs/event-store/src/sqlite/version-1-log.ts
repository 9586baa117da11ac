import BetterSqlite3 from 'better-sqlite3';

/**
 * The layout a hub of log schema version 1 wrote (before `events_type`), as it was on disk;
 * version 2 added the type index. Version 3 (`sqlite-layout.ts`) rewrites both.
 */
const VERSION_1_DDL = `
CREATE TABLE events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT,
  recorded_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX events_stream_event_id ON events (stream_id, event_id);
CREATE TABLE streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  max_age   INTEGER,
  max_count INTEGER
) WITHOUT ROWID;
`;
const VERSION_2_DDL = 'CREATE INDEX events_type ON events (type);';

export interface Version1Event {
  readonly streamId: string;
  /** Default `v1-{position}`. */
  readonly id?: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

/**
 * Writes `file` as a hub of schema version 1 (or 2) left it (tests of the upgrade): the events
 * in order, positions from 1, each stream's revisions from 0.
 */
export function writeVersion1Log(
  file: string,
  events: readonly Version1Event[],
  version: 1 | 2 = 1,
): void {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.exec(version === 1 ? VERSION_1_DDL : VERSION_1_DDL + VERSION_2_DDL);
    db.pragma(`user_version = ${version}`);
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const saveRevision = db.prepare(
      `INSERT INTO streams (stream_id, revision) VALUES (?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
    );
    const revisions = new Map<string, number>();
    db.transaction(() => {
      events.forEach((e, i) => {
        const revision = (revisions.get(e.streamId) ?? -1) + 1;
        revisions.set(e.streamId, revision);
        insert.run(
          i + 1,
          e.streamId,
          revision,
          e.id ?? `v1-${i + 1}`,
          e.type,
          JSON.stringify(e.data),
          e.metadata === undefined ? null : JSON.stringify(e.metadata),
          1_700_000_000_000 + i,
        );
        saveRevision.run(e.streamId, revision);
      });
    })();
  } finally {
    db.close();
  }
}
