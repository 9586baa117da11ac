import type { RecordedEvent } from '../port/event.js';
import type { LogConsumer, LogSubscription } from './log-consumer.js';
import { PositionWaiters } from './position-waiters.js';

interface Queued {
  readonly events: readonly RecordedEvent[];
  readonly upTo: number;
}

/** Reports a failure of the consumer's `handle`; the follower logs it and schedules the retry. */
export type FailureReport = (slot: ConsumerSlot, error: unknown) => void;

/**
 * One consumer inside the follower: what it has applied (`position`), what it has been handed
 * (`queuedTo`, ahead while an async batch runs), its queue, its waiters. Batches are applied one
 * at a time and in order; an async consumer only ever holds back itself.
 */
export class ConsumerSlot implements LogSubscription {
  position: number;
  private queuedTo: number;
  private readonly types: ReadonlySet<string> | undefined;
  private busy = false;
  private queue: Queued[] = [];
  /** Bumped on failure: settlements of batches handed over before it are ignored. */
  private generation = 0;
  private failedFlag = false;
  private closedFlag = false;
  /** Consecutive failures (the retry pause grows with them). */
  failures = 0;
  private readonly waiters = new PositionWaiters();

  constructor(
    readonly consumer: LogConsumer,
    private readonly onFailure: FailureReport,
    private readonly onClose: (slot: ConsumerSlot) => void,
  ) {
    this.position = consumer.after;
    this.queuedTo = consumer.after;
    this.types = consumer.eventTypes ? new Set(consumer.eventTypes) : undefined;
  }

  get eventTypes(): readonly string[] | undefined {
    return this.consumer.eventTypes;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get failed(): boolean {
    return this.failedFlag;
  }

  /** Where the shared subscription must start for this consumer to miss nothing. */
  get resumeFrom(): number {
    return this.queuedTo;
  }

  /**
   * Hands over a batch of the shared subscription: every event of the log in (`from`, `upTo`]
   * of the subscribed types, in order (`from` is where the previous batch ended). Events the
   * consumer already has are skipped, as are other types. A consumer behind `from` (to be fed
   * again after a failure, or registered behind) takes nothing from this subscription, or it
   * would have a gap: the follower subscribes again from its position. A failed consumer takes
   * nothing until its retry.
   */
  deliver(events: readonly RecordedEvent[], from: number, upTo: number): void {
    if (this.closedFlag || this.failedFlag || upTo <= this.queuedTo || this.queuedTo < from) {
      return;
    }
    const after = this.queuedTo;
    const mine = events.filter(
      (e) => e.position > after && (this.types === undefined || this.types.has(e.type)),
    );
    this.queuedTo = upTo;
    if (this.busy) this.queue.push({ events: mine, upTo });
    else this.apply(mine, upTo);
  }

  /** Ends the pause after a failure: the consumer takes events again from `position`. */
  retry(): void {
    this.failedFlag = false;
  }

  waitForPosition(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    if (this.closedFlag) return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.generation += 1;
    this.queue = [];
    this.waiters.endAll();
    this.onClose(this);
  }

  private apply(events: readonly RecordedEvent[], upTo: number): void {
    if (events.length === 0) {
      this.advance(upTo);
      return;
    }
    let result: void | Promise<void>;
    try {
      result = this.consumer.handle(events);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!(result instanceof Promise)) {
      this.advance(upTo);
      return;
    }
    this.busy = true;
    const generation = this.generation;
    result.then(
      () => {
        if (generation !== this.generation) return;
        this.busy = false;
        this.advance(upTo);
        this.drain();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.busy = false;
        this.fail(error);
      },
    );
  }

  private drain(): void {
    while (!this.busy && !this.failedFlag && !this.closedFlag && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.apply(next.events, next.upTo);
    }
  }

  private advance(upTo: number): void {
    if (upTo <= this.position) return;
    this.position = upTo;
    this.failures = 0;
    this.waiters.reached(upTo);
  }

  private fail(error: unknown): void {
    this.failedFlag = true;
    this.failures += 1;
    this.generation += 1;
    this.queue = [];
    // Everything after the last applied batch is handed over again at the retry.
    this.queuedTo = this.position;
    this.onFailure(this, error);
  }
}
