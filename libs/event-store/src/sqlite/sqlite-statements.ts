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
  private readonly readAllCache = new Map<string, Statement<unknown[], EventRow>>();

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
  }

  /** `$all` page: parameters are the exclusive cursor, then the types (if any), then the limit. */
  readAll(direction: Direction, typeCount: number): Statement<unknown[], EventRow> {
    const key = `${direction}:${typeCount}`;
    let statement = this.readAllCache.get(key);
    if (!statement) {
      const forwards = direction === 'forwards';
      const types =
        typeCount > 0
          ? ` AND type IN (${Array.from({ length: typeCount }, () => '?').join(',')})`
          : '';
      statement = this.db
        .prepare(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position ${forwards ? '>' : '<'} ?${types}
           ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`,
        )
        .raw() as unknown as Statement<unknown[], EventRow>;
      this.readAllCache.set(key, statement);
    }
    return statement;
  }
}
