import type { Database, Statement } from 'better-sqlite3';
import type { Audience, ReadingQuery, ReadingView } from '../application/reading-view.js';
import { DictionaryReader, nameIdSql } from './reading-dictionaries.js';
import { toReadingView, type ReadingRow } from './reading-row.js';
import { toReadingRow, type StoredRow } from './readings-table.js';
import { MergedWalk } from './merged-walk.js';

/** One lab a query may read, with every kind or some kinds, and the stored copies it may serve. */
export interface LabScope {
  readonly lab: string;
  readonly kinds?: readonly string[];
  readonly audiences: readonly Audience[];
}

/**
 * What a query may read, as the audience decision gave it: some labs, or every lab with the
 * stored copies it may serve (an admin: the owner's). The decision is taken on the main thread
 * (libs/access); the query only applies it, wherever it runs.
 */
export type LabScopes = readonly LabScope[] | { readonly everyLab: readonly Audience[] };

export interface PageRequest {
  /** Forwards: position > after, oldest first. Backwards: position < before, newest first. */
  readonly direction: 'forwards' | 'backwards';
  readonly cursor: number | undefined;
  readonly limit: number;
}

/** What a filtered merged walk reads of each row it examines. */
type Examined = Pick<StoredRow, 'position' | 'lamppost' | 'observed_at'>;

/** One walk of an index in log order: equal columns, then position. */
interface Walk {
  readonly lab: string | undefined;
  readonly kind: string | undefined;
  readonly audiences: readonly Audience[];
}

/** A page of history, and how far it reaches when a walk stopped at the scan limit. */
export interface HistoryPage {
  /** In log order (oldest first). */
  readonly views: ReadingView[];
  /**
   * Set when the page is short because a walk examined its share of `scanLimit` readings without
   * filling it: the page holds every match from the cursor up to and including this position, and the next
   * page goes on from here (backwards: `before` it; forwards: `after` it).
   */
  readonly frontier?: number;
}

/**
 * A page as stored rows: what the query worker sends back (strings and numbers cost little to
 * copy between threads; decoded views, with their nested objects, cost more than decoding).
 */
export interface HistoryRows {
  readonly rows: ReadingRow[];
  readonly frontier?: number;
}

/** Decodes a page's rows into the views the feeds serve. */
export const viewsOf = ({ rows, frontier }: HistoryRows): HistoryPage => ({
  views: rows.map(toReadingView),
  ...(frontier !== undefined && { frontier }),
});

/** The default of HUB_HISTORY_SCAN_LIMIT. */
export const DEFAULT_HISTORY_SCAN_LIMIT = 5000;

/**
 * History queries over the readings read model, by log position.
 *
 * A page costs what its size costs, not what the table holds: every statement here is a walk of
 * one index whose equal columns the query fixes (lab, lamppost, kind, as their dictionary
 * numbers) and whose last column is the position (the rowid every index entry ends with),
 * stopped after `limit` rows. A query that would need several labs or kinds (a
 * municipality's grants, a partner's kinds) is run as one walk per lab and kind and the walks are
 * merged; an `IN` or `OR` over them would make SQLite collect every match and sort it, a cost that
 * grows with the history (100 ms a query at 200,000 readings, on the broker's thread).
 *
 * A time filter (`from`, `to`) is not an index column, nor a lamppost without its lab (an admin's
 * query): the walks skip the readings outside it, so together they examine at most `scanLimit`
 * readings (each its share) and, short of a full page, say where they stopped
 * (`HistoryPage.frontier`). The read-model test checks the plan of every shape.
 */
export class ReadingsQuery {
  private readonly cache = new Map<string, Statement>();
  /** Numbers back to names for the rows a page returns (decision 0017). */
  private readonly names: DictionaryReader;

  constructor(
    private readonly db: Database,
    private readonly scanLimit = DEFAULT_HISTORY_SCAN_LIMIT,
  ) {
    this.names = new DictionaryReader(db);
  }

  /** A page in either direction; rows always come back in log order (oldest first). */
  pageIn(q: ReadingQuery, scopes: LabScopes, request: PageRequest): HistoryPage {
    return viewsOf(this.rowsIn(q, scopes, request));
  }

  /** `pageIn` as the rows SQLite returned, before they are decoded into views. */
  rowsIn(q: ReadingQuery, scopes: LabScopes, request: PageRequest): HistoryRows {
    this.names.check();
    const plan = walksOf(q, scopes);
    // The scan limit is the query's, shared among its walks: a reader with many labs and kinds
    // (60 walks for 10 labs of 6 kinds) does not multiply it.
    const scan = Math.max(1, Math.floor(this.scanLimit / Math.max(1, plan.length)));
    const readers = plan.map((walk, i) => this.walk(q, walk, request, scan, i));
    try {
      return merge(readers, request, this.names);
    } finally {
      for (const reader of readers) reader.close();
    }
  }

