import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from '@jest/globals';
import { describeWithPostgres, useTestPostgres } from '../../../tools/test/postgres.js';
import { connectPostgresEventStore } from './postgres/postgres-event-store.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';
import { runVerbatimLogContract } from './verbatim-log.contract.js';

describe('SQLite adapter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-verbatim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  runVerbatimLogContract('SQLite', () =>
    Promise.resolve(openSqliteEventStore({ file: join(dir, `events-${n++}.sqlite`) })),
  );
});

describeWithPostgres('the PostgreSQL verbatim import')('PostgreSQL adapter', () => {
  const server = useTestPostgres();
  runVerbatimLogContract('PostgreSQL', async () =>
    connectPostgresEventStore({ connectionString: await server.createDatabase() }),
  );
});
