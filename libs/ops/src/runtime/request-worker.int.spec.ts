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

test('with inWorker, waiting requests go one key at a time: a key with many waiting does not delay another by all of them', async () => {
  const order: string[] = [];
  const run = async (inWorker: number | undefined): Promise<string[]> => {
    order.length = 0;
    const worker = new RequestWorker<{ n: number }, number>({
      name: 'test worker',
      file: () => doubler,
      logger,
      timeoutMs: 5000,
      ...(inWorker !== undefined && { inWorker }),
    });
    worker.start();
    try {
      // Six of key a, then one of b, all in one turn: the worker (one request at a time, in the
      // order it receives them) cannot answer any before all seven are asked.
      const calls = [1, 2, 3, 4, 5, 6].map((n) =>
        worker.call({ n }, [], 'a').then(() => void order.push(`a${n}`)),
      );
      calls.push(worker.call({ n: 7 }, [], 'b').then(() => void order.push('b')));
      await Promise.all(calls);
      expect(worker.inFlight).toBe(0);
      return [...order];
    } finally {
      await worker.stop();
    }
  };
  // Without a bound every request is sent as it comes: b waits for all of a's.
  expect(await run(undefined)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b']);
  // Two in the worker: a1 and a2 are sent; as each is answered, the next line in turn sends one.
  expect(await run(2)).toEqual(['a1', 'a2', 'a3', 'b', 'a4', 'a5', 'a6']);
  expect(await run(1)).toEqual(['a1', 'a2', 'b', 'a3', 'a4', 'a5', 'a6']);
});

test('with inWorker, a request that cannot be sent is refused and the next waiting one is sent', async () => {
  const worker = new RequestWorker<{ n: number; extra?: unknown }, number>({
    name: 'test worker',
    file: () => doubler,
    logger,
    timeoutMs: 5000,
    inWorker: 1,
  });
  worker.start();
  try {
    const first = worker.call({ n: 1 }, [], 'a');
    const bad = worker.call({ n: 2, extra: () => 1 }, [], 'b');
    const third = worker.call({ n: 3 }, [], 'c');
    expect(await first).toBe(2);
    await expect(bad).rejects.toThrow(/could not be cloned/);
    expect(await third).toBe(6);
    expect(worker.inFlight).toBe(0);
  } finally {
    await worker.stop();
  }
});
