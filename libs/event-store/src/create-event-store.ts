import type { EventStore } from './port/event-store.port.js';
import { EventStoreConfigError } from './port/errors.js';
import type { HubLogger } from '@hub/contracts';
import type { SynchronousMode } from './sqlite/sqlite-open.js';
import { openSqliteEventStore } from './sqlite/sqlite-event-store.js';

/** The shape `libs/config` produces (`HubConfig['eventStore']`); the store reads no environment. */
export interface EventStoreConfig {
  readonly kind: 'sqlite' | 'eventstoredb' | 'postgres';
  /** Also the group commit knobs of the PostgreSQL adapter (`groupCommitWindowMs`, `groupCommitMaxEvents`). */
  readonly sqlite: {
    readonly file: string;
    readonly synchronous?: SynchronousMode;
    readonly groupCommitWindowMs?: number;
    readonly groupCommitMaxEvents?: number;
    /** WAL checkpoint thread interval (default 100 ms; 0 = none: a reader's second connection). */
    readonly checkpointIntervalMs?: number;
  };
  /** Connection string, e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=false`. */
  readonly eventStoreDbUrl?: string;
  /** Connection string, e.g. `postgres://hub:secret@db.example:5432/hub`. */
  readonly postgresUrl?: string;
}

/**
 * Picks the adapter by configuration: a deployment switches to EventStoreDB without a code change.
 * The EventStoreDB (gRPC) and PostgreSQL clients are loaded only when chosen, so the embedded
 * default boots light.
 */
export async function createEventStore(
  config: EventStoreConfig,
  logger?: HubLogger,
): Promise<EventStore> {
  const kind = config.kind;
  switch (kind) {
    case 'sqlite':
      return openSqliteEventStore({ ...config.sqlite, logger });
    case 'eventstoredb': {
      if (!config.eventStoreDbUrl) {
        throw new EventStoreConfigError(
          'HUB_EVENT_STORE=eventstoredb needs HUB_EVENTSTORE_URL (e.g. esdb://node1:2113,node2:2113,node3:2113?tls=false)',
        );
      }
      const { connectEventStoreDb } = await import('./eventstoredb/eventstoredb-event-store.js');
      return connectEventStoreDb({ connectionString: config.eventStoreDbUrl, logger });
    }
    case 'postgres': {
      if (!config.postgresUrl) {
        throw new EventStoreConfigError(
          'HUB_EVENT_STORE=postgres needs HUB_POSTGRES_URL (e.g. postgres://hub:secret@db.example:5432/hub)',
        );
      }
      const { connectPostgresEventStore } = await import('./postgres/postgres-event-store.js');
      return connectPostgresEventStore({
        connectionString: config.postgresUrl,
        groupCommitWindowMs: config.sqlite.groupCommitWindowMs,
        groupCommitMaxEvents: config.sqlite.groupCommitMaxEvents,
        logger,
      });
    }
    default: {
      const unknown: never = kind;
      throw new EventStoreConfigError(
        `HUB_EVENT_STORE="${String(unknown)}" is not an event store; use "sqlite", "eventstoredb" or "postgres"`,
      );
    }
  }
}
