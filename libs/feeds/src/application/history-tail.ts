import type { RecordedEvent } from '@hub/event-store';
import type { HistoryPage, LabScopes, PageRequest } from '../read-model/readings-query.js';
import type { LiveTail } from './live-tail.js';
import type { ReadingQuery, ReadingView } from './reading-view.js';

/** Where a history read finds the readings after the read model's checkpoint. */
export type TailPart =
  /** The read model has applied the head: it answers alone. */
  | { readonly from: 'read-model' }
  /** The tail holds every event in (`checkpoint`, head]. */
  | {
      readonly from: 'tail';
      readonly checkpoint: number;
      readonly events: readonly RecordedEvent[];
    }
  /**
   * The tail cannot give them all (it began after the checkpoint, or lost it), or they are more
   * than one read may look at (`TAIL_SCAN_MAX`): wait as before.
   */
  | { readonly from: 'wait' };

/**
 * The most events of the tail one read may look at: a read walks them on the broker's thread,
 * whatever its filter selects of them (a filter that matches none looks at all). A lag longer
 * than this is left to the read model: the read waits for the projections, as before decision
 * 0021, at no cost to this thread. So a page or an aggregate costs this thread at most this
 * many events, however far the projections fall behind, and a token's operations (30 aliases,
 * two reads a page, 50 a second) cannot make it look at more than that times their number.
 */
export const TAIL_SCAN_MAX = 2_000;

/**
 * The events a history read at `head` takes from the live tail instead of waiting for the
 * projections: those after the read model's `checkpoint`. The tail has them at once, or within
 * a turn of the follower's (it hands each commit to the tail after the commit); `waitMs` bounds
 * that wait.
 */
export async function tailPart(
  tail: LiveTail,
  checkpoint: number,
  head: number,
  waitMs: number,
): Promise<TailPart> {
  if (checkpoint >= head) return { from: 'read-model' };
  if (!tail.isRunning || tail.from > checkpoint) return { from: 'wait' };
  if (!(await tail.reached(head, waitMs))) return { from: 'wait' };
  // The ring may have dropped the oldest while we waited.
  if (tail.from > checkpoint) return { from: 'wait' };
  const events = tail.between(checkpoint, head);
  if (events.length > TAIL_SCAN_MAX) return { from: 'wait' };
  return { from: 'tail', checkpoint, events };
}

/**
 * History pages that do not wait for the projections (issue 14). The read model holds every
 * reading up to its checkpoint; the live tail holds, in memory, every event after it up to the
 * head. A page over the two is the page the read model would give once it reached the head: the
 * read model answers its part, the tail's readings (already filtered by the same scopes and
 * query) the rest. `fromReadModel` may return readings past `checkpoint` (the projections went on
 * meanwhile): those are the tail's and are taken from there.
 */
export async function pageWithTail(
  fromReadModel: (request: PageRequest) => Promise<HistoryPage>,
  /** The tail's readings in (`checkpoint`, head] that the query and its scopes select. */
  tail: TailReadings,
  checkpoint: number,
  request: PageRequest,
): Promise<HistoryPage> {
  const { cursor, limit } = request;
  if (request.direction === 'forwards') {
    const after = cursor ?? 0;
    const fromTail = (past: number, max: number) => tail.after(past, max);
    if (after >= checkpoint) return { views: fromTail(after, limit) };
    const page = await fromReadModel(request);
    const views = page.views.filter((view) => view.position <= checkpoint);
    // The walk stopped at the scan limit inside the read model's part: the page ends there.
    if (page.frontier !== undefined && page.frontier <= checkpoint) {
      return { views, frontier: page.frontier };
    }
    if (views.length >= limit) return { views: views.slice(0, limit) };
    return { views: [...views, ...fromTail(checkpoint, limit - views.length)] };
  }
  const before = cursor ?? Number.MAX_SAFE_INTEGER;
  const newest = tail.before(before, limit);
  if (newest.length >= limit) return { views: newest };
  const page = await fromReadModel({
    direction: 'backwards',
    cursor: Math.min(before, checkpoint + 1),
    limit: limit - newest.length,
  });
  return {
    views: [...page.views, ...newest],
    ...(page.frontier !== undefined && { frontier: page.frontier }),
  };
}

/** The readings of the tail's part that a query selects, looked at only as far as a page needs. */
export interface TailReadings {
  /** The first `max` selected readings with position > `position`, in log order. */
  after(position: number, max: number): ReadingView[];
  /** The last `max` selected readings with position < `position`, in log order. */
  before(position: number, max: number): ReadingView[];
}

/**
 * `events` (in log order) as `TailReadings`: `pick` gives an event's reading when the query
 * selects it. A page from the newest end ("the last 20") looks at the newest events only.
 */
export function tailReadings(
  events: readonly RecordedEvent[],
  pick: (event: RecordedEvent) => ReadingView | undefined,
): TailReadings {
  /** Index of the first event with position > `position`. */
  const firstAfter = (position: number): number => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid].position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    after(position, max) {
      const out: ReadingView[] = [];
      for (let i = firstAfter(position); i < events.length && out.length < max; i++) {
        const view = pick(events[i]);
        if (view) out.push(view);
      }
      return out;
    },
    before(position, max) {
      const out: ReadingView[] = [];
      for (let i = firstAfter(position - 1) - 1; i >= 0 && out.length < max; i--) {
        const view = pick(events[i]);
        if (view) out.push(view);
      }
      return out.reverse();
    },
  };
}

/**
 * Whether a reading is one the read model's walks select for `q` within `scopes`
 * (readings-query.ts `walksOf` and its filters): the same decision, applied in memory.
 */
export function selects(scopes: LabScopes, q: ReadingQuery, view: ReadingView): boolean {
  if (q.lab !== undefined && view.lab !== q.lab) return false;
  if (q.kind !== undefined && view.kind !== q.kind) return false;
  if (q.lamppost !== undefined && view.lamppost !== q.lamppost) return false;
  if (q.from !== undefined || q.to !== undefined) {
    // The read model compares epoch milliseconds.
    const observed = Date.parse(view.observedAt);
    if (!Number.isFinite(observed)) return false;
    if (q.from !== undefined && observed < q.from.getTime()) return false;
    if (q.to !== undefined && observed >= q.to.getTime()) return false;
  }
  if ('everyLab' in scopes) return scopes.everyLab.includes(view.audience);
  return scopes.some(
    (scope) =>
      scope.lab === view.lab &&
      scope.audiences.includes(view.audience) &&
      (scope.kinds === undefined || scope.kinds.includes(view.kind)),
  );
}
