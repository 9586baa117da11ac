import type { Database, Statement } from 'better-sqlite3';
import type { Direction } from '../port/read.js';
import { SqliteNameIds } from './sqlite-name-ids.js';
import {
  decodeRows,
  READ_COLUMNS,
  STORED_COLUMNS,
  type EventRow,
  type LogNames,
  type StoredRow,
} from './sqlite-rows.js';
import type { StoredEventId } from './stored-event-id.js';

/**
 * Every statement the adapter runs, prepared once per connection, and the connection's maps of
 * stream and type ids (`names`). Statements take and return the stored form (integer ids, the
 * stored event id); `readAllRows` and `decode` give rows with the strings.
 */
export class SqliteStatements {
  readonly names: LogNames;
  readonly insertEvent: Statement<
    [number, number, number, StoredEventId, number, string, string | null, number]
  >;
  /** Parameters: stream, stored event id. */
  readonly findEventId: Statement<[number, StoredEventId], { position: number; revision: number }>;
  readonly findEvent: Statement<[number, StoredEventId], StoredRow>;
  readonly streamRevision: Statement<[string], { revision: number }>;
  readonly saveRevision: Statement<[number, number]>;
  readonly streamInfo: Statement<
    [string],
    { id: number; revision: number; max_age: number | null; max_count: number | null }
  >;
  readonly saveMetadata: Statement<[string, number | null, number | null]>;
  readonly maxPosition: Statement<[], { head: number | null }>;
  readonly countEvents: Statement<[], { n: number }>;
  readonly readStreamForwards: Statement<[number, number, number, number, number], StoredRow>;
  readonly readStreamBackwards: Statement<[number, number, number, number, number], StoredRow>;
  private readonly readAllForwards: Statement<[number, number], StoredRow>;
  private readonly readAllBackwards: Statement<[number, number], StoredRow>;
  /** Parameters: type id, exclusive cursor, limit. */
  readonly readTypeForwards: Statement<[number, number, number], StoredRow>;
  readonly readTypeBackwards: Statement<[number, number, number], StoredRow>;

  constructor(private readonly db: Database) {
    this.names = {
      streams: new SqliteNameIds(db, 'streams', 'stream_id'),
      types: new SqliteNameIds(db, 'event_types', 'type'),
    };
    this.insertEvent = db.prepare(
      `INSERT INTO event_rows (${STORED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.findEventId = db.prepare(
      'SELECT position, revision FROM event_rows WHERE stream = ? AND event_id = ?',
    );
    this.findEvent = db
      .prepare(`SELECT ${READ_COLUMNS} FROM event_rows WHERE stream = ? AND event_id = ?`)
      .raw() as unknown as Statement<[number, StoredEventId], StoredRow>;
    this.streamRevision = db.prepare('SELECT revision FROM streams WHERE stream_id = ?');
    // The row exists: the writer resolved the stream's id (inserting it) in the same transaction.
    this.saveRevision = db.prepare('UPDATE streams SET revision = ? WHERE id = ?');
    this.streamInfo = db.prepare(
      'SELECT id, revision, max_age, max_count FROM streams WHERE stream_id = ?',
    );
    this.saveMetadata = db.prepare(
      `INSERT INTO streams (stream_id, revision, max_age, max_count) VALUES (?, -1, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET max_age = excluded.max_age, max_count = excluded.max_count`,
    );
    this.maxPosition = db.prepare('SELECT max(position) AS head FROM event_rows');
    this.countEvents = db.prepare('SELECT count(*) AS n FROM event_rows');
    // Parameters: stream, from revision, lowest visible revision, oldest visible time, limit.
    const readStream = (forwards: boolean) =>
      db
        .prepare(
          `SELECT ${READ_COLUMNS} FROM event_rows
           WHERE stream = ? AND revision ${forwards ? '>=' : '<='} ? AND revision >= ?
             AND recorded_at >= ?
           ORDER BY revision ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
        )
        .raw() as unknown as Statement<[number, number, number, number, number], StoredRow>;
    this.readStreamForwards = readStream(true);
    this.readStreamBackwards = readStream(false);
    // `INDEXED BY`: one type's rows in log order from `events_type`, whatever the planner would
    // guess without statistics (a scan of the whole log filtered by type is what this replaces).
    const readType = (forwards: boolean) =>
      db
        .prepare(
          `SELECT ${READ_COLUMNS} FROM event_rows INDEXED BY events_type
           WHERE type = ? AND position ${forwards ? '>' : '<'} ?
           ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
        )
        .raw() as unknown as Statement<[number, number, number], StoredRow>;
    this.readTypeForwards = readType(true);
    this.readTypeBackwards = readType(false);
    this.readAllForwards = this.readAllStatement(true);
    this.readAllBackwards = this.readAllStatement(false);
  }

  /** Stored rows with their strings (see `decodeRows`). */
  decode(rows: StoredRow[]): EventRow[] {
    return decodeRows(rows, this.names);
  }

  /**
   * A `$all` page: every event after (before, backwards) the exclusive cursor, or only those of
   * `types`. Each type is read from `events_type` (at most `limit` rows each, in log order) and the
   * lists are merged, so the cost is that of the rows returned, not of the log between them. A
   * type the log has never stored has no id and no rows.
   */
  readAllRows(
    direction: Direction,
    after: number,
    types: readonly string[],
    limit: number,
  ): EventRow[] {
    const forwards = direction === 'forwards';
    if (types.length === 0) {
      return this.decode(
        (forwards ? this.readAllForwards : this.readAllBackwards).all(after, limit),
      );
    }
    const byType = forwards ? this.readTypeForwards : this.readTypeBackwards;
    const ids = [...new Set(types)].flatMap((type) => this.names.types.existingId(type) ?? []);
    if (ids.length === 1) return this.decode(byType.all(ids[0], after, limit));
    const rows = ids.flatMap((id) => byType.all(id, after, limit));
    rows.sort((a, b) => (forwards ? a[0] - b[0] : b[0] - a[0]));
    return this.decode(limit >= 0 && rows.length > limit ? rows.slice(0, limit) : rows);
  }

  /** `$all` page of every type: parameters are the exclusive cursor and the limit. */
  private readAllStatement(forwards: boolean): Statement<[number, number], StoredRow> {
    return this.db
      .prepare(
        `SELECT ${READ_COLUMNS} FROM event_rows WHERE position ${forwards ? '>' : '<'} ?
         ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
      )
      .raw() as unknown as Statement<[number, number], StoredRow>;
  }
}
