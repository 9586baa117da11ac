import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { runEventStoreContract } from '../event-store.contract.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runEventStoreContract('SQLite (group commit 2 ms)', () =>
  Promise.resolve(openSqliteEventStore({ file: join(dir, 'events.sqlite') })),
);

// Without a window every append is its own commit: the same contract must hold.
runEventStoreContract('SQLite (no group commit window)', () =>
  Promise.resolve(
    openSqliteEventStore({
      file: join(dir, 'events-nowindow.sqlite'),
      groupCommitWindowMs: 0,
      groupCommitMaxEvents: 1,
    }),
  ),
);

// A small window of recent commits: subscriptions cross from the file into memory often.
runEventStoreContract('SQLite (16 recent events in memory)', () =>
  Promise.resolve(
    openSqliteEventStore({ file: join(dir, 'events-recent16.sqlite'), recentEvents: 16 }),
  ),
);

// No window: every subscription reads the file, as before decision 0009.
runEventStoreContract('SQLite (no recent events in memory)', () =>
  Promise.resolve(
    openSqliteEventStore({ file: join(dir, 'events-norecent.sqlite'), recentEvents: 0 }),
  ),
);
