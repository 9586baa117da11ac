import { describe, expect, test } from '@jest/globals';
import { RecentEvents, type CommittedRow } from './recent-events.js';

const row = (position: number, type = 'Tick'): CommittedRow => ({
  position,
  streamId: 's',
  revision: position,
  id: `e-${position}`,
  type,
  data: JSON.stringify({ position }),
  metadata: null,
  recordedAt: 0,
});
const positions = (events: { position: number }[] | undefined) => events?.map((e) => e.position);

describe('RecentEvents: answers only a range it holds whole', () => {
  test('a range inside (from, to] is answered, up to `through`; anything else is left to the file', () => {
    const window = new RecentEvents(10, 5);
    window.add([row(6), row(7, 'Tock'), row(8)]);
    expect([window.from, window.to]).toEqual([5, 8]);
    expect(positions(window.read(5, 8, 100))).toEqual([6, 7, 8]);
    expect(positions(window.read(6, 7, 100))).toEqual([7]);
    expect(positions(window.read(8, 8, 100))).toEqual([]);
    expect(positions(window.read(5, 8, 100, new Set(['Tick'])))).toEqual([6, 8]);
    // A cursor older than the window, and a head beyond it (another thread's connection
    // committed it: these rows were never in this window), read the file.
    expect(window.read(4, 8, 100)).toBeUndefined();
    expect(window.read(8, 9, 100)).toBeUndefined();
    expect(window.read(5, 12, 100)).toBeUndefined();
  });

  test('an empty window (a store that never wrote) answers only its own head', () => {
    const window = new RecentEvents(4096, 40);
    expect(positions(window.read(40, 40, 100))).toEqual([]);
    expect(window.read(40, 41, 100)).toBeUndefined();
    expect(window.read(0, 40, 100)).toBeUndefined();
  });
});

describe('RecentEvents: an event is parsed only when its data is read', () => {
  test('reading positions and types parses nothing; the data is parsed once, shared and frozen', () => {
    const window = new RecentEvents(10, 0);
    window.add([row(1), row(2)]);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((text: string) => {
      parsed++;
      return parse(text) as unknown;
    }) as typeof JSON.parse;
    try {
      const events = window.read(0, 2, 100)!;
      expect(events.map((e) => [e.position, e.type, e.id])).toEqual([
        [1, 'Tick', 'e-1'],
        [2, 'Tick', 'e-2'],
      ]);
      expect(parsed).toBe(0);
      expect(events[0].data).toEqual({ position: 1 });
      expect(window.read(0, 1, 100)![0].data).toBe(events[0].data);
      expect(parsed).toBe(1);
      expect(Object.isFrozen(events[0])).toBe(true);
      expect({ ...events[1] }).toMatchObject({ position: 2, data: { position: 2 } });
    } finally {
      JSON.parse = parse;
    }
  });
});
