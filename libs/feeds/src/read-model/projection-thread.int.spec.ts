import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import type { HubLogger } from '@hub/contracts';
import { openSqliteEventStore } from '@hub/event-store';
import { ProjectionThread } from './projection-thread.js';

// The worker runs the compiled entry from dist/ (built by the tests' global setup).
const dir = mkdtempSync(join(tmpdir(), 'hub-projection-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errors: string[] = [];
const logger: HubLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message) => void errors.push(message),
};

/** Events of a type no projection reads: every checkpoint still moves past them. */
const append = (store: ReturnType<typeof openSqliteEventStore>, n: number) =>
  store.appendToStream(
    'thread-test',
    Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: 'Tick', data: { i } })),
  );

function setup(name: string) {
  const files = {
    events: join(dir, `${name}-events.sqlite`),
    readModels: join(dir, `${name}-rm.sqlite`),
  };
  const store = openSqliteEventStore({ file: files.events });
  const thread = new ProjectionThread({
    eventStore: { kind: 'sqlite', sqlite: { file: files.events } },
    readModelsFile: files.readModels,
    logger,
    restartDelayMs: 50,
  });
  return { files, store, thread };
}

describe('ProjectionThread', () => {
  test('applies the log on another thread: the read model advances while the main thread is busy', async () => {
    const { files, store, thread } = setup('busy');
    try {
      await thread.start(await store.headPosition());
      expect(thread.threadId).toBeGreaterThan(0);
      expect(thread.threadId).not.toBe(mainThreadId);
      await append(store, 1);
      expect(await thread.waitForPosition(await store.headPosition(), 20_000)).toBe(true);

      await append(store, 200);
      const head = await store.headPosition();
      // From here the main thread does not return to its event loop: only another thread can
      // apply the events and commit the checkpoint this loop reads.
      const reader = new BetterSqlite3(files.readModels, { readonly: true });
      const lowest = reader.prepare('SELECT min(position) AS p FROM projection_checkpoints');
      const deadline = Date.now() + 15_000;
      let seen = 0;
      while (Date.now() < deadline) {
        seen = (lowest.get() as { p: number }).p;
        if (seen >= head) break;
      }
      reader.close();
      expect(seen).toBe(head);
    } finally {
      await thread.stop();
      await store.close();
    }
  }, 60_000);

  test('a worker that dies is started again from its checkpoint and the read model keeps advancing', async () => {
    const { store, thread } = setup('crash');
    try {
      await thread.start(await store.headPosition());
      await append(store, 10);
      expect(await thread.waitForPosition(await store.headPosition(), 20_000)).toBe(true);
      const first = thread.threadId;

      errors.length = 0;
      await thread.terminateWorker();
      await append(store, 10);
      expect(await thread.waitForPosition(await store.headPosition(), 20_000)).toBe(true);
      expect(thread.restarts).toBe(1);
      expect(thread.threadId).not.toBe(first);
      expect(errors).toContain('projection worker ended; starting it again from its checkpoint');
    } finally {
      await thread.stop();
      await store.close();
    }
  }, 60_000);
});
