import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../port/errors.js';
import type { RecordedEvent } from '../port/event.js';
import { openSqliteEventStore } from './sqlite-event-store.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { rewriteToVersion3 } from './sqlite-rewrite-to-v3.js';
import { writeVersion1Log, type Version1Event } from './version-1-log.js';

// Schema version 3 (decision 0011, step 3): integer stream and type ids, UUIDs as 16 bytes, the
// `events` view with the old columns, and the rewrite of version 1 and 2 files.

const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const freshFile = (): string => join(dir, `events-${fileNo++}.sqlite`);

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ids as they come: the hub's own (random and name-based UUIDs) and anything an import holds. */
const idAt = (i: number): string | undefined =>
  [
    randomUUID(),
    `0f3c9a4e-7b1d-8e2f-9a3b-${i.toString(16).padStart(12, '0')}`, // name-based (version 8) layout
    randomUUID().toUpperCase(),
    `{${randomUUID()}}`,
    undefined, // `v1-{position}`
  ][i % 5];

function oldEvents(count: number): Version1Event[] {
  return Array.from({ length: count }, (_, i) => ({
    streamId: `reading-lab.lp-${i % 4}.temperature`,
    id: idAt(i),
    type: i % 10 === 0 ? 'RuleVersionStamped' : 'ReadingRecorded',
    data: { i, text: `é ${i}` },
    metadata: i % 3 === 0 ? { causationId: `c-${i}` } : undefined,
  }));
}

