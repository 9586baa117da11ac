import type { Database, Statement } from 'better-sqlite3';
import type { Direction } from '../port/read.js';
import { EVENT_COLUMNS, type EventRow } from './sqlite-rows.js';

/** Every statement the adapter runs, prepared once per connection. */
export class SqliteStatements {
  readonly insertEvent: Statement<
    [number, string, number, string, string, string, string | null, number]
  >;
  readonly findEventId: Statement<[string, string], { position: number; revision: number }>;
  readonly findEvent: Statement<[string, string], EventRow>;
  readonly streamRevision: Statement<[string], { revision: number }>;
  readonly saveRevision: Statement<[string, number]>;
  readonly streamInfo: Statement<
    [string],
    { revision: number; max_age: number | null; max_count: number | null }
  >;
  readonly saveMetadata: Statement<[string, number | null, number | null]>;
  readonly maxPosition: Statement<[], { head: number | null }>;
  readonly countEvents: Statement<[], { n: number }>;
  readonly readStreamForwards: Statement<[string, number, number, number, number], EventRow>;
  readonly readStreamBackwards: Statement<[string, number, number, number, number], EventRow>;
  private readonly readAllForwards: Statement<[number, number], EventRow>;
  private readonly readAllBackwards: Statement<[number, number], EventRow>;
  /** Parameters: type, exclusive cursor, limit. */
  readonly readTypeForwards: Statement<[string, number, number], EventRow>;
  readonly readTypeBackwards: Statement<[string, number, number], EventRow>;

  constructor(private readonly db: Database) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.findEventId = db.prepare(
      'SELECT position, revision FROM events WHERE stream_id = ? AND event_id = ?',
    );
    this.findEvent = db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND event_id = ?`)
      .raw() as unknown as Statement<[string, string], EventRow>;
    this.streamRevision = db.prepare('SELECT revision FROM streams WHERE stream_id = ?');
    this.saveRevision = db.prepare(
      `INSERT INTO streams (stream_id, revision) VALUES (?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
    );
    this.streamInfo = db.prepare(
      'SELECT revision, max_age, max_count FROM streams WHERE stream_id = ?',
    );
    this.saveMetadata = db.prepare(
      `INSERT INTO streams (stream_id, revision, max_age, max_count) VALUES (?, -1, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET max_age = excluded.max_age, max_count = excluded.max_count`,
    );
    this.maxPosition = db.prepare('SELECT max(position) AS head FROM events');
    this.countEvents = db.prepare('SELECT count(*) AS n FROM events');
    // Parameters: stream, from revision, lowest visible revision, oldest visible time, limit.
    this.readStreamForwards = db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE stream_id = ? AND revision >= ? AND revision >= ? AND recorded_at >= ?
         ORDER BY revision ASC LIMIT ?`,
      )
      .raw() as unknown as Statement<[string, number, number, number, number], EventRow>;
    this.readStreamBackwards = db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE stream_id = ? AND revision <= ? AND revision >= ? AND recorded_at >= ?
         ORDER BY revision DESC LIMIT ?`,
      )
      .raw() as unknown as Statement<[string, number, number, number, number], EventRow>;
    // `INDEXED BY`: one type's rows in log order from `events_type`, whatever the planner would
    // guess without statistics (a scan of the whole log filtered by type is what this replaces).
    const readType = (forwards: boolean) =>
      db
        .prepare(
          `SELECT ${EVENT_COLUMNS} FROM events INDEXED BY events_type
           WHERE type = ? AND position ${forwards ? '>' : '<'} ?
           ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
        )
        .raw() as unknown as Statement<[string, number, number], EventRow>;
    this.readTypeForwards = readType(true);
    this.readTypeBackwards = readType(false);
    this.readAllForwards = this.readAllStatement(true);
    this.readAllBackwards = this.readAllStatement(false);
  }

  /**
   * A `$all` page: every event after (before, backwards) the exclusive cursor, or only those of
   * `types`. Each type is read from `events_type` (at most `limit` rows each, in log order) and the
   * lists are merged, so the cost is that of the rows returned, not of the log between them.
   */
  readAllRows(direction: Direction, after: number, types: readonly string[], limit: number) {
    const forwards = direction === 'forwards';
    if (types.length === 0) {
      return (forwards ? this.readAllForwards : this.readAllBackwards).all(after, limit);
    }
    const byType = forwards ? this.readTypeForwards : this.readTypeBackwards;
    if (types.length === 1) return byType.all(types[0], after, limit);
    const rows = [...new Set(types)].flatMap((type) => byType.all(type, after, limit));
    rows.sort((a, b) => (forwards ? a[0] - b[0] : b[0] - a[0]));
    return limit >= 0 && rows.length > limit ? rows.slice(0, limit) : rows;
  }

  /** `$all` page of every type: parameters are the exclusive cursor and the limit. */
  private readAllStatement(forwards: boolean): Statement<[number, number], EventRow> {
    return this.db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position ${forwards ? '>' : '<'} ?
         ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
      )
      .raw() as unknown as Statement<[number, number], EventRow>;
  }
}
