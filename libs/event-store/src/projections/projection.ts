import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../port/event.js';

/**
 * A read model fed from `$all`. The runner calls `apply` inside the transaction that also moves
 * the projection's checkpoint, so `apply` must only touch `db` synchronously (no I/O elsewhere).
 */
export interface Projection {
  /** Stable name: the checkpoint row's key. */
  readonly name: string;
  /** Bump when the read model's shape or rules change: the runner then rebuilds it from zero. */
  readonly version: number;
  /** Only these types reach `apply` (all when omitted); the checkpoint still moves past others. */
  readonly eventTypes?: readonly string[];
  /** Creates tables and indexes; must be idempotent (`IF NOT EXISTS`). */
  setup(db: Database): void;
  apply(db: Database, event: RecordedEvent): void;
  /** Empties the read model (before a rebuild). */
  reset(db: Database): void;
}

export interface ProjectionProgress {
  /** Events read from the log so far in this run. */
  readonly processed: number;
  /** Position of the last event applied. */
  readonly position: number;
  /** Head of the log when the run started: the run ends there. */
  readonly headPosition: number;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
}