  private walk(
    q: ReadingQuery,
    walk: Walk,
    request: PageRequest,
    scan: number,
    /** The walk's place in its query: walks open at once each need a statement of their own. */
    slot: number,
  ): WalkReader {
    const forwards = request.direction === 'forwards';
    // The walk: index columns fixed, in log order from the cursor.
    const where: string[] = [
      forwards ? 'readings.position > @cursor' : 'readings.position < @cursor',
    ];
    const walkParams: Record<string, string | number> = {
      cursor: request.cursor ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER),
    };
    // What the walk skips rows by (not index columns): bounded by the scan limit.
    const skip: string[] = [];
    const skipParams: Record<string, string | number> = {};
    // Names are numbers in the table (decision 0017): each is looked up once per statement.
    const fix = (column: 'lab' | 'lamppost' | 'kind', value: string | undefined) => {
      if (value === undefined) return;
      where.push(`readings.${column} = ${nameIdSql(column, column)}`);
      walkParams[column] = value;
    };
    const filter = (clause: string, name: string, value: string | number | undefined) => {
      if (value === undefined) return;
      skip.push(clause);
      skipParams[name] = value;
    };
    fix('lab', walk.lab);
    // A lamppost id is per lab: without the lab no index has it first, so it filters the walk.
    if (walk.lab !== undefined) fix('lamppost', q.lamppost);
    else filter(`walk.lamppost = ${nameIdSql('lamppost', 'lamppost')}`, 'lamppost', q.lamppost);
    fix('kind', walk.kind);
    // Epoch milliseconds: the order of the ISO strings the filter stores (version 2 compared those).
    filter('walk.observed_at >= @from', 'from', q.from?.getTime());
    filter('walk.observed_at < @to', 'to', q.to?.getTime());
    const audiences = walk.audiences.map((a) => `'${a}'`).join(', ');
    where.push(
      `readings.audience IN (SELECT id FROM reading_names WHERE field = 'audience' AND name IN (${audiences}))`,
    );
    const order = `ORDER BY position ${forwards ? 'ASC' : 'DESC'}`;
    const limit = request.limit;
    // Shapes with one equal column have no index of their own: the walks of its parts, merged.
    if (walk.lab !== undefined && walk.kind === undefined) {
      return this.mergedWalk('kind', where, walkParams, q, skip.length > 0, request, scan, slot);
    }
    if (walk.lab === undefined && walk.kind !== undefined) {
      return this.mergedWalk('lab', where, walkParams, q, skip.length > 0, request, scan, slot);
    }
    const walked = `SELECT * FROM readings WHERE ${where.join(' AND ')} ${order}`;
    if (skip.length === 0) {
      const rows = this.statement(`${walked} LIMIT @limit`, slot).iterate({ ...walkParams, limit });
      return new WalkReader(rows as IterableIterator<StoredRow>);
    }
    // The walk's first `scan` readings, then the other filters over them only.
    const rows = this.statement(
      `SELECT * FROM (${walked} LIMIT @scan) AS walk WHERE ${skip.join(' AND ')} ${order} LIMIT @limit`,
      slot,
    ).iterate({ ...walkParams, ...skipParams, scan, limit }) as IterableIterator<StoredRow>;
    // Short: did the walk end, or stop at the limit? The last reading it examined says.
    const stoppedAt = (): number | undefined =>
      (
        this.statement(
          `SELECT position FROM readings WHERE ${where.join(' AND ')} ${order} LIMIT 1 OFFSET @skip`,
          slot,
        ).get({ ...walkParams, skip: scan - 1 }) as { position: number } | undefined
      )?.position;
    return new WalkReader(rows, limit, stoppedAt);
  }

  /**
   * A walk over one lab without a kind (its parts: every kind of the table) or over one kind
   * without a lab (its parts: every lab), each part a walk of `(lab, kind)` or
   * `(lab, lamppost, kind)`, merged by position (`MergedWalk`). The filters the single walk left
   * to SQL (the time; a lamppost without its lab) are applied to the merged rows, and the scan
   * bound counts the rows examined over all parts, so the pages are those of the single index.
   */
  private mergedWalk(
    by: 'kind' | 'lab',
    where: readonly string[],
    walkParams: Record<string, string | number>,
    q: ReadingQuery,
    filtered: boolean,
    request: PageRequest,
    scan: number,
    slot: number,
  ): WalkReader {
    const forwards = request.direction === 'forwards';
    // Filtered, a walk examines up to its scan share for a page: it reads only what the filter
    // needs, and each row it keeps whole afterwards (`whole`, below).
    const columns = filtered ? 'position, lamppost, observed_at' : '*';
    const sql = `SELECT ${columns} FROM readings WHERE ${where.join(' AND ')} AND readings.${by} = @partId
      ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT @limit`;
    const inLogOrder = forwards
      ? (a: { position: number }, b: { position: number }) => a.position < b.position
      : (a: { position: number }, b: { position: number }) => a.position > b.position;
    // Each part needs at most what the merged walk takes: a page, or the scan bound.
    const each = filtered ? scan : request.limit;
    const parts = this.ids(by).map((partId, i) =>
      this.statement(sql, `${slot}.${i}`).iterate({ ...walkParams, partId, limit: each }),
    );
    if (!filtered) {
      return new WalkReader(new MergedWalk(parts as IterableIterator<StoredRow>[], inLogOrder));
    }
    const from = q.from?.getTime();
    const to = q.to?.getTime();
    // A lamppost without its lab filters the walk (its number; none: nothing matches).
    const lamppost =
      by === 'lab' && q.lamppost !== undefined
        ? (this.id('lamppost', q.lamppost) ?? -1)
        : undefined;
    const merged = new MergedWalk(parts as IterableIterator<Examined>[], inLogOrder, {
      scan,
      // What `walk.observed_at >= @from AND walk.observed_at < @to` kept (NULL: nothing).
      keep: (row) =>
        (lamppost === undefined || row.lamppost === lamppost) &&
        (from === undefined || (row.observed_at !== null && row.observed_at >= from)) &&
        (to === undefined || (row.observed_at !== null && row.observed_at < to)),
    });
    return new WalkReader(this.whole(merged), request.limit, () => merged.stoppedAt()?.position);
  }

  /** The kept rows of a filtered merged walk, read whole by their position (the rowid). */
  private *whole(kept: MergedWalk<Examined>): Generator<StoredRow, void, undefined> {
    const row = this.statement('SELECT * FROM readings WHERE position = @position', 'whole');
    try {
      for (const { position } of kept) yield row.get({ position }) as StoredRow;
    } finally {
      kept.return();
    }
  }

  /** The dictionary numbers of a field's names: every kind, or every lab, the table holds. */
  private ids(field: 'kind' | 'lab'): number[] {
    return (
      this.statement('SELECT id FROM reading_names WHERE field = @field', 'ids').all({
        field,
      }) as { id: number }[]
    ).map((r) => r.id);
  }

  /** The dictionary number of one name, if the table holds it. */
  private id(field: 'lamppost', name: string): number | undefined {
    return (
      this.statement(
        'SELECT id FROM reading_names WHERE field = @field AND name = @name',
        'id',
      ).get({
        field,
        name,
      }) as { id: number } | undefined
    )?.id;
  }

  private statement(sql: string, slot: number | string): Statement {
    const key = `${slot}:${sql}`;
    let statement = this.cache.get(key);
    if (!statement) {
      if (this.cache.size > 500) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(key, statement);
    }
    return statement;
  }
}

