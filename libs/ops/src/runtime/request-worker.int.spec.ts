import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { HubLogger } from '@hub/contracts';
import { RequestWorker, WorkerBusyError } from './request-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-request-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker that answers each request with its number doubled. */
const doubler = join(dir, 'doubler.mjs');
writeFileSync(
  doubler,
  `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, request }) => parentPort.postMessage({ id, reply: request.n * 2 }));`,
);
const errors: string[] = [];
const logger: HubLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message) => void errors.push(message),
};

test('a request that cannot be sent is refused at once; the worker is not taken for broken', async () => {
  const worker = new RequestWorker<{ n: number; extra?: unknown }, number>({
    name: 'test worker',
    file: () => doubler,
    logger,
    timeoutMs: 300,
  });
  worker.start();
  try {
    const thread = worker.threadId;
    // A function cannot be cloned to another thread.
    await expect(worker.call({ n: 1, extra: () => 1 })).rejects.toThrow(/could not be cloned/);
    expect(worker.inFlight).toBe(0);
    // Past the timeout the refused request would have had: no restart, nothing logged.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.restarts).toBe(0);
    expect(worker.threadId).toBe(thread);
    expect(errors).toEqual([]);
    expect(await worker.call({ n: 21 })).toBe(42);
  } finally {
    await worker.stop();
  }
});

test('per key and in all, requests past the bound are refused without being sent', async () => {
  const worker = new RequestWorker<{ n: number }, number>({
    name: 'test worker',
    file: () => doubler,
    logger,
    timeoutMs: 5000,
    maxPending: 3,
    maxPendingPerKey: 2,
  });
  worker.start();
  try {
    const settle = (p: Promise<number>) =>
      p.then(
        (n) => n,
        (e: unknown) => (e instanceof WorkerBusyError ? `busy${e.ofKey ? ' (key)' : ''}` : 'error'),
      );
    const outcomes = await Promise.all([
      settle(worker.call({ n: 1 }, [], 'a')),
      settle(worker.call({ n: 2 }, [], 'a')),
      settle(worker.call({ n: 3 }, [], 'a')),
      settle(worker.call({ n: 4 }, [], 'b')),
      settle(worker.call({ n: 5 }, [], 'c')),
    ]);
    expect(outcomes).toEqual([2, 4, 'busy (key)', 8, 'busy']);
    expect(worker.inFlight).toBe(0);
    expect(await settle(worker.call({ n: 6 }, [], 'a'))).toBe(12);
  } finally {
    await worker.stop();
  }
});