type Row = Record<string, unknown>;
function rowsOf(file: string): { events: Row[]; streams: Row[]; version: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      events: db.prepare('SELECT * FROM events ORDER BY position').all() as Row[],
      streams: db
        .prepare('SELECT stream_id, revision, max_age, max_count FROM streams ORDER BY stream_id')
        .all() as Row[],
      version: db.pragma('user_version', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

/** What the store must return for an old row. */
const asEvent = (row: Row): RecordedEvent => ({
  position: row.position as number,
  streamId: row.stream_id as string,
  revision: row.revision as number,
  id: row.event_id as string,
  type: row.type as string,
  data: JSON.parse(row.data as string) as unknown,
  metadata: row.metadata === null ? {} : (JSON.parse(row.metadata as string) as Row),
  recordedAt: new Date(row.recorded_at as number).toISOString(),
});

describe('SQLite log schema 3', () => {
  it('the rewrite says that it starts, how far it is, and that it is done', () => {
    const file = freshFile();
    writeVersion1Log(file, oldEvents(600), 2);
    const lines: [string, Record<string, unknown>][] = [];
    const record = (message: string, fields?: Readonly<Record<string, unknown>>) =>
      void lines.push([message, { ...fields }]);
    const db = new BetterSqlite3(file);
    try {
      rewriteToVersion3(db, { info: record, warn: record, error: record }, 250);
    } finally {
      db.close();
    }
    expect(lines.map(([message]) => message)).toEqual([
      'event log: upgrading its layout; the hub starts when this is done',
      'event log: upgrading its layout',
      'event log: upgrading its layout',
      'event log: upgrading its layout',
      'event log: layout upgraded',
    ]);
    expect(lines[0][1]).toMatchObject({ fromSchema: 2, toSchema: SCHEMA_VERSION, events: 600 });
    expect(lines.slice(1, 4).map(([, f]) => [f.copied, f.percent])).toEqual([
      [250, 41],
      [500, 83],
      [600, 100],
    ]);
    expect(lines[4][1]).toMatchObject({ toSchema: SCHEMA_VERSION, events: 600 });
  });

  for (const version of [1, 2] as const) {
    it(`a version ${version} log is rewritten when the hub opens it; every event reads back the same`, async () => {
      const file = freshFile();
      writeVersion1Log(file, oldEvents(600), version);
      const raw = new BetterSqlite3(file);
      // A retention setting, and a stream with metadata but no event yet.
      raw.exec(`UPDATE streams SET max_count = 1000 WHERE stream_id = 'reading-lab.lp-1.temperature';
        INSERT INTO streams (stream_id, revision, max_age) VALUES ('tokens', -1, 3600);`);
      raw.close();
      const before = rowsOf(file);
      expect(before.version).toBe(version);
      expect(before.events).toHaveLength(600);

      const store = openSqliteEventStore({ file });
      try {
        expect(await store.readAll()).toEqual(before.events.map(asEvent));
        for (const stream of before.streams) {
          const id = stream.stream_id as string;
          expect(await store.readStream(id)).toEqual(
            before.events.filter((e) => e.stream_id === id).map(asEvent),
          );
        }
        expect(await store.getStreamMetadata('tokens')).toEqual({ maxAge: 3600 });
        const rare = await store.readAll({ eventTypes: ['RuleVersionStamped'] });
        expect(rare.map((e) => e.position)).toEqual(
          before.events.filter((e) => e.type === 'RuleVersionStamped').map((e) => e.position),
        );
        // A resend of a stored event (same id, UUID or not) is answered with what it got then.
        for (const old of before.events.slice(0, 5).map(asEvent)) {
          const again = await store.appendToStream(old.streamId, [
            { id: old.id, type: old.type, data: old.data },
          ]);
          expect(again.position).toBe(old.position);
          await expect(store.findEvent(old.streamId, old.id)).resolves.toEqual(old);
        }
        // The expected-revision check and the global order go on from the old log.
        const stream = 'reading-lab.lp-0.temperature';
        await expect(
          store.appendToStream(stream, [{ id: randomUUID(), type: 'X', data: {} }], {
            expectedRevision: 3,
          }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const next = await store.appendToStream(
          stream,
          [{ id: randomUUID(), type: 'X', data: {} }],
          {
            expectedRevision: 149,
          },
        );
        expect(next).toEqual({ nextExpectedRevision: 150, position: 601 });
      } finally {
        await store.close();
      }

      const after = rowsOf(file);
      expect(after.version).toBe(SCHEMA_VERSION);
      expect(after.events.slice(0, 600)).toEqual(before.events);
      expect(after.streams).toEqual(
        before.streams.map((s) =>
          s.stream_id === 'reading-lab.lp-0.temperature' ? { ...s, revision: 150 } : s,
        ),
      );
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        const tables = db
          .prepare("SELECT name, type FROM sqlite_master WHERE name IN ('events', 'event_rows')")
          .all();
        expect(tables).toEqual(
          expect.arrayContaining([
            { name: 'events', type: 'view' },
            { name: 'event_rows', type: 'table' },
          ]),
        );
        const blobs = db
          .prepare("SELECT count(*) AS n FROM event_rows WHERE typeof(event_id) = 'blob'")
          .get() as { n: number };
        expect(blobs.n).toBe(
          after.events.filter((e) => CANONICAL.test(e.event_id as string)).length,
        );
      } finally {
        db.close();
      }
    });
  }

  it('a rewrite that fails leaves the old file as it was, and the hub does not start on it', () => {
    const file = freshFile();
    writeVersion1Log(file, oldEvents(50), 2);
    // A table of the new layout's name with other columns: the rewrite fails halfway.
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE event_types (something_else TEXT)');
    raw.close();
    const before = rowsOf(file);
    expect(() => openSqliteEventStore({ file })).toThrow(StoreUnavailableError);
    expect(rowsOf(file)).toEqual(before);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      const objects = db.prepare('SELECT type, name FROM sqlite_master ORDER BY name').all();
      expect(objects).toEqual([
        { type: 'table', name: 'event_types' },
        { type: 'table', name: 'events' },
        { type: 'index', name: 'events_stream_event_id' },
        { type: 'index', name: 'events_stream_revision' },
        { type: 'index', name: 'events_type' },
        { type: 'table', name: 'streams' },
      ]);
    } finally {
      db.close();
    }
  });

  it('stores canonical UUIDs as 16 bytes, any other id as text, and reads each back as appended', async () => {
    const file = freshFile();
    const ids = [
      randomUUID(),
      randomUUID().toUpperCase(),
      `urn:uuid:${randomUUID()}`,
      'reading-7',
      randomUUID().replaceAll('-', ''),
    ];
    const store = openSqliteEventStore({ file });
    try {
      await store.appendToStream(
        's',
        ids.map((id) => ({ id, type: 'T', data: { id } })),
      );
      const read = await store.readStream('s');
      expect(read.map((e) => e.id)).toEqual(ids);
      expect((await store.readAll()).map((e) => e.id)).toEqual(ids);
      for (const id of ids) expect((await store.findEvent('s', id))?.id).toBe(id);
      // The same ids again: one retry, nothing written.
      const again = await store.appendToStream(
        's',
        ids.map((id) => ({ id, type: 'T', data: { id } })),
      );
      expect(again).toEqual({ nextExpectedRevision: 4, position: 5, alreadyStored: true });
    } finally {
      await store.close();
    }
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      const stored = db
        .prepare(
          'SELECT typeof(event_id) AS t, length(event_id) AS n FROM event_rows ORDER BY position',
        )
        .all();
      expect(stored).toEqual([
        { t: 'blob', n: 16 },
        { t: 'text', n: 36 },
        { t: 'text', n: 45 },
        { t: 'text', n: 9 },
        { t: 'text', n: 32 },
      ]);
      const view = db.prepare('SELECT event_id FROM events ORDER BY position').pluck().all();
      expect(view).toEqual(ids);
      expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/view/);
    } finally {
      db.close();
    }
  });

  it('a rolled-back batch leaves no stream or type id in memory that the file does not have', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file, groupCommitWindowMs: 0 });
    try {
      await store.appendToStream('first', [{ id: randomUUID(), type: 'Old', data: {} }]);
      // The disk "fails" on the next row of stream `fresh`, after its stream and type rows went in.
      const other = new BetterSqlite3(file);
      other.exec(`CREATE TRIGGER fail BEFORE INSERT ON event_rows
        WHEN NEW.data LIKE '%"fail":true%' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
      await expect(
        store.appendToStream('fresh', [{ id: randomUUID(), type: 'Fresh', data: { fail: true } }]),
      ).rejects.toThrow(/disk I\/O error/);
      other.exec('DROP TRIGGER fail');
      other.close();
      // New names now get the rowids the rolled-back batch had used.
      await store.appendToStream('other', [{ id: randomUUID(), type: 'Other', data: { n: 1 } }]);
      await store.appendToStream('fresh', [{ id: randomUUID(), type: 'Fresh', data: { n: 2 } }]);

      const fresh = await store.readStream('fresh');
      expect(fresh.map((e) => [e.streamId, e.type, e.data])).toEqual([
        ['fresh', 'Fresh', { n: 2 }],
      ]);
      expect((await store.readStream('other')).map((e) => [e.streamId, e.type])).toEqual([
        ['other', 'Other'],
      ]);
      expect((await store.readAll({ eventTypes: ['Fresh'] })).map((e) => e.streamId)).toEqual([
        'fresh',
      ]);
    } finally {
      await store.close();
    }
    // A store that reads the file afresh (its maps come from the tables) sees the same.
    const reopened = openSqliteEventStore({ file });
    try {
      expect((await reopened.readAll()).map((e) => [e.streamId, e.type])).toEqual([
        ['first', 'Old'],
        ['other', 'Other'],
        ['fresh', 'Fresh'],
      ]);
    } finally {
      await reopened.close();
    }
  });
});
