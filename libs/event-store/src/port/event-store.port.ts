import type { AppendOptions, AppendResult } from './append.js';
import type { NewEvent, RecordedEvent } from './event.js';
import type { ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from './read.js';
import type { StreamMetadata } from './stream-metadata.js';

/**
 * The hub's append-only log. Every adapter (embedded SQLite, EventStoreDB) implements this port
 * and passes the one contract suite in `event-store.contract.ts`.
 */
export interface EventStore {
  /**
   * Appends atomically. Resolves only once the events are durable. Appending events whose ids
   * are already stored in this stream is an idempotent retry: nothing is written, success is
   * reported.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * True when `appendToStream` marks an idempotent retry (`AppendResult.alreadyStored`), decided
   * inside the append's own transaction. A writer whose ids derive from its input may then append
   * first and look at the stored events only for a retry, instead of looking every id up first.
   */
  readonly marksRetries: boolean;

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * The event with this id in this stream, as an idempotent append would find it (committed
   * events only), or undefined. Lets a writer whose ids are derived from its input tell a true
   * retry from a different message that derived the same id.
   */
  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Catches up from the log after `options.after`, then delivers new events live, with no gap
   * and no duplicate at the switch. Ends when `options.signal` aborts or `return()` is called.
   */
  subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent>;

  /** Position of the newest event in the log, or 0 when it is empty. */
  headPosition(): Promise<number>;

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;

  /** Cheap check that the store accepts writes (used by the readiness probe). */
  checkWritable(): Promise<void>;

  /** Flushes pending appends, then releases the store. */
  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
