import { MergedWalk } from './merged-walk.js';

/**
 * Merges walks that each come sorted by `compare` into one sorted list of at most `limit` items
 * (`limit < 0`: all), taking from each walk only what the merge needs: `limit` items plus at most
 * one ahead per walk, however many walks there are. Every walk is closed at the end.
 */
export function mergeSorted<T>(
  walks: readonly IterableIterator<T>[],
  compare: (a: T, b: T) => number,
  limit: number,
): T[] {
  const merged = new MergedWalk(walks, (a, b) => compare(a, b) < 0);
  const out: T[] = [];
  try {
    while (limit < 0 || out.length < limit) {
      const next = merged.next();
      if (next.done) break;
      out.push(next.value);
    }
    return out;
  } finally {
    merged.return();
  }
}
