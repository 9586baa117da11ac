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
