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
  const heads = walks.map((walk) => walk.next());
  const out: T[] = [];
  try {
    while (limit < 0 || out.length < limit) {
      let next = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head.done) continue;
        if (next < 0 || compare(head.value, heads[next].value as T) < 0) next = i;
      }
      if (next < 0) break;
      out.push(heads[next].value as T);
      heads[next] = walks[next].next();
    }
    return out;
  } finally {
    for (const walk of walks) walk.return?.();
  }
}
