import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { AppendResult } from './port/append.js';
import type { NewEvent, RecordedEvent } from './port/event.js';
import type { EventStore } from './port/event-store.port.js';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from './port/errors.js';

/**
 * The one behaviour every adapter of the port must show. Each test works in its own streams
 * (random names) and reads `$all` after the head it saw first, so the suite can run against a
 * shared server that already holds other events.
 */
export function runEventStoreContract(name: string, factory: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
    });

    const stream = (label: string): string => `contract-${label}-${randomUUID().slice(0, 8)}`;
    const ev = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({
      id: randomUUID(),
      type,
      data,
    });
    const evs = (n: number, type = 'Happened'): NewEvent[] =>
      Array.from({ length: n }, (_, i) => ev(type, { i }));
    const ours = (events: RecordedEvent[], streams: string[]): RecordedEvent[] =>
      events.filter((e) => streams.includes(e.streamId));

    describe('ordering', () => {
      test('revisions are 0-based per stream and positions strictly increase across streams', async () => {
        const [a, b] = [stream('a'), stream('b')];
        const start = await store.headPosition();
        const r1 = await store.appendToStream(a, evs(2));
        const r2 = await store.appendToStream(b, evs(1));
        const r3 = await store.appendToStream(a, evs(1));
        expect([r1.nextExpectedRevision, r2.nextExpectedRevision, r3.nextExpectedRevision]).toEqual(
          [1, 0, 2],
        );
        expect(r1.position).toBeLessThan(r2.position);
        expect(r2.position).toBeLessThan(r3.position);
        const all = ours(await store.readAll({ after: start }), [a, b]);
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        for (let i = 1; i < all.length; i++)
          expect(all[i].position).toBeGreaterThan(all[i - 1].position);
        expect(all[3].position).toBe(r3.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(r3.position);
      });

      test('an event reads back as it was written', async () => {
        const s = stream('roundtrip');
        const event: NewEvent = {
          id: randomUUID(),
          type: 'ReadingRecorded',
          data: { lux: 12.5, tags: ['a', 'b'], nested: { ok: true } },
          metadata: { correlationId: 'c-1' },
        };
        await store.appendToStream(s, [event]);
        const [read] = await store.readStream(s);
        expect(read).toMatchObject({
          id: event.id,
          streamId: s,
          type: 'ReadingRecorded',
          revision: 0,
          data: event.data,
          metadata: { correlationId: 'c-1' },
        });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });

      test('concurrent appends to one stream get distinct, gap-free revisions', async () => {
        const s = stream('concurrent');
        await Promise.all(Array.from({ length: 20 }, () => store.appendToStream(s, evs(1))));
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      });
    });

    describe('expected revision', () => {
      test('no_stream succeeds on a new stream and fails once it exists', async () => {
        const s = stream('nostream');
        await store.appendToStream(s, evs(1), { expectedRevision: 'no_stream' });
        const error = await store
          .appendToStream(s, evs(1), { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: s, actual: 0 });
      });

      test('stream_exists fails on a missing stream with actual -1', async () => {
        const s = stream('exists');
        await expect(
          store.appendToStream(s, evs(1), { expectedRevision: 'stream_exists' }),
        ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: -1 });
        await store.appendToStream(s, evs(1));
        await expect(
          store.appendToStream(s, evs(1), { expectedRevision: 'stream_exists' }),
        ).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      test('an exact revision succeeds when current and fails when stale, writing nothing', async () => {
        const s = stream('exact');
        const first = await store.appendToStream(s, evs(2), { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(s, evs(1), {
          expectedRevision: first.nextExpectedRevision,
        });
        expect(second.nextExpectedRevision).toBe(2);
        await expect(
          store.appendToStream(s, evs(3), { expectedRevision: 1 }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      test('two writers racing on one revision: exactly one wins', async () => {
        const s = stream('race');
        await store.appendToStream(s, evs(1));
        const results = await Promise.allSettled([
          store.appendToStream(s, evs(1), { expectedRevision: 0 }),
          store.appendToStream(s, evs(1), { expectedRevision: 0 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe('idempotency', () => {
      test('a retried append with the same ids reports success and writes nothing', async () => {
        const s = stream('idem');
        const batch = evs(3);
        const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        expect({ ...retry, alreadyStored: undefined }).toEqual(first);
        const retryAny = await store.appendToStream(s, batch);
        expect(retryAny.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect((await store.readStream(s)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });

      test('an adapter that marks retries marks a retry, and only a retry', async () => {
        const s = stream('marked');
        const batch = evs(2);
        const first = await store.appendToStream(s, batch);
        const retry = await store.appendToStream(s, batch);
        const next = await store.appendToStream(s, evs(1));
        expect(first.alreadyStored).toBeUndefined();
        expect(next.alreadyStored).toBeUndefined();
        expect(retry.alreadyStored).toBe(store.marksRetries ? true : undefined);
      });

      test('the same append sent twice at once is stored once', async () => {
        const s = stream('idem-concurrent');
        await store.appendToStream(s, evs(1));
        const batch = evs(2);
        const results = await Promise.all([
          store.appendToStream(s, batch),
          store.appendToStream(s, batch),
        ]);
        const answer = (r: AppendResult) => [r.nextExpectedRevision, r.position];
        expect(answer(results[0])).toEqual(answer(results[1]));
        expect(results.filter((r) => r.alreadyStored)).toHaveLength(store.marksRetries ? 1 : 0);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      test('findEvent returns the stored event by id, undefined for an unknown id or stream', async () => {
        const s = stream('find');
        const [first, second] = [ev('Happened', { n: 1 }), ev('Happened', { n: 2 })];
        await store.appendToStream(s, [first, second]);
        const found = await store.findEvent(s, second.id);
        expect(found).toMatchObject({ id: second.id, streamId: s, revision: 1, data: { n: 2 } });
        expect(await store.findEvent(s, randomUUID())).toBeUndefined();
        expect(await store.findEvent(stream('find-missing'), first.id)).toBeUndefined();
      });

      test('invalid appends are refused before reaching the log', async () => {
        const s = stream('invalid');
        await expect(store.appendToStream(s, [])).rejects.toBeInstanceOf(InvalidAppendError);
        const e = ev();
        await expect(store.appendToStream(s, [e, e])).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('reading a stream', () => {
      let s: string;
      beforeAll(async () => {
        s = stream('read');
        await store.appendToStream(s, evs(10));
      });

      test('forwards from a revision with a max count', async () => {
        const read = await store.readStream(s, { fromRevision: 3, maxCount: 4 });
        expect(read.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
      });

      test('backwards from the end and from a revision', async () => {
        const fromEnd = await store.readStream(s, { direction: 'backwards', maxCount: 3 });
        expect(fromEnd.map((e) => e.revision)).toEqual([9, 8, 7]);
        const fromFive = await store.readStream(s, { direction: 'backwards', fromRevision: 5 });
        expect(fromFive.map((e) => e.revision)).toEqual([5, 4, 3, 2, 1, 0]);
      });

      test('a missing stream reads as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });
    });

    describe('reading $all', () => {
      let s: string;
      let events: RecordedEvent[];
      let before: number;
      beforeAll(async () => {
        s = stream('all');
        before = await store.headPosition();
        await store.appendToStream(s, evs(3, 'Even'));
        await store.appendToStream(s, evs(3, 'Odd'));
        events = ours(await store.readAll({ after: before }), [s]);
      });

      test('the cursor is exclusive, forwards and backwards', async () => {
        expect(events).toHaveLength(6);
        const afterSecond = ours(await store.readAll({ after: events[1].position, maxCount: 2 }), [
          s,
        ]);
        expect(afterSecond.map((e) => e.revision)).toEqual([2, 3]);
        const beforeFifth = ours(
          await store.readAll({ direction: 'backwards', after: events[4].position, maxCount: 2 }),
          [s],
        );
        expect(beforeFifth.map((e) => e.revision)).toEqual([3, 2]);
      });

      test('filters by event type while keeping global positions', async () => {
        const odd = ours(await store.readAll({ after: before, eventTypes: ['Odd'] }), [s]);
        expect(odd.map((e) => e.position)).toEqual(events.slice(3).map((e) => e.position));
      });

      test('resumes inside a multi-event append', async () => {
        const m = stream('multi');
        const start = await store.headPosition();
        await store.appendToStream(m, evs(3));
        const [first] = ours(await store.readAll({ after: start }), [m]);
        const rest = ours(await store.readAll({ after: first.position }), [m]);
        expect(rest.map((e) => e.revision)).toEqual([1, 2]);
        const sub = collect(store, first.position, [m], 2);
        expect((await sub).map((e) => e.revision)).toEqual([1, 2]);
      });
    });

    describe('subscribing to $all', () => {
      test('catches up, then goes live, with no gap and no duplicate while appends continue', async () => {
        const streams = [stream('sub1'), stream('sub2'), stream('sub3')];
        const start = await store.headPosition();
        for (const s of streams) await store.appendToStream(s, evs(5));
        const historical = ours(await store.readAll({ after: start }), streams);
        const cursor = historical[4].position; // subscribe from the middle of the history
        const expectedHistorical = historical.filter((e) => e.position > cursor).map((e) => e.id);

        const liveIds: string[] = [];
        const writers = streams.map(async (s) => {
          for (let i = 0; i < 15; i++) {
            const batch = evs(1 + (i % 3));
            liveIds.push(...batch.map((e) => e.id));
            await store.appendToStream(s, batch);
          }
        });
        const total = expectedHistorical.length + 3 * 30;
        const received = collect(store, cursor, streams, total);
        await Promise.all(writers);
        const got = await received;

        const ids = got.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set([...expectedHistorical, ...liveIds]));
        for (let i = 1; i < got.length; i++)
          expect(got[i].position).toBeGreaterThan(got[i - 1].position);
        expect(got[0].position).toBeGreaterThan(cursor);
      });

      test('delivers only the requested event types', async () => {
        const s = stream('subtypes');
        const start = await store.headPosition();
        await store.appendToStream(s, [ev('Keep'), ev('Drop'), ev('Keep')]);
        const controller = new AbortController();
        const got: RecordedEvent[] = [];
        for await (const e of store.subscribeToAll({
          after: start,
          eventTypes: ['Keep'],
          signal: controller.signal,
        })) {
          if (e.streamId === s) got.push(e);
          if (got.length === 2) break;
        }
        expect(got.map((e) => e.revision)).toEqual([0, 2]);
      });

      test('ends when its signal aborts, even while waiting for new events', async () => {
        const controller = new AbortController();
        const head = await store.headPosition();
        const done = (async () => {
          let n = 0;
          for await (const e of store.subscribeToAll({ after: head, signal: controller.signal })) {
            if (e) n++;
          }
          return n >= 0 ? 'ended' : 'impossible';
        })();
        setTimeout(() => controller.abort(), 100);
        const timeout = new Promise((resolve) => setTimeout(() => resolve('still running'), 3000));
        await expect(Promise.race([done, timeout])).resolves.toBe('ended');
      });
    });

    describe('retention metadata', () => {
      test('metadata round-trips', async () => {
        const s = stream('meta');
        await store.setStreamMetadata(s, { maxAge: 3600, maxCount: 5 });
        expect(await store.getStreamMetadata(s)).toEqual({ maxAge: 3600, maxCount: 5 });
        expect(await store.getStreamMetadata(stream('nometa'))).toEqual({});
      });

      test('maxCount hides all but the newest events; revisions go on', async () => {
        const s = stream('maxcount');
        await store.setStreamMetadata(s, { maxCount: 2 });
        await store.appendToStream(s, evs(5));
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([3, 4]);
        const next = await store.appendToStream(s, evs(1), { expectedRevision: 4 });
        expect(next.nextExpectedRevision).toBe(5);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([4, 5]);
      });

      test('maxAge hides expired events; the stream keeps its revision', async () => {
        const s = stream('maxage');
        await store.setStreamMetadata(s, { maxAge: 1 });
        await store.appendToStream(s, evs(2));
        expect(await store.readStream(s)).toHaveLength(2);
        await new Promise((resolve) => setTimeout(resolve, 2100));
        expect(await store.readStream(s)).toEqual([]);
        await expect(
          store.appendToStream(s, evs(1), { expectedRevision: 1 }),
        ).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
      });
    });

    test('accepts writes (readiness probe)', async () => {
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });

    test('a partial retry (some ids stored, some new) is refused', async () => {
      const s = stream('partial');
      const [a, b] = evs(2);
      await store.appendToStream(s, [a]);
      const error = await store.appendToStream(s, [a, b]).catch((e: unknown) => e);
      // EventStoreDB answers a partial retry with a concurrency error; the embedded store with
      // an idempotency conflict. Both refuse, and neither writes `b`.
      expect(
        error instanceof IdempotencyConflictError || error instanceof WrongExpectedRevisionError,
      ).toBe(true);
      expect((await store.readStream(s)).map((e) => e.id)).toEqual([a.id]);
    });
  });
}

/** Reads the subscription until `count` events of `streams` arrived (or 10 s passed). */
async function collect(
  store: EventStore,
  after: number,
  streams: string[],
  count: number,
): Promise<RecordedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const got: RecordedEvent[] = [];
  try {
    for await (const e of store.subscribeToAll({ after, signal: controller.signal })) {
      if (streams.includes(e.streamId)) got.push(e);
      if (got.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return got;
}
