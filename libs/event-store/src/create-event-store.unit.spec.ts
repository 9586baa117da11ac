import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createEventStore, type EventStoreConfig } from './create-event-store.js';
import { EventStoreConfigError, StoreUnavailableError } from './port/errors.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-create-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sqlite = { file: join(dir, 'events.sqlite') };

describe('createEventStore', () => {
  test('sqlite is the embedded adapter', async () => {
    const store = await createEventStore({ kind: 'sqlite', sqlite });
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
  });

  test('eventstoredb without a URL stops the boot with the variable to set', async () => {
    await expect(createEventStore({ kind: 'eventstoredb', sqlite })).rejects.toThrow(
      new EventStoreConfigError(
        'HUB_EVENT_STORE=eventstoredb needs HUB_EVENTSTORE_URL (e.g. esdb://node1:2113,node2:2113,node3:2113?tls=false)',
      ),
    );
  });

  test('a malformed EventStoreDB URL stops the boot naming it', async () => {
    await expect(
      createEventStore({ kind: 'eventstoredb', sqlite, eventStoreDbUrl: 'http://not-esdb' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  test('postgres without a URL stops the boot with the variable to set', async () => {
    await expect(createEventStore({ kind: 'postgres', sqlite })).rejects.toThrow(
      /HUB_EVENT_STORE=postgres needs HUB_POSTGRES_URL/,
    );
  });

  test('an unknown kind stops the boot with the allowed values', async () => {
    const config = { kind: 'mysql', sqlite } as unknown as EventStoreConfig;
    await expect(createEventStore(config)).rejects.toThrow(
      /use "sqlite", "eventstoredb" or "postgres"/,
    );
  });
});
