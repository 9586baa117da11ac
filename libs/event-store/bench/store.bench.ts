// npm run bench:store — measures the embedded event store against raw better-sqlite3 on the same
// machine in one run. Prints progress, then ONE JSON line (the last line) with the results.
// Every figure is the median of RUNS runs. Temp files only (os.tmpdir()).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteEventStore, type NewEvent, type SynchronousMode } from '../src/index.js';
import { CACHE_KIB } from '../src/sqlite/sqlite-open.js';
import { toStoredEventId } from '../src/sqlite/stored-event-id.js';
import { benchPostgres } from './postgres.bench.js';

const RUNS = 3;
const APPENDERS = 256;
const APPEND_MS = 2500;
const LATENCY_MS = 3000;
const CATCH_UP_EVENTS = 1_000_000;
const STREAMS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'hub-store-bench-'));
let fileNo = 0;
const freshFile = (): string => join(dir, `bench-${fileNo++}.sqlite`);

/** 200 bytes of JSON, shaped like a reading. */
function payload(i: number): { lamppost: string; kind: string; values: number[]; pad: string } {
  const base = { lamppost: `lp-${i % STREAMS}`, kind: 'noise', values: [41.5, 38.25, 44], pad: '' };
  base.pad = 'x'.repeat(200 - JSON.stringify(base).length);
  return base;
}
const event = (i: number): NewEvent => ({
  id: randomUUID(),
  type: 'ReadingRecorded',
  data: payload(i),
});
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (message: string): void => void process.stdout.write(`${message}\n`);

/**
 * 256 closed-loop appenders, one event per append, for APPEND_MS. The size trigger is set to the
 * number of appenders (all of them are waiting: no reason to sit out the window); `defaults`
 * measures the shipped knobs (2 ms window, 1000 events) where every batch waits the window.
 */
async function appendThroughput(synchronous: SynchronousMode, defaults = false): Promise<number> {
  const store = openSqliteEventStore({
    file: freshFile(),
    synchronous,
    groupCommitWindowMs: 2,
    groupCommitMaxEvents: defaults ? 1000 : APPENDERS,
  });
  let count = 0;
  const start = performance.now();
  const deadline = start + APPEND_MS;
  await Promise.all(
    Array.from({ length: APPENDERS }, async (_, worker) => {
      while (performance.now() < deadline) {
        await store.appendToStream(`lamppost-${worker}`, [event(count)]);
        count++;
      }
    }),
  );
  const rate = (count * 1000) / (performance.now() - start);
  await store.close();
  return rate;
}

/**
 * The physical reference: the same rows, same schema and pragmas, batched plain INSERTs (stream
 * and type as the integer ids the store's layout holds, the id as its stored bytes).
 */
