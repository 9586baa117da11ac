import { describeWithPostgres, useTestPostgres } from '../../../../tools/test/postgres.js';
import { runEventStoreContract } from '../event-store.contract.js';
import { connectPostgresEventStore } from './postgres-event-store.js';

describeWithPostgres('the PostgreSQL event store contract')('PostgreSQL adapter', () => {
  const server = useTestPostgres();

  runEventStoreContract('PostgreSQL (group commit 2 ms)', async () =>
    connectPostgresEventStore({ connectionString: await server.createDatabase() }),
  );

  // Without a window every append is its own commit: the same contract must hold.
  runEventStoreContract('PostgreSQL (no group commit window)', async () =>
    connectPostgresEventStore({
      connectionString: await server.createDatabase(),
      groupCommitWindowMs: 0,
      groupCommitMaxEvents: 1,
    }),
  );
});
