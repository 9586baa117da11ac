import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import type { SubscribeToAllOptions } from '../port/read.js';
import { openSqliteEventStore, type SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { loadFromLog } from './load-from-log.js';
import { LogFollower } from './log-follower.js';
import { waitUntil } from '../../../../tools/test/wait-until.js';

let dir: string;
let store: SqliteEventStore;
let follower: LogFollower | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-log-follower-'));
  store = openSqliteEventStore({ file: join(dir, 'events.sqlite'), groupCommitWindowMs: 1 });
});

afterEach(async () => {
  await follower?.stop();
  follower = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Appends `n` events of `type` in appends of `per` events; returns the last position. */
async function append(n: number, type = 'T', per = 50): Promise<number> {
  let last = 0;
  for (let i = 0; i < n; i += per) {
    const events = Array.from({ length: Math.min(per, n - i) }, (_, k) => ({
      id: randomUUID(),
      type,
      data: { i: i + k },
    }));
    last = (await store.appendToStream(`s-${randomUUID()}`, events)).position;
  }
  return last;
}

/** Records what a consumer is handed, batch by batch. */
function recorder() {
  const batches: number[][] = [];
  return {
    batches,
    positions: () => batches.flat(),
    handle: (events: readonly RecordedEvent[]) => {
      batches.push(events.map((e) => e.position));
    },
  };
}

const positionsOf = async (types?: string[], after = 0): Promise<number[]> =>
  (await store.readAll({ after, eventTypes: types })).map((e) => e.position);

const increasing = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || x > xs[i - 1]);

const logs: { level: string; message: string; context?: Record<string, unknown> }[] = [];
const logger = {
  info: () => undefined,
  warn: (message: string, context?: Record<string, unknown>) =>
    logs.push({ level: 'warn', message, context }),
  error: (message: string, context?: Record<string, unknown>) =>
    logs.push({ level: 'error', message, context }),
};

describe('LogFollower over a real SQLite log', () => {
  test('catch-up then live, each consumer from its own position and types: every event once, in order, in batches', async () => {
    await append(1200, 'T');
    const middle = await append(300, 'U');
    await append(500, 'T');
    follower = new LogFollower({ store });
    const all = recorder();
    const onlyT = recorder();
    const fromMiddle = recorder();
    follower.register({ name: 'all', after: 0, handle: all.handle });
    follower.register({ name: 'T', after: 0, eventTypes: ['T'], handle: onlyT.handle });
    follower.register({
      name: 'mid',
      after: middle,
      eventTypes: ['T', 'U'],
      handle: fromMiddle.handle,
    });
    follower.start();
    // Live appends while the follower is still catching up.
    const live = Promise.all([append(400, 'T', 7), append(100, 'U', 3)]);
    const end = Math.max(...(await live));
    expect(await follower.waitForPosition(end, 10_000)).toBe(true);

    expect(all.positions()).toEqual(await positionsOf());
    expect(onlyT.positions()).toEqual(await positionsOf(['T']));
    expect(fromMiddle.positions()).toEqual(await positionsOf(['T', 'U'], middle));
    // Batches, not one call per event (the catch-up reads pages of 1000).
    expect(all.batches.length).toBeLessThan(all.positions().length / 5);
  });

  test('an async consumer holds back only itself and gets its batches in order', async () => {
    follower = new LogFollower({ store });
    const fast = recorder();
    const slowSeen: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    follower.register({ name: 'fast', after: 0, handle: fast.handle });
    const slow = follower.register({
      name: 'slow',
      after: 0,
      handle: async (events) => {
        await gate;
        slowSeen.push(...events.map((e) => e.position));
      },
    });
    follower.start();
    const first = await append(100);
    await waitUntil(() => fast.positions().length === 100, { what: 'the fast consumer' });
    const end = await append(100);
    await waitUntil(() => fast.positions().length === 200, { what: 'the fast consumer, live' });
    expect(slowSeen).toEqual([]);
    expect(slow.position).toBe(0);
    release();
    expect(await slow.waitForPosition(end, 5000)).toBe(true);
    expect(slowSeen).toEqual(await positionsOf());
    expect(first).toBeLessThan(end);
  });

  test('a consumer that throws is logged and fed again from its position; the others go on', async () => {
    logs.length = 0;
    follower = new LogFollower({ store, logger, retryDelayMs: 50 });
    const steady = recorder();
    const applied: number[] = [];
    let failures = 0;
    follower.register({ name: 'steady', after: 0, handle: steady.handle });
    follower.register({
      name: 'flaky',
      after: 0,
      handle: (events) => {
        for (const e of events) {
          if (e.position <= (applied.at(-1) ?? 0)) continue; // tolerates a batch fed again
          if (e.position === 150 && failures < 2) {
            failures += 1;
            throw new Error('flaky consumer failed');
          }
          applied.push(e.position);
        }
      },
    });
    follower.start();
    const end = await append(300);
    await waitUntil(() => applied.at(-1) === end, { what: 'the flaky consumer to catch up' });
    expect(failures).toBe(2);
    expect(applied).toEqual(await positionsOf());
    expect(steady.positions()).toEqual(await positionsOf());
    const failed = logs.filter((l) => l.level === 'error');
    expect(failed).toHaveLength(2);
    expect(failed[0].context).toMatchObject({ consumer: 'flaky', error: 'flaky consumer failed' });
  });

  test('a rejected async batch is fed again too, and later batches do not overtake it', async () => {
    follower = new LogFollower({ store, logger, retryDelayMs: 20 });
    const seen: number[][] = [];
    let failOnce = true;
    const sub = follower.register({
      name: 'async-flaky',
      after: 0,
      handle: async (events) => {
        await new Promise((r) => setTimeout(r, 5));
        if (failOnce) {
          failOnce = false;
          throw new Error('rejected');
        }
        seen.push(events.map((e) => e.position));
      },
    });
    follower.start();
    const end = await append(200, 'T', 10);
    expect(await sub.waitForPosition(end, 5000)).toBe(true);
    expect(seen.flat()).toEqual(await positionsOf());
  });

  test('after a store failure mid-stream the follower subscribes again: no gap, no duplicate', async () => {
    logs.length = 0;
    await append(500);
    let broken = true;
    // The real store, whose subscription breaks once after 120 events (a lost connection).
    const failing: EventStore = Object.create(store) as EventStore;
    failing.subscribeToAll = async function* (options?: SubscribeToAllOptions) {
      let n = 0;
      for await (const event of store.subscribeToAll(options)) {
        if (broken && ++n > 120) {
          broken = false;
          throw new Error('connection lost');
        }
        yield event;
      }
    };
    follower = new LogFollower({ store: failing, logger, retryDelayMs: 20 });
    const all = recorder();
    follower.register({ name: 'all', after: 0, handle: all.handle });
    follower.start();
    const end = await append(100);
    expect(await follower.waitForPosition(end, 5000)).toBe(true);
    expect(all.positions()).toEqual(await positionsOf());
    expect(logs.some((l) => l.level === 'warn' && l.context?.error === 'connection lost')).toBe(
      true,
    );
  });

  test('a consumer registered behind the front is caught up without repeating events to the others', async () => {
    follower = new LogFollower({ store });
    const early = recorder();
    follower.register({ name: 'early', after: 0, handle: early.handle });
    follower.start();
    const first = await append(300);
    expect(await follower.waitForPosition(first, 5000)).toBe(true);
    const late = recorder();
    const lateSub = follower.register({
      name: 'late',
      after: 0,
      eventTypes: ['T'],
      handle: late.handle,
    });
    const end = await append(50);
    expect(await lateSub.waitForPosition(end, 5000)).toBe(true);
    expect(late.positions()).toEqual(await positionsOf());
    expect(early.positions()).toEqual(await positionsOf());
  });

  test('stop: nothing more is handed over, waits of a consumer that left resolve false', async () => {
    follower = new LogFollower({ store });
    const stays = recorder();
    follower.register({ name: 'stays', after: 0, handle: stays.handle });
    const leaves = follower.register({ name: 'leaves', after: 0, handle: () => undefined });
    follower.start();
    const first = await append(20);
    expect(await follower.waitForPosition(first, 5000)).toBe(true);
    const pending = leaves.waitForPosition(first + 1000, 60_000);
    leaves.close();
    expect(await pending).toBe(false);
    await follower.stop();
    expect(follower.isRunning).toBe(false);
    await append(20);
    await new Promise((r) => setTimeout(r, 100));
    expect(stays.positions()).toEqual((await positionsOf()).slice(0, 20));
    expect(increasing(stays.positions())).toBe(true);
  });
});

describe('loadFromLog', () => {
  test('ends at the head read before the last page, not at the last event of its types', async () => {
    await append(10, 'Rule');
    const lastRule = (await store.readAll({ eventTypes: ['Rule'] })).at(-1)!.position;
    const head = await append(3000, 'Reading');
    const seen: number[] = [];
    const upTo = await loadFromLog(store, { after: 0, eventTypes: ['Rule'], pageSize: 4 }, (e) =>
      seen.push(e.position),
    );
    expect(seen).toEqual(await positionsOf(['Rule']));
    expect(lastRule).toBeLessThan(head);
    expect(upTo).toBe(head);
  });
});