function rawInsertRate(withIndexes: boolean, batchSize: number): number {
  const file = freshFile();
  if (withIndexes) void openSqliteEventStore({ file }).close();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${CACHE_KIB}`); // the adapter's page cache: same conditions
  if (!withIndexes) {
    db.exec(`CREATE TABLE event_rows (position INTEGER PRIMARY KEY, stream INTEGER NOT NULL,
      revision INTEGER NOT NULL, event_id BLOB NOT NULL, type INTEGER NOT NULL, data TEXT NOT NULL,
      metadata TEXT, recorded_at INTEGER NOT NULL)`);
  }
  const insert = db.prepare('INSERT INTO event_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Array<number>(APPENDERS).fill(-1);
  let position = 0;
  const writeBatch = db.transaction((n: number) => {
    const now = Date.now();
    for (let k = 0; k < n; k++) {
      const worker = position % APPENDERS;
      position++;
      revisions[worker]++;
      const e = event(position);
      insert.run(
        position,
        worker + 1,
        revisions[worker],
        toStoredEventId(e.id),
        1,
        JSON.stringify(e.data),
        null,
        now,
      );
    }
  });
  const start = performance.now();
  while (performance.now() - start < APPEND_MS) writeBatch(batchSize);
  const rate = (position * 1000) / (performance.now() - start);
  db.close();
  return rate;
}

/** Open loop at `rate` events/s: latency from the call to the acknowledgement. */
async function appendLatencyP99(rate: number): Promise<number> {
  const store = openSqliteEventStore({
    file: freshFile(),
    synchronous: 'NORMAL',
    groupCommitWindowMs: 2,
    groupCommitMaxEvents: APPENDERS,
  });
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let issued = 0;
  while (performance.now() - start < LATENCY_MS) {
    const due = Math.floor(((performance.now() - start) * rate) / 1000);
    for (; issued < due; issued++) {
      const t0 = performance.now();
      pending.push(
        store
          .appendToStream(`lamppost-${issued % STREAMS}`, [event(issued)])
          .then(() => void latencies.push(performance.now() - t0)),
      );
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
  await store.close();
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length * 0.99)];
}

/** 1M events written with raw batched INSERTs into a store-created file (fast set-up, same layout). */
function generateLog(file: string, count: number): void {
  void openSqliteEventStore({ file }).close();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // set-up only, not measured
  db.pragma(`cache_size = -${CACHE_KIB}`);
  const insert = db.prepare('INSERT INTO event_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  // Stream `lamppost-{s}` gets id s + 1, the one type id 1 (the store's maps read them at open).
  const saveStream = db.prepare('INSERT INTO streams (id, stream_id, revision) VALUES (?, ?, ?)');
  const data = JSON.stringify(payload(0));
  const now = Date.now();
  db.transaction(() => {
    db.prepare("INSERT INTO event_types (id, type) VALUES (1, 'ReadingRecorded')").run();
    for (let s = 0; s < STREAMS; s++) {
      saveStream.run(s + 1, `lamppost-${s}`, Math.floor((count - 1) / STREAMS));
    }
    for (let p = 1; p <= count; p++) {
      insert.run(
        p,
        (p % STREAMS) + 1,
        Math.floor((p - 1) / STREAMS),
        toStoredEventId(randomUUID()),
        1,
        data,
        null,
        now,
      );
    }
  })();
  db.close();
}

async function readAllRate(file: string): Promise<number> {
  const store = openSqliteEventStore({ file });
  const start = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    count += page.length;
    after = page[page.length - 1].position;
  }
  const rate = (count * 1000) / (performance.now() - start);
  await store.close();
  if (count !== CATCH_UP_EVENTS) throw new Error(`readAll saw ${count} events`);
  return rate;
}

async function catchUpRate(file: string): Promise<number> {
  const store = openSqliteEventStore({ file });
  const head = await store.headPosition();
  const controller = new AbortController();
  const start = performance.now();
  let count = 0;
  for await (const e of store.subscribeToAll({ after: 0, signal: controller.signal })) {
    count++;
    if (e.position >= head) break;
  }
  const rate = (count * 1000) / (performance.now() - start);
  await store.close();
  if (count !== CATCH_UP_EVENTS) throw new Error(`subscription saw ${count} events`);
  return rate;
}

async function repeat(label: string, run: () => Promise<number> | number): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await run());
  log(
    `${label}: ${results.map((r) => r.toFixed(1)).join(' / ')} -> median ${median(results).toFixed(1)}`,
  );
  return median(results);
}

/** `store.bench.js postgres`: only the PostgreSQL figures (the SQLite part takes minutes). */
async function postgresOnly(): Promise<void> {
  const result = await benchPostgres({
    appenders: APPENDERS,
    appendMs: APPEND_MS,
    event,
    log,
    repeat,
  });
  rmSync(dir, { recursive: true, force: true });
  log(JSON.stringify({ ...result, runs: RUNS, appenders: APPENDERS }));
}

async function main(): Promise<void> {
  log(`store bench: ${RUNS} runs each, ${APPENDERS} appenders, 200-byte events, dir ${dir}`);
  const appendEventsPerSec = await repeat('append NORMAL (events/s)', () =>
    appendThroughput('NORMAL'),
  );
  const appendEventsPerSecFull = await repeat('append FULL (events/s)', () =>
    appendThroughput('FULL'),
  );
  const appendDefaultsPerSec = await repeat(
    'append NORMAL, default knobs 2 ms/1000 (events/s)',
    () => appendThroughput('NORMAL', true),
  );
  const rawSqliteRowsPerSec = await repeat('raw inserts, same schema (rows/s)', () =>
    rawInsertRate(true, APPENDERS),
  );
  const rawNoIndexRowsPerSec = await repeat('raw inserts, no secondary index (rows/s)', () =>
    rawInsertRate(false, APPENDERS),
  );
  const p99AppendMs = await repeat(
    `p99 append at 50% of max (${Math.round(appendEventsPerSec / 2)}/s) (ms)`,
    () => appendLatencyP99(appendEventsPerSec / 2),
  );
  const logFile = freshFile();
  const t0 = performance.now();
  generateLog(logFile, CATCH_UP_EVENTS);
  log(
    `generated ${CATCH_UP_EVENTS} events with raw inserts in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const readAllEventsPerSec = await repeat('readAll pages of 1000 (events/s)', () =>
    readAllRate(logFile),
  );
  const catchUpEventsPerSec = await repeat('subscribeToAll catch-up from 0 (events/s)', () =>
    catchUpRate(logFile),
  );
  const postgres = await benchPostgres({
    appenders: APPENDERS,
    appendMs: APPEND_MS,
    event,
    log,
    repeat,
  });
  rmSync(dir, { recursive: true, force: true });
  const round = (x: number): number => Math.round(x);
  log(
    JSON.stringify({
      appendEventsPerSec: round(appendEventsPerSec),
      appendEventsPerSecFull: round(appendEventsPerSecFull),
      rawSqliteRowsPerSec: round(rawSqliteRowsPerSec),
      ratio: Number((appendEventsPerSec / rawSqliteRowsPerSec).toFixed(3)),
      p99AppendMs: Number(p99AppendMs.toFixed(2)),
      readAllEventsPerSec: round(readAllEventsPerSec),
      catchUpEventsPerSec: round(catchUpEventsPerSec),
      rawSqliteNoIndexRowsPerSec: round(rawNoIndexRowsPerSec),
      appendEventsPerSecDefaultKnobs: round(appendDefaultsPerSec),
      ...postgres,
      runs: RUNS,
      appenders: APPENDERS,
      catchUpEvents: CATCH_UP_EVENTS,
    }),
  );
}

if (process.argv[2] === 'postgres') await postgresOnly();
else await main();
