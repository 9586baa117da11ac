import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-recent-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every event after `after` as `subscribeToAll` delivers it, up to the head as it is now. */
async function subscribed(store: SqliteEventStore, after: number): Promise<RecordedEvent[]> {
  const head = await store.headPosition();
  const out: RecordedEvent[] = [];
  if (head <= after) return out;
  const controller = new AbortController();
  for await (const event of store.subscribeToAll({ after, signal: controller.signal })) {
    out.push(event);
    if (event.position >= head) controller.abort();
  }
  return out;
}

const varied = (i: number): NewEvent[] => [
  {
    id: randomUUID(),
    type: 'ReadingRecorded',
    data: { lab: 'scheveningen', seq: i, value: i / 3, nested: { list: [1, 'two', null] } },
    metadata: { actor: `device-${i}`, correlation: { id: i } },
  },
  { id: randomUUID(), type: 'Plain', data: { text: 'ünïcødé \u2028 "quoted"', n: -0.5e-7 } },
  { id: randomUUID(), type: 'Nothing', data: null, metadata: {} },
];

describe('SQLite: events served from the window of recent commits', () => {
  test('equal the same events read from disk (data, metadata, revision, position, recordedAt)', async () => {
    const store = openSqliteEventStore({ file: join(dir, 'equal.sqlite'), groupCommitWindowMs: 1 });
    await store.appendToStream('old', varied(0));
    const before = await store.headPosition();
    let now = 0;
    const reused = { lab: 'scheveningen', seq: 0 };
    for (let i = 1; i <= 30; i++) {
      now = i;
      await Promise.all([
        store.appendToStream(`s-${i % 4}`, varied(i)),
        // The caller reuses and mutates its data object after the append.
        store.appendToStream('reused', [{ id: randomUUID(), type: 'Reused', data: reused }]),
      ]);
      reused.seq = -1;
    }
    const fromMemory = await subscribed(store, before);
    const fromDisk = await store.readAll({ after: before });
    expect(fromMemory).toHaveLength(30 * 4);
    expect(fromMemory).toStrictEqual(fromDisk);
    expect(fromMemory.filter((e) => e.type === 'Reused').map((e) => e.data)).toEqual(
      Array.from({ length: 30 }, (_, i) => ({ lab: 'scheveningen', seq: i === 0 ? 0 : -1 })),
    );
    // One parsed event shared by every reader (so it is frozen); the disk gives fresh copies.
    const again = await subscribed(store, before);
    expect(again[0]).toBe(fromMemory[0]);
    expect(Object.isFrozen(again[0])).toBe(true);
    expect((await store.readAll({ after: before }))[0]).not.toBe(fromDisk[0]);
    expect(now).toBe(30);
    await store.close();
  });

  test('a cursor older than the window reads the file: still every event once, in order', async () => {
    const store = openSqliteEventStore({ file: join(dir, 'small.sqlite'), recentEvents: 10 });
    for (let i = 0; i < 20; i++) await store.appendToStream(`s-${i}`, varied(i));
    for (const after of [0, 45, 50, 51, 55, 59]) {
      expect(await subscribed(store, after)).toStrictEqual(await store.readAll({ after }));
    }
    await store.close();
  });

  test('after retention removed events and after an import, memory still equals disk', async () => {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const store = openSqliteEventStore({
      file: join(dir, 'retention.sqlite'),
      clock: () => now,
    });
    await store.setStreamMetadata('short', { maxAge: 1 });
    const start = await store.headPosition();
    await store.appendToStream('short', varied(1));
    await store.appendToStream('long', varied(2));
    expect(await subscribed(store, start)).toHaveLength(6);
    now += 5_000;
    expect((await store.runRetention()).removedEvents).toBe(3);
    const afterRetention = await subscribed(store, start);
    expect(afterRetention.some((e) => e.streamId === 'short')).toBe(false);
    expect(afterRetention).toStrictEqual(await store.readAll({ after: start }));

    const head = await store.headPosition();
    const imported: RecordedEvent[] = [
      {
        id: randomUUID(),
        streamId: 'imported',
        type: 'Imported',
        revision: 0,
        position: head + 10,
        data: { from: 'another log' },
        metadata: { node: 'b' },
        recordedAt: '2024-01-01T00:00:00.000Z',
      },
    ];
    await store.importRecorded(imported);
    await store.appendToStream('long', varied(3));
    const afterImport = await subscribed(store, head);
    expect(afterImport[0]).toStrictEqual(imported[0]);
    expect(afterImport).toStrictEqual(await store.readAll({ after: head }));
    expect(await subscribed(store, start)).toStrictEqual(await store.readAll({ after: start }));
    await store.close();
  });

  test('a reopened store starts with an empty window at its head and reads older cursors from disk', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = openSqliteEventStore({ file });
    for (let i = 0; i < 5; i++) await first.appendToStream(`s-${i}`, varied(i));
    const written = await first.readAll();
    await first.close();
    const again = openSqliteEventStore({ file });
    expect(await subscribed(again, 0)).toStrictEqual(written);
    await again.appendToStream('new', varied(9));
    expect(await subscribed(again, 0)).toStrictEqual(await again.readAll());
    await again.close();
  });
});
