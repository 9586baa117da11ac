import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import { describeWithPostgres, useTestPostgres } from '../../../../tools/test/postgres.js';
import { onLines, spawnTs } from '../../test-support/ts-child.js';
import type { RecordedEvent } from '../port/event.js';
import { connectPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';

const CHILD = fileURLToPath(
  new URL('../../test-support/postgres-append-child.ts', import.meta.url),
);
const PER_CHILD = 1000;

/** One appending child: `ready` once connected, `go()` starts it, `done` has its acknowledged ids. */
function startChild(
  url: string,
  label: string,
): { ready: Promise<void>; go(): void; done: Promise<string[]> } {
  const child = spawnTs(CHILD, [url, label, String(PER_CHILD)]);
  const acked: string[] = [];
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  onLines(child, (line) => {
    if (line === 'ready') markReady();
    if (line.startsWith('ack ')) acked.push(...line.split(' ')[1].split(','));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(acked);
      else reject(new Error(`child ${label} exited with ${code ?? signal}: ${stderr}`));
    });
  });
  return { ready, go: () => child.stdin.write('go\n'), done };
}

/** Follows `$all` with plain `readAll` polls, the way any reader resumes from its cursor. */
async function pollUntil(
  store: PostgresEventStore,
  count: number,
  signal: AbortSignal,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  let cursor = 0;
  while (seen.length < count && !signal.aborted) {
    const page = await store.readAll({ after: cursor, maxCount: 200 });
    seen.push(...page);
    if (page.length > 0) cursor = page[page.length - 1].position;
    else await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return seen;
}

async function subscribeUntil(
  store: PostgresEventStore,
  count: number,
  signal: AbortSignal,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  for await (const event of store.subscribeToAll({ after: 0, signal })) {
    seen.push(event);
    if (seen.length >= count) break;
  }
  return seen;
}

/** Positions 1..n in order, each acknowledged id exactly once, nothing else. */
function expectWholeLog(seen: RecordedEvent[], acked: string[]): void {
  expect(seen.map((e) => e.position)).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
  const ids = seen.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...acked].sort());
}

describeWithPostgres('the PostgreSQL event store under concurrent processes')(
  'PostgreSQL adapter: several processes, one log',
  () => {
    const server = useTestPostgres();

    test('two processes append while a poller and a subscriber read: every event once, one gap-free order', async () => {
      const url = await server.createDatabase();
      const reader = await connectPostgresEventStore({ connectionString: url });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 100_000);
      try {
        const total = 2 * PER_CHILD;
        // Both readers start before the children, so they read while the appends commit.
        const polled = pollUntil(reader, total, controller.signal);
        const subscribed = subscribeUntil(reader, total, controller.signal);
        // Both children connect first and start appending together, so their appends overlap
        // however slowly each process started.
        const children = [startChild(url, 'a'), startChild(url, 'b')];
        await Promise.race([
          Promise.all(children.map((c) => c.ready)),
          Promise.all(children.map((c) => c.done)), // a child that dies before it is ready
        ]);
        for (const c of children) c.go();
        const acked = (await Promise.all(children.map((c) => c.done))).flat();
        expect(acked).toHaveLength(total);
        const [byPoll, bySubscription] = await Promise.all([polled, subscribed]);
        expectWholeLog(byPoll, acked);
        expectWholeLog(bySubscription, acked);
        // Revisions per stream: 0..k, no gap, in global order.
        const next = new Map<string, number>();
        for (const e of byPoll) {
          expect(e.revision).toBe(next.get(e.streamId) ?? 0);
          next.set(e.streamId, e.revision + 1);
        }
        // Both processes really interleaved in the one order.
        const labels = byPoll.map((e) => (e.data as { label: string }).label);
        const switches = labels.filter((l, i) => i > 0 && l !== labels[i - 1]).length;
        expect(switches).toBeGreaterThan(1);
      } finally {
        clearTimeout(timer);
        controller.abort();
        await reader.close();
      }
    }, 120_000);

    test('a catch-up from the start races live appends of another process: no gap, no duplicate at the switch', async () => {
      const url = await server.createDatabase();
      const writer = await connectPostgresEventStore({ connectionString: url });
      // A long safety poll: live events must arrive through NOTIFY from the other store.
      const reader = await connectPostgresEventStore({
        connectionString: url,
        subscriptionPollMs: 60_000,
      });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        const history = Array.from({ length: 25 }, (_, i) =>
          writer.appendToStream(
            `history-${i % 5}`,
            Array.from({ length: 100 }, () => ({ id: randomUUID(), type: 'Old', data: { i } })),
          ),
        );
        await Promise.all(history);
        const live: string[] = [];
        const appending = (async () => {
          for (let i = 0; i < 300; i++) {
            const id = randomUUID();
            live.push(id);
            await writer.appendToStream(`live-${i % 7}`, [{ id, type: 'New', data: { i } }]);
          }
        })();
        const seen = await subscribeUntil(reader, 2500 + 300, controller.signal);
        await appending;
        expect(controller.signal.aborted).toBe(false);
        expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 2800 }, (_, i) => i + 1));
        expect(seen.slice(2500).map((e) => e.id)).toEqual(live);
      } finally {
        clearTimeout(timer);
        controller.abort();
        await Promise.all([writer.close(), reader.close()]);
      }
    }, 180_000);

    test('a follower in another store learns of a commit by NOTIFY, not by its (1 min) poll', async () => {
      const url = await server.createDatabase();
      const writer = await connectPostgresEventStore({ connectionString: url });
      const reader = await connectPostgresEventStore({
        connectionString: url,
        subscriptionPollMs: 60_000,
      });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 15_000);
      try {
        const first = subscribeUntil(reader, 1, controller.signal);
        // Let the subscriber reach its wait on an empty log before anything is appended.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const { position } = await writer.appendToStream('notify', [
          { id: randomUUID(), type: 'Ping', data: {} },
        ]);
        const [got] = await first;
        expect(controller.signal.aborted).toBe(false);
        expect(got?.position).toBe(position);
      } finally {
        clearTimeout(timer);
        controller.abort();
        await Promise.all([writer.close(), reader.close()]);
      }
    }, 180_000);

    test('the same append from two stores at once is stored once', async () => {
      const url = await server.createDatabase();
      const [one, two] = await Promise.all([
        connectPostgresEventStore({ connectionString: url }),
        connectPostgresEventStore({ connectionString: url }),
      ]);
      try {
        const batch = Array.from({ length: 3 }, () => ({
          id: randomUUID(),
          type: 'Twice',
          data: {},
        }));
        const results = await Promise.all([
          one.appendToStream('twice', batch),
          two.appendToStream('twice', batch),
        ]);
        const answer = (r: (typeof results)[number]) => [r.nextExpectedRevision, r.position];
        expect(answer(results[0])).toEqual(answer(results[1]));
        // One of them found the other's events: the retry is marked, the first append is not.
        expect(results.filter((r) => r.alreadyStored)).toHaveLength(1);
        expect((await one.readStream('twice')).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    });
  },
);
