import type { RecordedEvent } from './event.js';
import type { EventStore } from './event-store.port.js';

/**
 * An optional capability of the adapters that own their positions (SQLite, PostgreSQL), used by
 * `hubctl store copy` to move a log between them unchanged: positions, revisions and recorded
 * times stay what the source recorded, so read-model checkpoints and subscribers' cursors stay
 * valid after a move. EventStoreDB assigns its own positions and times and has no such door;
 * a copy to it goes through `appendToStream`.
 */
export interface VerbatimLog {
  /** Number of events physically in the log (what a full `readAll` would return). */
  countEvents(): Promise<number>;
  /**
   * Writes already-recorded events as they are, in one transaction. Refused with
   * `ImportOutOfOrderError` (nothing written) unless positions rise above the head and each
   * stream's revisions rise above its current revision: an import only ever extends the log.
   */
  importRecorded(events: readonly RecordedEvent[]): Promise<void>;
}

export const isVerbatimLog = (store: EventStore): store is EventStore & VerbatimLog =>
  typeof (store as Partial<VerbatimLog>).importRecorded === 'function' &&
  typeof (store as Partial<VerbatimLog>).countEvents === 'function';
