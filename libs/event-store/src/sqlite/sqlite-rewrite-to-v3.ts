import type { Database } from 'better-sqlite3';
import type { HubLogger } from '@hub/contracts';
import { INDEXES_DDL, SCHEMA_VERSION, TABLES_DDL, VIEW_DDL } from './sqlite-layout.js';
import { toStoredEventId } from './stored-event-id.js';

/**
 * Rewrites a log of schema version 1 or 2 (stream ids, types and event ids as text in `events`)
 * into the version 3 layout, in ONE transaction: a failure anywhere leaves the old file as it
 * was. Positions, revisions, ids, data, metadata and recorded times are copied unchanged, as are
 * the streams' revisions and retention settings. One pass over the log, once; the pages the old
 * table held are given back afterwards (incremental vacuum). The events are copied in slices of
 * `slice` positions, each logged with how far the copy is (a million events take some seconds).
 */
export function rewriteToVersion3(db: Database, logger: HubLogger, slice = 100_000): void {
  const started = Date.now();
  const span = db
    .prepare('SELECT min(position) AS first, max(position) AS last, count(*) AS events FROM events')
    .get() as { first: number | null; last: number | null; events: number };
  const events = span.events;
  const version = db.pragma('user_version', { simple: true }) as number;
  logger.warn('event log: upgrading its layout; the hub starts when this is done', {
    fromSchema: version,
    toSchema: SCHEMA_VERSION,
    events,
    note: 'one pass over the log, in one transaction; it needs free disk about the size of the log',
  });
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
    `);
    const copy = db.prepare(`
      INSERT INTO event_rows (position, stream, revision, event_id, type, data, metadata, recorded_at)
        SELECT e.position, s.id, e.revision, stored_event_id(e.event_id), t.id, e.data, e.metadata,
               e.recorded_at
        FROM events e
        JOIN streams s ON s.stream_id = e.stream_id
        JOIN event_types t ON t.type = e.type
        WHERE e.position >= ? AND e.position < ?
        ORDER BY e.position`);
    let done = 0;
    for (let at = span.first ?? 0; span.last !== null && at <= span.last; at += slice) {
      done += copy.run(at, at + slice).changes;
      if (events > slice) {
        logger.info('event log: upgrading its layout', {
          copied: done,
          events,
          percent: Math.floor((done * 100) / events),
        });
      }
    }
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
  logger.warn('event log: layout upgraded', {
    toSchema: SCHEMA_VERSION,
    events,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  });
}
