import type { RecordedEvent } from '../port/event.js';

/**
 * A component that applies the log (a view, a live ring, the rules in force) and lets the
 * `LogFollower` feed it. It tells where it stands; the follower delivers everything after that,
 * in log order, in batches.
 */
export interface LogConsumer {
  /** Named in logs when the consumer fails. */
  readonly name: string;
  /** Exclusive cursor: the consumer has applied every event of its types up to this position. */
  readonly after: number;
  /** Only events of these types (omitted: every event). */
  readonly eventTypes?: readonly string[];
  /**
   * Applies events in log order (never empty; positions above every earlier batch). A returned
   * promise holds back this consumer's next batch, and no one else's, until it settles. Throwing
   * or rejecting is logged and the consumer is fed again from its last applied batch after a
   * pause, so a consumer must tolerate seeing again the events of a batch it failed halfway.
   */
  handle(events: readonly RecordedEvent[]): void | Promise<void>;
}

/** A consumer's place in the follower, returned by `LogFollower.register`. */
export interface LogSubscription {
  /** Highest position the consumer has applied (events of other types included). */
  readonly position: number;
  /**
   * Resolves true once the consumer has applied the log up to `position`, false after
   * `timeoutMs` or when it leaves the follower.
   */
  waitForPosition(position: number, timeoutMs?: number): Promise<boolean>;
  /** Leaves the follower; pending waits resolve false. */
  close(): void;
}
