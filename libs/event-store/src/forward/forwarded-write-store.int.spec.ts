import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runEventStoreContract } from '../event-store.contract.js';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../port/errors.js';
import { openSqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { ForwardedWriteStore } from './forwarded-write-store.js';

// The log's writer runs on a worker thread of its own (the compiled store from dist/, built by
// the tests' global setup), as the broker's thread writes for the API's thread in the hub; this
// thread reads with its own connection and sends its writes over a MessagePort.
const dir = mkdtempSync(join(tmpdir(), 'hub-forwarded-writes-'));
const writers: Worker[] = [];
afterAll(async () => {
  await Promise.all(writers.map((w) => w.terminate()));
  rmSync(dir, { recursive: true, force: true });
});

const DIST_STORE = pathToFileURL(resolve('dist/libs/event-store/src/index.js')).href;

/** A thread that opens the log, serves the writes that come on `port`, and says when it is ready. */
const WRITER_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.storeModule).then(({ openSqliteEventStore, serveWrites }) => {
  const store = openSqliteEventStore({ file: workerData.file });
  serveWrites(store, workerData.port);
  parentPort.on('message', (m) => {
    if (m === 'append-own') {
      store.appendToStream('writer-own', [{ id: crypto.randomUUID(), type: 'Own', data: {} }])
        .then((r) => parentPort.postMessage({ own: r.position }));
    }
  });
  parentPort.postMessage('ready');
});
`;

async function startWriter(file: string): Promise<{ worker: Worker; port: MessagePort }> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WRITER_THREAD, {
    eval: true,
    workerData: { file, port: port2, storeModule: DIST_STORE },
    transferList: [port2],
  });
  writers.push(worker);
  await new Promise<void>((ready, failed) => {
    worker.once('error', failed);
    worker.on('message', (m) => m === 'ready' && ready());
  });
  return { worker, port: port1 };
}

async function forwarded(name: string) {
  const file = join(dir, `${name}.sqlite`);
  const { worker, port } = await startWriter(file);
  const store = new ForwardedWriteStore(
    openSqliteEventStore({ file, checkpointIntervalMs: 0 }),
    port,
    { marksRetries: true },
  );
  return { store, worker };
}

runEventStoreContract('SQLite, written by another thread (ForwardedWriteStore)', async () => {
  return (await forwarded('contract')).store;
});

describe('ForwardedWriteStore', () => {
  const ev = (type = 'Happened') => ({ id: randomUUID(), type, data: { at: randomUUID() } });

  test("the writer's own appends and the forwarded ones reach a subscription on the reading thread once each, in order", async () => {
    const { store, worker } = await forwarded('mixed');
    const ownPositions: number[] = [];
    worker.on('message', (m: { own?: number }) => m.own && ownPositions.push(m.own));
    const expected = 40;
    const seen: number[] = [];
    const subscription = (async () => {
      for await (const e of store.subscribeToAll({
        after: 0,
        signal: AbortSignal.timeout(20_000),
      })) {
        seen.push(e.position);
        if (seen.length === expected) break;
      }
    })();
    const forwardedPositions: number[] = [];
    for (let i = 0; i < expected / 2; i++) {
      worker.postMessage('append-own');
      forwardedPositions.push((await store.appendToStream('reader-side', [ev()])).position);
    }
    await subscription;
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(expected);
    expect(seen).toEqual(expect.arrayContaining(forwardedPositions));
    expect(seen).toEqual(expect.arrayContaining(ownPositions));
    await store.close();
  });

  test("the writer's refusals arrive as the same errors, with their fields", async () => {
    const { store } = await forwarded('errors');
    const first = ev();
    await store.appendToStream('refusals', [first]);
    const wrong = await store
      .appendToStream('refusals', [ev()], { expectedRevision: 5 })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongExpectedRevisionError);
    expect(wrong).toMatchObject({ streamId: 'refusals', expected: 5, actual: 0 });
    const conflict = await store.appendToStream('refusals', [first, ev()]).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(IdempotencyConflictError);
    expect(conflict).toMatchObject({ foundIds: [first.id] });
    // Nothing of either refusal was written.
    expect((await store.readStream('refusals')).map((e) => e.id)).toEqual([first.id]);
    await store.close();
  });

  test('an append to a writer that is gone fails with STORE_UNAVAILABLE instead of hanging', async () => {
    const { store, worker } = await forwarded('gone');
    await store.appendToStream('before', [ev()]);
    await worker.terminate();
    const outcome = await store.appendToStream('after', [ev()]).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });
});

test('data that cannot cross to the writer is refused as an invalid append, and the store goes on', async () => {
  const { store } = await forwarded('uncloneable');
  const refused = await store
    .appendToStream('odd', [{ id: randomUUID(), type: 'Odd', data: { f: () => 1 } }])
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(InvalidAppendError);
  const ok = await store.appendToStream('odd', [{ id: randomUUID(), type: 'Odd', data: {} }]);
  expect(ok.nextExpectedRevision).toBe(0);
  await store.close();
});
