/** What a merged walk skips rows by, and how many it may examine. */
export interface MergedWalkFilter<T> {
  /** Keeps a row examined; every row when absent. */
  readonly keep?: (row: T) => boolean;
  /** Rows examined at most (the walk's share of the scan limit); no bound when absent. */
  readonly scan?: number;
}

/**
 * One walk made of the walks of its parts, each sorted by `before`, read lazily and merged a row
 * at a time: it reads what it yields plus at most one row ahead per part. `mergeSorted` (hourly
 * aggregates) takes a page from it. History walks merge by position. A lab's (or lamppost's) walk without a kind is made of each kind's walk over
 * `(lab, kind)` / `(lab, lamppost, kind)`; a kind's walk over every lab of each lab's walk over
 * `(lab, kind)` (decision 0017, amended in session 13: the `(lab)`, `(lab, lamppost)` and
 * `(kind)` indexes are gone).
 *
 * It is the walk the single index gave: rows come in log order from the cursor; with a filter,
 * it examines (over all parts together) at most `scan` rows, yields those `keep` keeps, and
 * `stoppedAt()` then names the position of the last row it examined, as the single walk's
 * `OFFSET scan - 1` did (`stoppedAt()` gives that row). So pages, their frontiers and cursors are the same as before.
 */
export class MergedWalk<T> implements IterableIterator<T> {
  private readonly heads: IteratorResult<T>[];
  private examined = 0;
  private stopped: T | undefined;
  private ended = false;

  constructor(
    private readonly parts: readonly IterableIterator<T>[],
    /** Whether row `a` comes before row `b` in the walk. */
    private readonly before: (a: T, b: T) => boolean,
    private readonly filter: MergedWalkFilter<T> = {},
  ) {
    this.heads = parts.map((part) => part.next());
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }

  next(): IteratorResult<T> {
    const { keep, scan } = this.filter;
    while (!this.ended) {
      if (scan !== undefined && this.examined >= scan) break;
      const i = this.earliest();
      if (i < 0) break;
      const row = this.heads[i].value as T;
      this.heads[i] = this.parts[i].next();
      this.examined += 1;
      if (scan !== undefined && this.examined === scan) this.stopped = row;
      if (!keep || keep(row)) return { done: false, value: row };
    }
    return this.return();
  }

  return(): IteratorResult<T> {
    if (!this.ended) {
      this.ended = true;
      for (const part of this.parts) part.return?.();
    }
    return { done: true, value: undefined };
  }

  /** The last row examined when the walk stopped at its scan bound; undefined if it ended first. */
  stoppedAt(): T | undefined {
    return this.stopped;
  }

  /** The part whose head comes next in the walk; the first of equals; -1 when all are exhausted. */
  private earliest(): number {
    let best = -1;
    for (let i = 0; i < this.heads.length; i++) {
      const head = this.heads[i];
      if (head.done) continue;
      if (best < 0 || this.before(head.value, this.heads[best].value as T)) best = i;
    }
    return best;
  }
}
