import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import type { NewEvent } from '../port/event.js';
import { openSqliteEventStore } from './sqlite-event-store.js';
import { RETENTION_EVENT_TYPE, RETENTION_STREAM } from './sqlite-retention.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const evs = (n: number, size = 50): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    type: 'Happened',
    data: { i, pad: 'p'.repeat(size) },
  }));
const physicalCount = (file: string, streamId: string): number => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM events WHERE stream_id = ?').get(streamId) as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
};

describe('SQLite retention job', () => {
  test('physically deletes expired events, records what it removed, vacuums incrementally', async () => {
    const file = join(dir, 'retention.sqlite');
    let now = Date.parse('2026-03-01T12:00:00Z');
    const store = openSqliteEventStore({ file, clock: () => now });
    await store.setStreamMetadata('by-count', { maxCount: 10 });
    await store.setStreamMetadata('by-age', { maxAge: 60 });
    for (let i = 0; i < 20; i++) await store.appendToStream('by-count', evs(100, 1000));
    await store.appendToStream('by-age', evs(5));
    await store.appendToStream('kept', evs(4));
    now += 61_000;
    await store.appendToStream('by-age', evs(2));
    const headBefore = await store.headPosition();

    const report = await store.runRetention();
    expect(report.removedEvents).toBe(1990 + 5);
    expect([...report.streams].sort((a, b) => a.streamId.localeCompare(b.streamId))).toEqual([
      { streamId: 'by-age', removed: 5 },
      { streamId: 'by-count', removed: 1990 },
    ]);
    expect(report.freedPages).toBeGreaterThan(0);
    expect(physicalCount(file, 'by-count')).toBe(10);
    expect(physicalCount(file, 'by-age')).toBe(2);
    expect(physicalCount(file, 'kept')).toBe(4);

    const [record] = await store.readStream(RETENTION_STREAM);
    expect(record.type).toBe(RETENTION_EVENT_TYPE);
    expect(record.position).toBe(headBefore + 1);
    expect(record.data).toMatchObject({ removedEvents: 1995, streamCount: 2 });
    // $all no longer holds the deleted events.
    const all = await store.readAll();
    expect(all.filter((e) => e.streamId === 'by-count')).toHaveLength(10);

    // Nothing expired: nothing removed, nothing recorded.
    const again = await store.runRetention();
    expect(again.removedEvents).toBe(0);
    expect(await store.readStream(RETENTION_STREAM)).toHaveLength(1);
    await store.close();
  });

  test('positions are never reused, even when the newest events expired', async () => {
    const file = join(dir, 'tail.sqlite');
    let now = Date.parse('2026-03-01T12:00:00Z');
    const store = openSqliteEventStore({ file, clock: () => now });
    await store.setStreamMetadata('short-lived', { maxAge: 1 });
    const last = await store.appendToStream('short-lived', evs(3));
    now += 5_000;
    expect((await store.runRetention()).removedEvents).toBe(3);
    await store.close();

    const reopened = openSqliteEventStore({ file, clock: () => now });
    const next = await reopened.appendToStream('short-lived', evs(1), { expectedRevision: 2 });
    expect(next.position).toBe(last.position + 2); // +1 is the RetentionRunCompleted record
    expect(next.nextExpectedRevision).toBe(3);
    await reopened.close();
  });
});