/**
 * One walk read lazily, a row at a time: the merge takes from it only what the page needs, so a
 * page over many labs and kinds reads about `limit` rows plus one per walk, not `limit` per walk.
 */
class WalkReader {
  /** The next row of the walk; undefined once it is exhausted. */
  head: StoredRow | undefined;
  /** Set when the walk ran out at its scan limit: it examined everything up to here only. */
  stoppedAt: number | undefined;
  private taken = 0;

  constructor(
    private readonly rows: IterableIterator<StoredRow>,
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly whereStopped?: () => number | undefined,
  ) {
    this.advance();
  }

  advance(): void {
    const next = this.rows.next();
    if (!next.done) {
      this.head = next.value;
      this.taken += 1;
      return;
    }
    this.head = undefined;
    // Fewer matches than the page holds: the walk ended, or stopped at its share of the scan.
    if (this.whereStopped && this.taken < this.limit) this.stoppedAt = this.whereStopped();
  }

  close(): void {
    this.rows.return?.();
  }
}

/**
 * Merges the walks in log order from the cursor until the page is full, every walk is exhausted,
 * or the next row lies beyond where a walk stopped at its scan limit (the page's frontier: up to
 * there every walk is complete). Rows come back oldest first.
 */
function merge(
  readers: readonly WalkReader[],
  request: PageRequest,
  names: DictionaryReader,
): HistoryRows {
  const forwards = request.direction === 'forwards';
  /** Whether position a comes before b, walking from the cursor. */
  const before = (a: number, b: number): boolean => (forwards ? a < b : a > b);
  const page: ReadingRow[] = [];
  const done = (frontier?: number): HistoryRows => {
    if (!forwards) page.reverse();
    return { rows: page, ...(frontier !== undefined && { frontier }) };
  };
  for (;;) {
    let frontier: number | undefined;
    let next: WalkReader | undefined;
    for (const reader of readers) {
      const stop = reader.stoppedAt;
      if (stop !== undefined && (frontier === undefined || before(stop, frontier))) frontier = stop;
      const at = reader.head?.position;
      if (at !== undefined && (next === undefined || before(at, next.head!.position))) {
        next = reader;
      }
    }
    if (next === undefined) return done(frontier);
    const row = next.head!;
    if (frontier !== undefined && before(frontier, row.position)) return done(frontier);
    page.push(toReadingRow(row, names));
    if (page.length >= request.limit) return done();
    next.advance();
  }
}
/** The index walks a query needs: one per lab and kind it may read (every lab: one walk). */
function walksOf(q: ReadingQuery, scopes: LabScopes): Walk[] {
  if ('everyLab' in scopes) return [{ lab: q.lab, kind: q.kind, audiences: scopes.everyLab }];
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
