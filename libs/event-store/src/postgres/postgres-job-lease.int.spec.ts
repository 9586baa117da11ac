import { expect, test } from '@jest/globals';
import pg from 'pg';
import { describeWithPostgres, useTestPostgres } from '../../../../tools/test/postgres.js';
import { connectPostgresEventStore } from './postgres-event-store.js';

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs`, naming what it waited for. */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithPostgres('the run-once lease of the PostgreSQL event store')(
  'PostgreSQL run-once lease: one holder per job across processes, taken over when it dies',
  () => {
    const server = useTestPostgres();

    test('one of two nodes holds a job; when its connection dies (as with kill -9) the other takes it over', async () => {
      const url = await server.createDatabase();
      const [a, b] = await Promise.all([
        connectPostgresEventStore({ connectionString: url }),
        connectPostgresEventStore({ connectionString: url }),
      ]);
      const onA = a.jobLease('retention');
      const onB = b.jobLease('retention');
      try {
        expect(await onA.held()).toBe(true);
        expect(await onA.held()).toBe(true); // kept, not taken again
        expect(await onB.held()).toBe(false);
        // Another job is another lock: node B may run that one.
        const otherOnB = b.jobLease('rule-activation');
        expect(await otherOnB.held()).toBe(true);
        await otherOnB.close();

        // The server ends node A's lease connection, as it does when the holder is killed.
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const { rows } = await admin.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
           WHERE locktype = 'advisory' AND granted AND database = (
             SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        await admin.end();
        expect(rows).toEqual([{ ended: true }]);

        await waitUntil('node B to take the lease over', () => onB.held());
        await waitUntil('node A to notice it lost the lease', async () => !(await onA.held()));
        expect(await onB.held()).toBe(true);
      } finally {
        await Promise.all([onA.close(), onB.close()]);
        await Promise.all([a.close(), b.close()]);
      }
    }, 60_000);

    test('a closed lease is released at once and never held again', async () => {
      const url = await server.createDatabase();
      const store = await connectPostgresEventStore({ connectionString: url });
      const first = store.jobLease('retention');
      const second = store.jobLease('retention');
      try {
        expect(await first.held()).toBe(true);
        expect(await second.held()).toBe(false);
        await first.close();
        expect(await first.held()).toBe(false);
        await waitUntil('the second lease to take the released job', () => second.held());
      } finally {
        await Promise.all([first.close(), second.close()]);
        await store.close();
      }
    }, 60_000);
  },
);
