import { expect, test } from '@jest/globals';
import pg from 'pg';
import { describeWithPostgres, useTestPostgres } from '../../../../tools/test/postgres.js';
import { connectPostgresEventStore } from './postgres-event-store.js';
import { readAllSql, SCHEMA_VERSION } from './postgres-schema.js';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeWithPostgres('the PostgreSQL type index')('PostgreSQL schema: the type index', () => {
  const server = useTestPostgres();

  test('a version 1 log (no type index) gets it when a hub connects, and keeps its events', async () => {
    const url = await server.createDatabase();
    const store = await connectPostgresEventStore({ connectionString: url });
    await store.appendToStream('old', [{ id: crypto.randomUUID(), type: 'LabCreated', data: {} }]);
    await store.close();
    // Back to the layout of version 1, as a hub of that version left it.
    await withClient(url, async (c) => {
      await c.query('DROP INDEX event_log_type_position');
      await c.query('DELETE FROM event_store_schema WHERE version > 1');
    });
    const again = await connectPostgresEventStore({ connectionString: url });
    try {
      expect((await again.readAll({ eventTypes: ['LabCreated'] })).map((e) => e.streamId)).toEqual([
        'old',
      ]);
    } finally {
      await again.close();
    }
    const [versions, index] = await withClient(url, async (c) => [
      (await c.query('SELECT max(version) AS v FROM event_store_schema')).rows,
      (await c.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'event_log_type_position'"))
        .rows,
    ]);
    expect(versions).toEqual([{ v: SCHEMA_VERSION }]);
    expect(String((index[0] as { indexdef?: string } | undefined)?.indexdef)).toContain(
      '(type, "position")',
    );
  });

  test('a read of a rare type uses the type index, not a scan of the log', async () => {
    const url = await server.createDatabase();
    const store = await connectPostgresEventStore({ connectionString: url });
    const event = (type: string) => ({ id: crypto.randomUUID(), type, data: {} });
    for (let i = 0; i < 20; i++) {
      await store.appendToStream(`s-${i}`, [
        ...Array.from({ length: 500 }, () => event('ReadingRecorded')),
        event('LabCreated'),
      ]);
    }
    await store.close();
    const plan = await withClient(url, async (c) => {
      await c.query('ANALYZE event_log');
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${readAllSql(false, true)}`,
        [0, 1000, ['LabCreated']],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('event_log_type_position');
  });
});
