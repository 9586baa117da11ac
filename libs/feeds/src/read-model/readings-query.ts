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

/** One walk of an index in log order: equal columns, then position. */
interface Walk {
  readonly lab: string | undefined;
  readonly kind: string | undefined;
  readonly audiences: readonly Audience[];
}

/**
 * History queries over the readings read model, by log position.
 *
 * A page costs what its size costs, not what the table holds: every statement here is a walk of
 * one index whose equal columns the query fixes (lab, lamppost, kind) and whose last column is
 * the position, stopped after `limit` rows. A query that would need several labs or kinds (a
 * municipality's grants, a partner's kinds) is run as one walk per lab and kind and the walks are
 * merged; an `IN` or `OR` over them would make SQLite collect every match and sort it, a cost that
 * grows with the history (100 ms a query at 200,000 readings, on the broker's thread). The
 * read-model test checks the plan of every shape.
 */
export class ReadingsQuery {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** A page in either direction; rows always come back in log order (oldest first). */
  pageIn(q: ReadingQuery, scopes: LabScopes, request: PageRequest): ReadingView[] {
    const forwards = request.direction === 'forwards';
    const rows = walksOf(q, scopes).flatMap((walk) => this.walk(q, walk, request));
    rows.sort((a, b) => a.position - b.position);
    const page = forwards ? rows.slice(0, request.limit) : rows.slice(-request.limit);
    return page.map(toReadingView);
  }

  private walk(q: ReadingQuery, walk: Walk, request: PageRequest): ReadingRow[] {
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
    add('lab = @lab', 'lab', walk.lab);
    add('lamppost = @lamppost', 'lamppost', q.lamppost);
    add('kind = @kind', 'kind', walk.kind);
    // Not index columns: rows of the walk that fail them are skipped (see docs/performance.md).
    add('observed_at >= @from', 'from', q.from?.toISOString());
    add('observed_at < @to', 'to', q.to?.toISOString());
    where.push(`audience IN (${walk.audiences.map((a) => `'${a}'`).join(', ')})`);
    const order = forwards ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM readings WHERE ${where.join(' AND ')} ORDER BY position ${order} LIMIT @limit`;
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size > 500) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement.all(params) as ReadingRow[];
  }
}

/** The index walks a query needs: one per lab and kind it may read (admins: the owner's copy). */
function walksOf(q: ReadingQuery, scopes: LabScopes): Walk[] {
  if (scopes === undefined) return [{ lab: q.lab, kind: q.kind, audiences: OWNER_AUDIENCES }];
  return scopes.flatMap((scope) => {
    if (q.lab !== undefined && q.lab !== scope.lab) return [];
    if (scope.audiences.length === 0) return [];
    const kinds =
      scope.kinds === undefined
        ? [q.kind]
        : scope.kinds.filter((k) => q.kind === undefined || k === q.kind);
    return kinds.map((kind) => ({ lab: scope.lab, kind, audiences: scope.audiences }));
  });
}
