import { describe, expect, test } from '@jest/globals';
import {
  fromCurrentRevision,
  isSystemEvent,
  toEsdbExpected,
  toEsdbPosition,
  toPortPosition,
} from './eventstoredb-mapping.js';

describe('EventStoreDB mapping', () => {
  test('expected revisions', () => {
    expect(toEsdbExpected('any')).toBe('any');
    expect(toEsdbExpected('no_stream')).toBe('no_stream');
    expect(toEsdbExpected('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpected(41)).toBe(41n);
  });

  test('current revision: no stream is -1', () => {
    expect(fromCurrentRevision('no_stream')).toBe(-1);
    expect(fromCurrentRevision(7n)).toBe(7);
  });

  test('positions: the prepare position, round-tripped as commit = prepare', () => {
    expect(toPortPosition({ commit: 100n, prepare: 250n })).toBe(250);
    expect(toEsdbPosition(250)).toEqual({ commit: 250n, prepare: 250n });
    expect(toPortPosition(toEsdbPosition(2 ** 52))).toBe(2 ** 52);
  });

  test('the server’s own events are hidden', () => {
    const base = { streamId: 'lamp-1', type: 'ReadingRecorded' };
    expect(isSystemEvent(base as never)).toBe(false);
    expect(isSystemEvent({ ...base, type: '$metadata' } as never)).toBe(true);
    expect(isSystemEvent({ ...base, streamId: '$stats-127.0.0.1:2113' } as never)).toBe(true);
  });
});
