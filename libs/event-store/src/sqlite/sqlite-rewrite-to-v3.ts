import type { Database } from 'better-sqlite3';
import { INDEXES_DDL, SCHEMA_VERSION, TABLES_DDL, VIEW_DDL } from './sqlite-layout.js';
import { toStoredEventId } from './stored-event-id.js';

/**
 * Rewrites a log of schema version 1 or 2 (stream ids, types and event ids as text in `events`)
 * into the version 3 layout, in ONE transaction: a failure anywhere leaves the old file as it
 * was. Positions, revisions, ids, data, metadata and recorded times are copied unchanged, as are
 * the streams' revisions and retention settings. One pass over the log, once; the pages the old
 * table held are given back afterwards (incremental vacuum).
 */
export function rewriteToVersion3(db: Database): void {
  // The same encoding the writer uses, so a resend after the upgrade finds its stored id.
  db.function('stored_event_id', { deterministic: true }, (id: unknown) =>
    typeof id === 'string' ? toStoredEventId(id) : id,
  );
  db.transaction(() => {
    db.exec(`
      ALTER TABLE streams RENAME TO streams_before_v3;
      ${TABLES_DDL}
      INSERT INTO streams (stream_id, revision, max_age, max_count)
        SELECT stream_id, revision, max_age, max_count FROM streams_before_v3 ORDER BY stream_id;
      -- A stream with events has a row in every file a hub wrote; this keeps its events if not.
      INSERT OR IGNORE INTO streams (stream_id, revision)
        SELECT stream_id, max(revision) FROM events GROUP BY stream_id;
      INSERT INTO event_types (type) SELECT DISTINCT type FROM events ORDER BY type;
      INSERT INTO event_rows (position, stream, revision, event_id, type, data, metadata, recorded_at)
        SELECT e.position, s.id, e.revision, stored_event_id(e.event_id), t.id, e.data, e.metadata,
               e.recorded_at
        FROM events e
        JOIN streams s ON s.stream_id = e.stream_id
        JOIN event_types t ON t.type = e.type
        ORDER BY e.position;
    `);
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const copied = count('event_rows');
    const old = count('events');
    if (copied !== old) {
      throw new Error(`upgrade to log schema ${SCHEMA_VERSION} copied ${copied} of ${old} events`);
    }
    db.exec(`DROP TABLE events; DROP TABLE streams_before_v3; ${INDEXES_DDL} ${VIEW_DDL}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  db.pragma('incremental_vacuum');
}
