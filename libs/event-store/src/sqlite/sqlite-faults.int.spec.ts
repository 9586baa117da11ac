import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import type { NewEvent } from '../port/event.js';
import { AppendFailedError, StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ev = (): NewEvent => ({ id: randomUUID(), type: 'Happened', data: { x: 1 } });

describe('SQLite adapter: bad files stop the boot with a clear message', () => {
  test('a file that is not a database names the file and what to do', () => {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const open = (): unknown => openSqliteEventStore({ file });
    expect(open).toThrow(StoreUnavailableError);
    expect(open).toThrow(file);
    expect(open).toThrow(/restore it from a backup, or move it aside/);
  });

  test('a path that cannot be opened names the file and the access problem', () => {
    // A directory where the file should be: fails for root too (chmod would not).
    const file = join(dir, 'a-directory.sqlite');
    mkdirSync(file);
    const open = (): unknown => openSqliteEventStore({ file });
    expect(open).toThrow(StoreUnavailableError);
    expect(open).toThrow(file);
    expect(open).toThrow(/readable and writable/);
  });
});

describe('SQLite adapter: a failed commit', () => {
  test('rejects every append of the batch, keeps reads working, and recovers', async () => {
    const file = join(dir, 'busy.sqlite');
    const errors: string[] = [];
    const store = openSqliteEventStore({
      file,
      busyTimeoutMs: 20,
      logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
    });
    const first = await store.appendToStream('s', [ev()]);

    // Another connection holds the write lock: the commit cannot happen (as with a full disk).
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    const batch = await Promise.allSettled([
      store.appendToStream('s', [ev()]),
      store.appendToStream('t', [ev(), ev()]),
    ]);
    expect(batch.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of batch) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppendFailedError);
    }
    expect(errors).toHaveLength(1);
    await expect(store.checkWritable()).rejects.toThrow();

    // Reads keep working while writes fail.
    expect(await store.readStream('s')).toHaveLength(1);
    expect(await store.headPosition()).toBe(first.position);

    other.exec('ROLLBACK');
    other.close();
    // Nothing of the failed batch is in the log, and positions continue without a gap.
    const next = await store.appendToStream('s', [ev()], { expectedRevision: 0 });
    expect(next).toEqual({ nextExpectedRevision: 1, position: first.position + 1 });
    expect(await store.readStream('t')).toEqual([]);
    await store.close();
  });

  test('close() writes pending appends before releasing the file', async () => {
    const file = join(dir, 'close.sqlite');
    const store = openSqliteEventStore({ file, groupCommitWindowMs: 10_000 });
    const pending = store.appendToStream('s', [ev(), ev()]);
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
    await expect(store.appendToStream('s', [ev()])).rejects.toBeInstanceOf(StoreClosedError);
    const reopened = openSqliteEventStore({ file });
    expect(await reopened.readStream('s')).toHaveLength(2);
    await reopened.close();
  });

  test('group commit: concurrent appends share one transaction and resolve after it', async () => {
    const file = join(dir, 'group.sqlite');
    const store = openSqliteEventStore({
      file,
      groupCommitWindowMs: 50,
      groupCommitMaxEvents: 1000,
    });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.appendToStream(`s-${i % 7}`, [ev()])),
    );
    // All waited for the one window, and were then written together (consecutive positions).
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(results.map((r) => r.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    await store.close();
  });

  test('the size trigger flushes before the window elapses', async () => {
    const store = openSqliteEventStore({
      file: join(dir, 'size.sqlite'),
      groupCommitWindowMs: 600_000, // ten minutes: only the size trigger can flush in time
      groupCommitMaxEvents: 10,
    });
    // A behaviour, not a speed: the appends settle long before the window, however busy the
    // machine; without the size trigger they would wait the full ten minutes.
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      Promise.all(Array.from({ length: 10 }, () => store.appendToStream('s', [ev()]))).then(
        () => 'flushed by size',
      ),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still waiting for the window after 20 s'), 20_000);
      }),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('flushed by size');
    await store.close();
  });
});
