import type { Database, Statement } from 'better-sqlite3';
import {
  OWNER_AUDIENCES,
  type Audience,
  type ReadingQuery,
  type ReadingView,
} from '../application/reading-view.js';
import { toReadingView, type ReadingRow } from './reading-row.js';

/** Labs (each with every kind, or some kinds) a query may read; undefined: no restriction. */
export type LabScopes =
  readonly { lab: string; kinds?: readonly string[]; audiences: readonly Audience[] }[] | undefined;

export interface PageRequest {
  /** Forwards: position > after, oldest first. Backwards: position < before, newest first. */
  readonly direction: 'forwards' | 'backwards';
  readonly cursor: number | undefined;
  readonly limit: number;
}

/** History queries over the readings read model, by log position. */
export class ReadingsQuery {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** A page in either direction; rows always come back in log order (oldest first). */
  pageIn(q: ReadingQuery, scopes: LabScopes, request: PageRequest): ReadingView[] {
    const forwards = request.direction === 'forwards';
    const where: string[] = [forwards ? 'position > @cursor' : 'position < @cursor'];
    const params: Record<string, string | number> = {
      cursor: request.cursor ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER),
      limit: request.limit,
    };
    const add = (clause: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('lab = @lab', 'lab', q.lab);
    add('lamppost = @lamppost', 'lamppost', q.lamppost);
    add('kind = @kind', 'kind', q.kind);
    add('observed_at >= @from', 'from', q.from?.toISOString());
    add('observed_at < @to', 'to', q.to?.toISOString());
    const audienceIn = (audiences: readonly Audience[]) =>
      `audience IN (${audiences.map((a) => `'${a}'`).join(', ')})`;
    if (scopes === undefined) {
      where.push(audienceIn(OWNER_AUDIENCES)); // admins see what the owner sees
    } else {
      if (scopes.length === 0) return [];
      const ors = scopes.map((s, i) => {
        params[`s${i}`] = s.lab;
        const audience = audienceIn(s.audiences);
        if (s.kinds === undefined) return `(lab = @s${i} AND ${audience})`;
        const kinds = s.kinds.map((k, j) => {
          params[`s${i}k${j}`] = k;
          return `@s${i}k${j}`;
        });
        return `(lab = @s${i} AND kind IN (${kinds.join(', ')}) AND ${audience})`;
      });
      where.push(`(${ors.join(' OR ')})`);
    }
    const order = forwards ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM readings WHERE ${where.join(' AND ')} ORDER BY position ${order} LIMIT @limit`;
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size > 500) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    const rows = (statement.all(params) as ReadingRow[]).map(toReadingView);
    return forwards ? rows : rows.reverse();
  }
}
