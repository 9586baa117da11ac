import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteEventStore } from './sqlite-event-store.js';
import { openDatabase } from './sqlite-open.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { SqliteStatements } from './sqlite-statements.js';
import { writeVersion1Log } from './version-1-log.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const freshFile = (): string => join(dir, `events-${fileNo++}.sqlite`);

const TYPES = ['ReadingRecorded', 'LabCreated', 'DeviceProvisioned'] as const;
/** Mostly readings, now and then one of the rare types: the shape of a real log. */
const typeAt = (i: number): string =>
  i % 97 === 0 ? TYPES[1] : i % 89 === 0 ? TYPES[2] : TYPES[0];

function writeOldLog(file: string, count: number): void {
  writeVersion1Log(
    file,
    Array.from({ length: count }, (_, n) => ({
      streamId: 'old',
      type: typeAt(n + 1),
      data: { i: n + 1 },
    })),
  );
}

describe('SQLite schema: the type index', () => {
  it('a version 1 log (no type index) opens, gets the index, and keeps and filters its events', async () => {
    const file = freshFile();
    writeOldLog(file, 1000);
    const store = openSqliteEventStore({ file });
    try {
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      const labs = await store.readAll({ eventTypes: ['LabCreated'] });
      expect(labs.map((e) => (e.data as { i: number }).i)).toEqual(
        all.filter((e) => e.type === 'LabCreated').map((e) => (e.data as { i: number }).i),
      );
      // Appending after the upgrade continues the stream and the global order.
      const r = await store.appendToStream('old', [{ id: 'new', type: 'LabCreated', data: {} }], {
        expectedRevision: 999,
      });
      expect(r.position).toBe(1001);
    } finally {
      await store.close();
    }
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const index = db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'events_type'")
        .get() as { sql: string } | undefined;
      expect(index?.sql).toContain('ON event_rows (type)');
    } finally {
      db.close();
    }
  });

  it('a read of some types searches the type index, never scans the log', () => {
    const db = openDatabase({ file: freshFile(), synchronous: 'NORMAL', busyTimeoutMs: 1000 });
    try {
      const statements = new SqliteStatements(db);
      for (const statement of [statements.readTypeForwards, statements.readTypeBackwards]) {
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(1, 0, 10) as {
            detail: string;
          }[]
        ).map((row) => row.detail);
        expect(plan).toHaveLength(1);
        expect(plan[0]).toMatch(
          /^SEARCH event_rows USING INDEX events_type \(type=\? AND rowid[<>]\?\)$/,
        );
      }
    } finally {
      db.close();
    }
  });

  it('a read of a stream, and the look-up of an event id, search their indexes', () => {
    const db = openDatabase({ file: freshFile(), synchronous: 'NORMAL', busyTimeoutMs: 1000 });
    try {
      const statements = new SqliteStatements(db);
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
          (row) => row.detail,
        );
      expect(plan(statements.readStreamForwards.source, 1, 0, 0, 0, 10)).toEqual([
        'SEARCH event_rows USING INDEX events_stream_revision (stream=? AND revision>?)',
      ]);
      expect(plan(statements.readStreamBackwards.source, 1, 9, 0, 0, 10)).toEqual([
        'SEARCH event_rows USING INDEX events_stream_revision (stream=? AND revision>? AND revision<?)',
      ]);
      expect(plan(statements.findEventId.source, 1, Buffer.alloc(16))).toEqual([
        'SEARCH event_rows USING INDEX events_stream_event_id (stream=? AND event_id=?)',
      ]);
    } finally {
      db.close();
    }
  });

  it('pages of several types are the log filtered by type, in order, both ways', () => {
    const file = freshFile();
    writeOldLog(file, 2000);
    const db = openDatabase({ file, synchronous: 'NORMAL', busyTimeoutMs: 1000 });
    try {
      const statements = new SqliteStatements(db);
      const everything = statements.readAllRows('forwards', 0, [], -1);
      const cases: [readonly string[], number, number][] = [
        [[TYPES[1]], 0, 5],
        [[TYPES[1], TYPES[2]], 0, 7],
        [[TYPES[1], TYPES[2]], 500, 7],
        [[TYPES[2], TYPES[1], TYPES[2]], 1500, -1],
        [[TYPES[0], TYPES[1]], 90, 20],
        [['Nothing', TYPES[1]], 0, 3],
      ];
      for (const [types, after, limit] of cases) {
        const wanted = everything.filter((row) => types.includes(row[4]));
        const forwards = wanted.filter((row) => row[0] > after);
        const fromTop = after === 0 ? Number.MAX_SAFE_INTEGER : after;
        const backwards = wanted.filter((row) => row[0] < fromTop).reverse();
        const cut = <T>(xs: T[]): T[] => (limit < 0 ? xs : xs.slice(0, limit));
        expect(statements.readAllRows('forwards', after, types, limit)).toEqual(cut(forwards));
        expect(statements.readAllRows('backwards', fromTop, types, limit)).toEqual(cut(backwards));
      }
    } finally {
      db.close();
    }
  });
});
