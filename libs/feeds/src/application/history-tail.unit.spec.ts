import { describe, expect, test } from '@jest/globals';
import type { HistoryPage, LabScopes, PageRequest } from '../read-model/readings-query.js';
import type { RecordedEvent } from '@hub/event-store';
import { pageWithTail, selects, tailReadings, type TailReadings } from './history-tail.js';
import type { ReadingView } from './reading-view.js';

const view = (position: number, over: Partial<ReadingView> = {}): ReadingView => ({
  position,
  lab: 'lab-a',
  lamppost: 'lp-1',
  kind: 'temperature',
  observedAt: new Date(Date.UTC(2026, 6, 1, 12, 0, position)).toISOString(),
  values: { celsius: position },
  audience: 'owner',
  rule: { id: 'r', version: 1, hash: 'h' },
  transforms: [],
  intervalSeconds: 0,
  ...over,
});

/** The page of `all` that a read model holding everything would give (no scan limit). */
function reference(all: readonly ReadingView[], request: PageRequest): number[] {
  const { cursor, limit } = request;
  const picked =
    request.direction === 'forwards'
      ? all.filter((v) => v.position > (cursor ?? 0)).slice(0, limit)
      : all.filter((v) => v.position < (cursor ?? Infinity)).slice(-limit);
  return picked.map((v) => v.position);
}

/** A read model that holds `all` up to `reached` (the projections may be past the checkpoint). */
const readModelUpTo =
  (all: readonly ReadingView[], reached: number) =>
  (request: PageRequest): Promise<HistoryPage> => {
    const held = all.filter((v) => v.position <= reached);
    const positions = new Set(reference(held, request));
    return Promise.resolve({ views: held.filter((v) => positions.has(v.position)) });
  };

/**
 * The tail of the log after `checkpoint` up to `head`: every position an event, the readings of
 * `all` among them (the others, other types or readings the query does not select, give none).
 */
function tailOf(all: readonly ReadingView[], checkpoint: number, head: number): TailReadings {
  const byPosition = new Map(all.map((v) => [v.position, v]));
  const events = Array.from(
    { length: Math.max(0, head - checkpoint) },
    (_, i) => ({ position: checkpoint + 1 + i }) as RecordedEvent,
  );
  return tailReadings(events, (event) => byPosition.get(event.position));
}

/** A deterministic pseudo-random sequence (no flakiness, every run the same cases). */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

describe('pageWithTail: read model up to the checkpoint, the tail after it', () => {
  test('every page equals the page of a read model that had reached the head', async () => {
    const random = numbers(7);
    const next = (n: number) => Math.floor(random.next().value! * n);
    for (let round = 0; round < 2000; round++) {
      // Readings at scattered positions (other events between them).
      const all: ReadingView[] = [];
      let position = 0;
      for (let i = next(30); i > 0; i--) all.push(view((position += 1 + next(4))));
      const head = position + next(3);
      const checkpoint = next(head + 1);
      // The projections may have gone on between the checkpoint read and the query.
      const reached = checkpoint + next(head - checkpoint + 1);
      const tail = tailOf(all, checkpoint, head);
      const request: PageRequest = {
        direction: next(2) === 0 ? 'forwards' : 'backwards',
        cursor: next(3) === 0 ? undefined : next(head + 3),
        limit: 1 + next(8),
      };
      const page = await pageWithTail(readModelUpTo(all, reached), tail, checkpoint, request);
      expect({ request, checkpoint, positions: page.views.map((v) => v.position) }).toEqual({
        request,
        checkpoint,
        positions: reference(all, request),
      });
      expect(page.frontier).toBeUndefined();
    }
  });

  test('a read model page cut at the scan limit ends the page there (forwards)', async () => {
    const all = [1, 2, 3, 4, 5, 6].map((p) => view(p));
    const cut = (): Promise<HistoryPage> => Promise.resolve({ views: [all[0]], frontier: 3 });
    const page = await pageWithTail(cut, tailOf(all, 4, 6), 4, {
      direction: 'forwards',
      cursor: undefined,
      limit: 5,
    });
    expect(page).toEqual({ views: [all[0]], frontier: 3 });
  });

  test('backwards, the tail comes first and a cut read model part keeps its frontier', async () => {
    const all = [1, 2, 3, 4, 5, 6].map((p) => view(p));
    const asked: PageRequest[] = [];
    const cut = (request: PageRequest): Promise<HistoryPage> => {
      asked.push(request);
      return Promise.resolve({ views: [all[3]], frontier: 2 });
    };
    const page = await pageWithTail(cut, tailOf(all, 4, 6), 4, {
      direction: 'backwards',
      cursor: undefined,
      limit: 5,
    });
    expect(asked).toEqual([{ direction: 'backwards', cursor: 5, limit: 3 }]);
    expect(page).toEqual({ views: [all[3], all[4], all[5]], frontier: 2 });
  });
});

