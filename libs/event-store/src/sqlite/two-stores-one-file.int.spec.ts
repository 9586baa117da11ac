import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { NewEvent } from '../port/event.js';
import { waitUntil } from '../../../../tools/test/wait-until.js';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store.js';

// Two stores on one file, as the hub and its projection worker have them (decision 0010): the
// writer appends, the other store never writes and learns of the commits by the broadcast. Its
// subscriptions must read every event from the file; its window of recent commits is empty and
// must not answer for a head another store committed.

const dir = mkdtempSync(join(tmpdir(), 'hub-two-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const events = (n: number, type: string): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type, data: { i } }));

/** Positions the subscription delivers until it reaches `last` or `signal` ends it. */
async function follow(
  store: SqliteEventStore,
  options: { after: number; eventTypes?: string[] },
  last: number,
  signal: AbortSignal,
): Promise<number[]> {
  const seen: number[] = [];
  for await (const event of store.subscribeToAll({ ...options, signal })) {
    seen.push(event.position);
    if (event.position === last) break;
  }
  return seen;
}

test("a subscription on the second store gets each of the writer's events once, in order, none skipped", async () => {
  const file = join(dir, 'events.sqlite');
  const writer = openSqliteEventStore({ file, groupCommitWindowMs: 1 });
  await writer.appendToStream('before', events(40, 'Old'));
  // Opened at head 40 with an empty window (from = to = 40). Its safety poll is far beyond the
  // test's time, so only the broadcast wakes it.
  const reader = openSqliteEventStore({
    file,
    subscriptionPollMs: 600_000,
    checkpointIntervalMs: 0,
  });
  const openedAt = await reader.headPosition();
  expect(openedAt).toBe(40);

  const singles = Array.from({ length: 30 }, (_, i) => 1 + (i % 4));
  // What the appends below will write; the last event (of 'tail') is a Tick.
  const lastAll = openedAt + singles.reduce((a, b) => a + b, 0) + 20 * 3 + 1500 + 2;
  // Bounded: a subscription that skipped its last event would otherwise wait for ever.
  const deadline = AbortSignal.timeout(20_000);
  const fromStart = follow(reader, { after: 0 }, lastAll, deadline);
  const fromOpen = follow(reader, { after: openedAt }, lastAll, deadline);
  const ticks = follow(reader, { after: openedAt, eventTypes: ['Tick'] }, lastAll, deadline);

  // Single commits, group commits of several appends, and one append longer than a page (1000).
  for (const [i, n] of singles.entries()) {
    await writer.appendToStream(`single-${i % 3}`, events(n, i % 2 ? 'Tick' : 'Tock'));
  }
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => writer.appendToStream(`burst-${i}`, events(3, 'Tick'))),
  );
  await writer.appendToStream('long', events(1500, 'Tock'));
  await writer.appendToStream('tail', events(2, 'Tick'));

  const all = await writer.readAll({ after: 0 });
  expect(all[all.length - 1].position).toBe(lastAll);
  const tickPositions = all.filter((e) => e.type === 'Tick').map((e) => e.position);

  try {
    expect(await fromStart).toEqual(all.map((e) => e.position));
    expect(await fromOpen).toEqual(all.filter((e) => e.position > openedAt).map((e) => e.position));
    expect(await ticks).toEqual(tickPositions);
    // Streams and types the writer added after the reader opened: the reader looks their ids up
    // in the file (schema version 3 stores ids, decision 0011) and reads the same events.
    expect(await reader.readAll({ after: 0 })).toEqual(all);
    expect(await reader.readStream('tail')).toEqual(await writer.readStream('tail'));
    // The last broadcast may still be on its way (the subscriptions read the file): the reader
    // learns the writer's head once it arrives.
    await waitUntil(async () => (await reader.headPosition()) === lastAll, {
      what: "the reader's head at the writer's",
    });
  } finally {
    await reader.close();
    await writer.close();
  }
}, 40_000);

test("a store with headFromFile reports the writer's commit before its announcement arrives", async () => {
  const file = join(dir, 'head-from-file.sqlite');
  const writer = openSqliteEventStore({ file, groupCommitWindowMs: 0 });
  await writer.appendToStream('first', events(1, 'Old'));
  const fromFile = openSqliteEventStore({ file, checkpointIntervalMs: 0, headFromFile: true });
  const announced = openSqliteEventStore({ file, checkpointIntervalMs: 0 });
  const { position } = await writer.appendToStream('second', events(3, 'New'));
  // No macrotask has run since the commit: the broadcast of its head is still on its way.
  const [seen, heard] = await Promise.all([fromFile.headPosition(), announced.headPosition()]);
  expect(seen).toBe(position);
  expect(heard).toBeLessThan(position);
  // A subscription from the head it was told reads the events it did not hear of yet.
  const got: number[] = [];
  for await (const event of fromFile.subscribeToAll({
    after: 1,
    signal: AbortSignal.timeout(10_000),
  })) {
    got.push(event.position);
    if (event.position === position) break;
  }
  expect(got).toEqual([2, 3, 4]);
  await Promise.all([writer.close(), fromFile.close(), announced.close()]);
});
