import { randomUUID } from 'node:crypto';
import { expect, test } from '@jest/globals';
import pg from 'pg';
import { describeWithPostgres, useTestPostgres } from '../../../../tools/test/postgres.js';
import { freePort } from '../../../../tools/processes/ports.js';
import { AppendFailedError, StoreUnavailableError } from '../port/errors.js';
import { RETENTION_EVENT_TYPE, RETENTION_STREAM } from '../sqlite/sqlite-retention.js';
import { connectPostgresEventStore } from './postgres-event-store.js';
import { SCHEMA_VERSION } from './postgres-schema.js';

const evs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } }));

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

test('an unreachable server stops the connect with STORE_UNAVAILABLE naming the URL without its password', async () => {
  const port = await freePort(); // nothing listens there
  const url = `postgres://hub:s3cret-pw@127.0.0.1:${port}/hub`;
  const error = await connectPostgresEventStore({ connectionString: url }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  const message = (error as Error).message;
  expect(message).toContain(`postgres://hub:***@127.0.0.1:${port}/hub`);
  expect(message).toContain('ECONNREFUSED');
  expect(message).not.toContain('s3cret-pw');
});

describeWithPostgres('the PostgreSQL event store faults and schema')(
  'PostgreSQL adapter: schema, retention, faults',
  () => {
    const server = useTestPostgres();

    test('the schema is created once: reconnecting (also two at once) keeps data and one version row', async () => {
      const url = await server.createDatabase();
      const [a, b] = await Promise.all([
        connectPostgresEventStore({ connectionString: url }),
        connectPostgresEventStore({ connectionString: url }),
      ]);
      const { position } = await a.appendToStream('kept', evs(2));
      await Promise.all([a.close(), b.close()]);
      const again = await connectPostgresEventStore({ connectionString: url });
      expect((await again.readStream('kept')).map((e) => e.position)).toEqual([
        position - 1,
        position,
      ]);
      await again.close();
      expect(await sql(url, 'SELECT version FROM event_store_schema ORDER BY version')).toEqual(
        Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })),
      );
    });

    test('a log written by a newer hub (higher schema version) is refused with a clear reason', async () => {
      const url = await server.createDatabase();
      await (await connectPostgresEventStore({ connectionString: url })).close();
      await sql(url, `INSERT INTO event_store_schema (version) VALUES (${SCHEMA_VERSION + 1})`);
      await expect(connectPostgresEventStore({ connectionString: url })).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining('upgrade the hub') as unknown,
      });
    });

    test('a commit that cannot get the head lock fails its batch (APPEND_FAILED), writes nothing, and the next append works', async () => {
      const url = await server.createDatabase();
      const store = await connectPostgresEventStore({ connectionString: url, lockTimeoutMs: 300 });
      const blocker = new pg.Client({ connectionString: url });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT head FROM event_log_head WHERE id = 1 FOR UPDATE');
        const error = await store.appendToStream('blocked', evs(2)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppendFailedError);
        expect(error).toMatchObject({ code: 'APPEND_FAILED' });
        await blocker.query('ROLLBACK');
        const next = await store.appendToStream('blocked', evs(1), {
          expectedRevision: 'no_stream',
        });
        expect(next).toEqual({ nextExpectedRevision: 0, position: 1 });
      } finally {
        await blocker.end();
        await store.close();
      }
    });

    test('a read-only server fails the readiness probe', async () => {
      const url = await server.createDatabase();
      const store = await connectPostgresEventStore({ connectionString: url });
      await expect(store.checkWritable()).resolves.toBeUndefined();
      const name = new URL(url).pathname.slice(1);
      await sql(url, `ALTER DATABASE ${name} SET default_transaction_read_only = on`);
      await store.close();
      const readOnly = await connectPostgresEventStore({ connectionString: url }).catch(
        (e: unknown) => e,
      );
      // Migrations need writes only when the schema is missing: a read-only, migrated log opens.
      expect(readOnly).not.toBeInstanceOf(Error);
      const reopened = readOnly as Awaited<ReturnType<typeof connectPostgresEventStore>>;
      await expect(reopened.checkWritable()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await reopened.close();
    });

    test('retention deletes expired events, records the run in $retention, and never reuses positions', async () => {
      const url = await server.createDatabase();
      const store = await connectPostgresEventStore({ connectionString: url });
      await store.setStreamMetadata('by-count', { maxCount: 3 });
      await store.appendToStream('by-count', evs(10));
      await store.appendToStream('kept', evs(2));
      await store.setStreamMetadata('short', { maxAge: 1 });
      const last = await store.appendToStream('short', evs(2));
      await new Promise((resolve) => setTimeout(resolve, 2100));

      const report = await store.runRetention();
      expect(report.removedEvents).toBe(7 + 2);
      expect(report.streams).toEqual([
        { streamId: 'by-count', removed: 7 },
        { streamId: 'short', removed: 2 },
      ]);
      const [record] = await store.readStream(RETENTION_STREAM);
      expect(record).toMatchObject({
        type: RETENTION_EVENT_TYPE,
        position: last.position + 1,
        data: { removedEvents: 9, streamCount: 2 },
      });
      const all = await store.readAll();
      expect(all.filter((e) => e.streamId === 'by-count').map((e) => e.revision)).toEqual([
        7, 8, 9,
      ]);
      expect(all.filter((e) => e.streamId === 'short')).toEqual([]);
      expect(all.filter((e) => e.streamId === 'kept')).toHaveLength(2);
      expect((await store.runRetention()).removedEvents).toBe(0);

      const next = await store.appendToStream('short', evs(1), { expectedRevision: 1 });
      expect(next).toEqual({ nextExpectedRevision: 2, position: last.position + 2 });
      await store.close();
    });
  },
);
