import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { openSqliteEventStore } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-commit-broadcast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a second store on the same file hears the writer's commits, not only its safety poll", async () => {
  const file = join(dir, 'events.sqlite');
  const writer = openSqliteEventStore({ file });
  // The projection worker's connection: it never appends; its poll is far beyond the test's wait.
  const reader = openSqliteEventStore({
    file,
    subscriptionPollMs: 600_000,
    checkpointIntervalMs: 0,
  });
  const controller = new AbortController();
  try {
    const seen: number[] = [];
    const following = (async () => {
      for await (const event of reader.subscribeToAll({ signal: controller.signal })) {
        seen.push(event.position);
        if (seen.length === 3) return;
      }
    })();
    for (let i = 0; i < 3; i++) {
      await writer.appendToStream('s', [{ id: randomUUID(), type: 'Tick', data: { i } }]);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 10_000);
    });
    const outcome = await Promise.race([following.then(() => 'done'), timeout]);
    clearTimeout(timer); // a pending timer would keep Jest's worker from exiting at the end
    expect(outcome).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(await reader.headPosition()).toBe(3);
  } finally {
    controller.abort();
    await reader.close();
    await writer.close();
  }
}, 30_000);
