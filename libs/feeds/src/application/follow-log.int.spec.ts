import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { SubscriberTooSlowError } from './feed-errors.js';
import { followLog } from './follow-log.js';
import { LiveTail } from './live-tail.js';
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
});
