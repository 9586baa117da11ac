import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { SubscriberTooSlowError } from './feed-errors.js';
import { followLog } from './follow-log.js';
import { LiveTail } from './live-tail.js';
import { PushSlot } from './push.js';
import { waitUntil } from '../../../../tools/test/wait-until.js';

const append = (store: EventStore, n: number, type = 'T') =>
  store.appendToStream(
    `s-${randomUUID()}`,
    Array.from({ length: n }, () => ({ id: randomUUID(), type, data: {} })),
  );

describe('followLog over a real SQLite log and a small live tail', () => {
  let dir: string;
  let store: EventStore;
  let follower: LogFollower;
  let tail: LiveTail;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'follow-log-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    await append(store, 3000);
    follower = new LogFollower({ store });
    tail = new LiveTail(store, follower, ['T'], 200);
    await tail.start();
    follower.start();
  });
  afterAll(async () => {
    await tail.stop();
    await follower.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('catch-up, switch to the tail and live: every position once, in order, while appends go on', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        await append(store, 50);
        await append(store, 5, 'Other'); // types the follower does not want: positions skip
      }
    })();
    const expected = 3000 + 40 * 50;
    for await (const position of followLog({
      store,
      tail,
      after: 0,
      eventTypes: ['T'],
      handle: (e) => e.position,
      signal: controller.signal,
      maxBacklog: 100,
      pageSize: 256,
    })) {
      seen.push(position);
      if (seen.length === expected) break;
    }
    await writer;
    expect(seen.length).toBe(expected);
    expect(seen.every((p, i) => i === 0 || p > seen[i - 1])).toBe(true);
    const all = (await store.readAll({ eventTypes: ['T'], maxCount: 100000 })).map(
      (e) => e.position,
    );
    expect(seen).toEqual(all);
  });

  test('between(after, upTo) is the ring’s part in (after, upTo], whatever the bounds', async () => {
    await append(store, 30);
    await append(store, 3, 'Other');
    const head = await store.headPosition();
    expect(await tail.reached(head, 5000)).toBe(true);
    const ring = tail.after(0, Number.MAX_SAFE_INTEGER);
    expect(ring.length).toBeGreaterThan(20);
    const positions = ring.map((e) => e.position);
    const bounds = [
      0,
      tail.from,
      positions[3],
      positions[3] + 1,
      positions.at(-2)!,
      head,
      head + 9,
    ];
    for (const after of bounds)
      for (const upTo of bounds) {
        const want = positions.filter((p) => p > after && p <= upTo);
        expect(tail.between(after, upTo).map((e) => e.position)).toEqual(want);
      }
  });

  test('a live follower that falls behind its backlog is closed with SubscriberTooSlowError', async () => {
    const controller = new AbortController();
    const head = await store.headPosition();
    const iterator = followLog({
      store,
      tail,
      after: head,
      eventTypes: ['T'],
      handle: (e) => e.position,
      signal: controller.signal,
      maxBacklog: 20,
    });
    const first = iterator.next(); // goes live, waits
    await append(store, 1);
    await first;
    await append(store, 100); // the follower does not pull meanwhile
    const end = await store.headPosition();
    await waitUntil(() => tail.to >= end, { what: 'the live tail to hold the 100 new events' });
    await expect(
      (async () => {
        for (;;) {
          const step = await iterator.next();
          if (step.done) return;
        }
      })(),
    ).rejects.toBeInstanceOf(SubscriberTooSlowError);
  });

  describe('pushed: once live, values go to the sink instead of being yielded', () => {
    /** Pulls the stream to its end; what it yielded, and how it ended. */
    const drain = async (iterator: AsyncGenerator<number>) => {
      const pulled: number[] = [];
      try {
        for (;;) {
          const step = await iterator.next();
          if (step.done) return { pulled, error: undefined };
          pulled.push(step.value);
        }
      } catch (error) {
        return { pulled, error };
      }
    };

    test('catch-up pulled, the rest pushed: every position once, in order, while appends go on', async () => {
      const controller = new AbortController();
      const start = await store.headPosition();
      await append(store, 300); // more than the ring: the first pages come from the store
      const pushed: number[] = [];
      const push = new PushSlot<number>();
      push.sink = (position) => {
        pushed.push(position);
        return 0;
      };
      const run = drain(
        followLog({
          store,
          tail,
          after: start,
          eventTypes: ['T'],
          handle: (e) => e.position,
          signal: controller.signal,
          maxBacklog: 100,
          pageSize: 64,
          push,
        }),
      );
      for (let i = 0; i < 20; i++) {
        await append(store, 25);
        await append(store, 3, 'Other');
      }
      const end = await store.headPosition();
      const expected = (await store.readAll({ after: start, eventTypes: ['T'], maxCount: 10000 }))
        .map((e) => e.position)
        .filter((p) => p <= end);
      await waitUntil(() => pushed.at(-1) === expected.at(-1), { what: 'the last append pushed' });
      controller.abort(new Error('done'));
      const { pulled, error } = await run;
      expect((error as Error).message).toBe('done');
      expect(pushed.length).toBeGreaterThan(0);
      expect([...pulled, ...pushed]).toEqual(expected);
    });

    test('a sink whose backlog goes over maxBacklog ends the stream with SubscriberTooSlowError', async () => {
      const controller = new AbortController();
      let backlog = 0;
      const push = new PushSlot<number>();
      push.sink = () => ++backlog; // a subscriber that writes nothing out
      const run = drain(
        followLog({
          store,
          tail,
          after: await store.headPosition(),
          eventTypes: ['T'],
          handle: (e) => e.position,
          signal: controller.signal,
          maxBacklog: 20,
          push,
        }),
      );
      await append(store, 5);
      await waitUntil(() => backlog === 5, { what: 'five values pushed' });
      await append(store, 30);
      const { pulled, error } = await run;
      expect(error).toBeInstanceOf(SubscriberTooSlowError);
      expect(pulled).toEqual([]);
      expect(backlog).toBe(21); // the one over the bound is the last it was given
    });

    test('what handle throws ends a pushed stream with that error, and the tail stops pushing to it', async () => {
      const controller = new AbortController();
      const pushed: number[] = [];
      const push = new PushSlot<number>();
      push.sink = (p) => pushed.push(p) * 0;
      const head = await store.headPosition();
      const run = drain(
        followLog({
          store,
          tail,
          after: head,
          eventTypes: ['T'],
          handle: (e) => {
            if (e.position > head + 2) throw new Error(`refused at ${e.position}`);
            return e.position;
          },
          signal: controller.signal,
          maxBacklog: 100,
          push,
        }),
      );
      await append(store, 2);
      await waitUntil(() => pushed.length === 2, { what: 'two values pushed' });
      await append(store, 3);
      const { error } = await run;
      expect((error as Error).message).toBe(`refused at ${head + 3}`);
      await append(store, 3);
      expect(pushed).toEqual([head + 1, head + 2]);
    });
  });
});