test('tailReadings looks at the events a page needs, from the end it starts', () => {
  const looked: number[] = [];
  const events = Array.from({ length: 100 }, (_, i) => ({ position: 101 + i }) as RecordedEvent);
  const tail = tailReadings(events, (event) => {
    looked.push(event.position);
    return event.position % 2 === 0 ? view(event.position) : undefined;
  });
  expect(tail.before(Number.MAX_SAFE_INTEGER, 3).map((v) => v.position)).toEqual([196, 198, 200]);
  expect(looked).toEqual([200, 199, 198, 197, 196]);
  looked.length = 0;
  expect(tail.after(150, 2).map((v) => v.position)).toEqual([152, 154]);
  expect(looked).toEqual([151, 152, 153, 154]);
  expect(tail.before(102, 5).map((v) => v.position)).toEqual([]);
  expect(tail.after(200, 5)).toEqual([]);
});

describe('selects: the read model walks’ choice, in memory', () => {
  const ownerOf: LabScopes = [{ lab: 'lab-a', audiences: ['owner', 'any'] }];
  test('lab, kinds and stored copies of the scopes', () => {
    expect(selects(ownerOf, {}, view(1))).toBe(true);
    expect(selects(ownerOf, {}, view(1, { lab: 'lab-b' }))).toBe(false);
    expect(selects(ownerOf, {}, view(1, { audience: 'shared' }))).toBe(false);
    const someKinds: LabScopes = [{ lab: 'lab-a', kinds: ['sound'], audiences: ['shared'] }];
    expect(selects(someKinds, {}, view(1, { audience: 'shared' }))).toBe(false);
    expect(selects(someKinds, {}, view(1, { audience: 'shared', kind: 'sound' }))).toBe(true);
    expect(selects({ everyLab: ['owner'] }, {}, view(1, { lab: 'z' }))).toBe(true);
    expect(selects({ everyLab: ['owner'] }, {}, view(1, { audience: 'shared' }))).toBe(false);
    expect(selects([], {}, view(1))).toBe(false);
  });

  test('the query: lab, lamppost, kind, and time as epoch milliseconds', () => {
    const v = view(1, { observedAt: '2026-07-01T12:00:00.500Z' });
    expect(selects(ownerOf, { lab: 'lab-b' }, v)).toBe(false);
    expect(selects(ownerOf, { lamppost: 'lp-2' }, v)).toBe(false);
    expect(selects(ownerOf, { kind: 'sound' }, v)).toBe(false);
    expect(selects(ownerOf, { from: new Date('2026-07-01T12:00:00.500Z') }, v)).toBe(true);
    expect(selects(ownerOf, { from: new Date('2026-07-01T12:00:00.501Z') }, v)).toBe(false);
    expect(selects(ownerOf, { to: new Date('2026-07-01T12:00:00.500Z') }, v)).toBe(false);
    expect(selects(ownerOf, { to: new Date('2026-07-01T12:00:00.501Z') }, v)).toBe(true);
    // Another spelling of the same instant is the same time.
    const offset = view(1, { observedAt: '2026-07-01T14:00:00.500+02:00' });
    expect(selects(ownerOf, { from: new Date('2026-07-01T12:00:00.500Z') }, offset)).toBe(true);
  });
});
