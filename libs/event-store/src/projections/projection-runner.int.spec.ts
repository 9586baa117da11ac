import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import type { NewEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import type { SubscribeToAllOptions } from '../port/read.js';
import { LogFollower } from '../follow/log-follower.js';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { onLines, spawnTs } from '../../test-support/ts-child.js';
import { countsPerStream, dumpReadModels, lastMark } from '../../test-support/test-projections.js';
import { ProjectionConflictError, ProjectionRunnerBusyError } from './projection-errors.js';
import type { ProjectionProgress } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

const CHILD = fileURLToPath(new URL('../../test-support/rebuild-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hub-projections-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => join(dir, `${name}-${randomUUID().slice(0, 6)}.sqlite`);
const ev = (i: number): NewEvent => ({
  id: randomUUID(),
  type: i % 5 === 0 ? 'Marked' : 'Counted',
  data: { n: i },
});

/** Appends `count` events over 7 streams, 100 per append. */
async function fill(store: EventStore, count: number, offset = 0): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const size = Math.min(100, count - start);
    await store.appendToStream(
      `lamp-${((offset + start) / 100) % 7}`,
      Array.from({ length: size }, (_, i) => ev(offset + start + i)),
    );
  }
}

function expectedCounts(count: number): { events: number; total: number }[] {
  const byStream = new Map<number, { events: number; total: number }>();
  for (let start = 0; start < count; start += 100) {
    const s = (start / 100) % 7;
    const acc = byStream.get(s) ?? { events: 0, total: 0 };
    for (let i = start; i < Math.min(start + 100, count); i++) {
      acc.events += 1;
      acc.total += i;
    }
    byStream.set(s, acc);
  }
  return [...byStream.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

describe('ProjectionRunner', () => {
  test('follows the log live, in batches, and waitForPosition tells when it caught up', async () => {
    const store = openSqliteEventStore({ file: file('live') });
    const db = new BetterSqlite3(':memory:');
    await fill(store, 1500);
    const runner = new ProjectionRunner({
      store,
      db,
      projections: [countsPerStream, lastMark],
      batchSize: 200,
    });
    runner.start();
    expect(await runner.waitForPosition(await store.headPosition(), 5000)).toBe(true);
    await fill(store, 700, 1500); // appended while live
    const head = await store.headPosition();
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(runner.checkpoint(countsPerStream.name)).toBe(head);
    expect(runner.checkpoint(lastMark.name)).toBe(head); // moves past events it does not apply
    await runner.stop();

    const counts = db.prepare('SELECT events, total FROM counts ORDER BY stream_id').all();
    expect(counts).toEqual(expectedCounts(2200));
    const marks = db.prepare('SELECT sum(seen) AS seen FROM marks').get() as { seen: number };
    expect(marks.seen).toBe(2200 / 5);
    expect(await runner.waitForPosition(head + 1, 50)).toBe(false);
    await store.close();
  });

  test('on a shared follower: one subscription feeds the runner and the other consumers; a second writer stops the runner only', async () => {
    const store = openSqliteEventStore({ file: file('shared') });
    let subscriptions = 0;
    const counting: EventStore = Object.create(store) as EventStore;
    counting.subscribeToAll = (options?: SubscribeToAllOptions) => {
      subscriptions += 1;
      return store.subscribeToAll(options);
    };
    await fill(store, 300);
    const follower = new LogFollower({ store: counting });
    const marked: number[] = [];
    const other = follower.register({
      name: 'marks',
      after: 0,
      eventTypes: ['Marked'],
      handle: (events) => void marked.push(...events.map((e) => e.position)),
    });
    const dbFile = file('shared-rm');
    const runner = new ProjectionRunner({
      store,
      db: new BetterSqlite3(dbFile),
      projections: [countsPerStream],
    });
    runner.start(follower);
    follower.start();
    try {
      const head = await store.headPosition();
      expect(await runner.waitForPosition(head, 5000)).toBe(true);
      expect(await other.waitForPosition(head, 5000)).toBe(true);
      expect(subscriptions).toBe(1);

      // Another process rebuilds the same read model: the runner must not merge into it.
      const rebuilder = new ProjectionRunner({
        store,
        db: new BetterSqlite3(dbFile),
        projections: [countsPerStream],
        batchSize: 50,
      });
      const stopEarly = new AbortController();
      await rebuilder.rebuild({ signal: stopEarly.signal, onProgress: () => stopEarly.abort() });
      await fill(store, 100, 300);
      const later = await store.headPosition();
      expect(await other.waitForPosition(later, 5000)).toBe(true); // the others go on
      expect(await runner.waitForPosition(later, 300)).toBe(false); // the runner stopped
      expect(runner.checkpoint(countsPerStream.name)).toBe(head);
      expect(marked).toHaveLength(400 / 5);
    } finally {
      await runner.stop();
      await follower.stop();
      await store.close();
    }
  });

  test('restarting resumes from the checkpoint without applying anything twice', async () => {
    const store = openSqliteEventStore({ file: file('restart') });
    const dbFile = file('restart-rm');
    await fill(store, 1000);
    const first = new BetterSqlite3(dbFile);
    await new ProjectionRunner({ store, db: first, projections: [countsPerStream] }).catchUp();
    first.close();
    await fill(store, 500, 1000);
    const second = new BetterSqlite3(dbFile);
    const runner = new ProjectionRunner({ store, db: second, projections: [countsPerStream] });
    const progress = await runner.catchUp();
    expect(progress.processed).toBe(500);
    expect(second.prepare('SELECT events, total FROM counts ORDER BY stream_id').all()).toEqual(
      expectedCounts(1500),
    );
    second.close();
    await store.close();
  });

  test('a new version of a projection rebuilds it from zero', async () => {
    const store = openSqliteEventStore({ file: file('version') });
    const db = new BetterSqlite3(':memory:');
    await fill(store, 300);
    await new ProjectionRunner({ store, db, projections: [countsPerStream] }).catchUp();
    const v2 = { ...countsPerStream, version: 2 };
    const runner = new ProjectionRunner({ store, db, projections: [v2] });
    const progress = await runner.catchUp();
    expect(progress.processed).toBe(300);
    expect(db.prepare('SELECT events, total FROM counts ORDER BY stream_id').all()).toEqual(
      expectedCounts(300),
    );
    await store.close();
  });

  test('rebuild reports progress with events/s and refuses to run under a live loop', async () => {
    const store = openSqliteEventStore({ file: file('rebuild') });
    const db = new BetterSqlite3(':memory:');
    await fill(store, 2000);
    const runner = new ProjectionRunner({
      store,
      db,
      projections: [countsPerStream, lastMark],
      batchSize: 500,
    });
    await runner.catchUp();
    const reports: ProjectionProgress[] = [];
    const final = await runner.rebuild({ onProgress: (p) => reports.push(p) });
    expect(reports.map((r) => r.processed)).toEqual([500, 1000, 1500, 2000]);
    expect(final.position).toBe(final.headPosition);
    // The rate is the count over the time it reports (a figure, not a speed to reach).
    expect(final.processed).toBe(2000);
    expect(final.eventsPerSec).toBe(
      final.elapsedMs > 0 ? Math.round((final.processed * 1000) / final.elapsedMs) : 0,
    );
    expect(db.prepare('SELECT events, total FROM counts ORDER BY stream_id').all()).toEqual(
      expectedCounts(2000),
    );
    runner.start();
    await expect(runner.rebuild()).rejects.toBeInstanceOf(ProjectionRunnerBusyError);
    await runner.stop();
    await store.close();
  });

  test('a second writer of the same read model is detected, not silently merged', async () => {
    const store = openSqliteEventStore({ file: file('conflict') });
    const dbFile = file('conflict-rm');
    await fill(store, 200);
    const a = new ProjectionRunner({
      store,
      db: new BetterSqlite3(dbFile),
      projections: [countsPerStream],
    });
    await a.catchUp();
    const b = new ProjectionRunner({
      store,
      db: new BetterSqlite3(dbFile),
      projections: [countsPerStream],
      batchSize: 50,
    });
    const stopEarly = new AbortController();
    // A rebuild from another process, still half-way: it moved the checkpoint under `a`.
    await b.rebuild({ signal: stopEarly.signal, onProgress: () => stopEarly.abort() });
    await fill(store, 100, 200);
    await expect(a.catchUp()).rejects.toBeInstanceOf(ProjectionConflictError);
    await store.close();
  });

  test('SIGKILL during a rebuild, then restart: the read model equals an uninterrupted build', async () => {
    const storeFile = file('crash-store');
    const store = openSqliteEventStore({ file: storeFile });
    await fill(store, 20_000);
    const head = await store.headPosition();

    // Reference: built without interruption.
    const reference = new BetterSqlite3(':memory:');
    await new ProjectionRunner({
      store,
      db: reference,
      projections: [countsPerStream, lastMark],
    }).rebuild();

    // Start from a read model that already holds something, as a real rebuild would.
    const readModelFile = file('crash-rm');
    const stale = new BetterSqlite3(readModelFile);
    await new ProjectionRunner({
      store,
      db: stale,
      projections: [countsPerStream, lastMark],
    }).catchUp();
    stale.close();

    const child = spawnTs(CHILD, [storeFile, readModelFile]);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      onLines(child, (line) => {
        const [kind, processed] = line.split(' ');
        if (kind === 'progress' && Number(processed) >= 3000 + Math.floor(Math.random() * 5000)) {
          child.kill('SIGKILL');
          resolve();
        }
        if (kind === 'done') reject(new Error('the rebuild finished before it could be killed'));
      });
      child.on('exit', (code) =>
        code !== null ? reject(new Error(`child failed: ${stderr}`)) : undefined,
      );
    });
    expect(await exited).toBe('SIGKILL');

    const db = new BetterSqlite3(readModelFile);
    const runner = new ProjectionRunner({ store, db, projections: [countsPerStream, lastMark] });
    const interruptedAt = runner.checkpoint(countsPerStream.name) ?? 0;
    expect(interruptedAt).toBeGreaterThan(0);
    expect(interruptedAt).toBeLessThan(head); // really killed half-way
    await runner.catchUp();
    expect(dumpReadModels(db)).toEqual(dumpReadModels(reference));
    db.close();
    await store.close();
  }, 180_000);
});
