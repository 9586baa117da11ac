import type { EventStoreConfig } from '@hub/event-store';

/** What the hub hands the projection worker at start. */
export interface ProjectionWorkerData {
  readonly eventStore: EventStoreConfig;
  readonly readModelsFile: string;
}

/** Worker -> hub. */
export type ProjectionWorkerMessage =
  /** Every read model has applied the log up to `position` (posted at start and per batch). */
  | { readonly type: 'checkpoint'; readonly position: number }
  | {
      readonly type: 'log';
      readonly level: 'info' | 'warn' | 'error';
      readonly message: string;
      readonly context?: Record<string, unknown>;
    };

/** Hub -> worker: stop following, close the connections, end the thread. */
export interface ProjectionWorkerStop {
  readonly type: 'stop';
}
