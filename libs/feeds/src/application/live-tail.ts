import type { EventStore, LogFollower, LogSubscription, RecordedEvent } from '@hub/event-store';

/** A pushed subscriber of the tail (see `LiveTail.listen`). */
export interface TailListener {
  events(events: readonly RecordedEvent[]): void;
  stopped(): void;
}

/**
 * One shared ring of the head of the log for every live subscriber, fed by the hub's
 * `LogFollower`: each new event is decoded once, kept in a bounded ring, and every subscriber
 * takes it from there. The ring
 * holds every event of `eventTypes` with position in (`from`, `to`], with no hole: a subscriber
 * whose cursor is >= `from` finds everything after it here; an older cursor reads the log.
 */
export class LiveTail {
  private ring: RecordedEvent[] = [];
  /** Index of the oldest live entry in `ring` (entries before it were dropped). */
  private oldest = 0;
  private fromPosition = 0;
  private toPosition = 0;
  private waiters = new Set<() => void>();
  private listeners = new Set<TailListener>();
  private subscription: LogSubscription | undefined;
  private readonly kept: ReadonlySet<string>;

  constructor(
    private readonly store: EventStore,
    private readonly follower: LogFollower,
    eventTypes: readonly string[],
    private readonly capacity: number,
  ) {
    this.kept = new Set(eventTypes);
  }

  get isRunning(): boolean {
    return this.subscription !== undefined;
  }

  /** Every event after this position is in the ring (or still to come). */
  get from(): number {
    return this.fromPosition;
  }

  get to(): number {
    return this.toPosition;
  }

  /** Starts at the head of the log: older cursors read the log. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.fromPosition = this.toPosition = await this.store.headPosition();
    // Every event type, though the ring keeps only its own: the subscription's position then
    // reaches the head itself, so `reached` can tell when the ring holds all up to a position.
    this.subscription = this.follower.register({
      name: 'live-tail',
      after: this.toPosition,
      handle: (events) => {
        // A position at or below `to` is a batch fed again: the ring must stay without holes
        // or repeats.
        const before = this.toPosition;
        for (const event of events) {
          if (event.position > this.toPosition && this.kept.has(event.type)) this.push(event);
        }
        if (this.listeners.size > 0 && this.toPosition > before) {
          const fresh = events.filter(
            (event) => event.position > before && this.kept.has(event.type),
          );
          for (const listener of this.listeners) listener.events(fresh);
        }
        this.wakeAll();
      },
    });
  }

  stop(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    const listeners = this.listeners;
    this.listeners = new Set();
    for (const listener of listeners) listener.stopped();
    this.wakeAll();
    return Promise.resolve();
  }

  /**
   * Resolves true once the ring holds everything of its types up to `position` (the follower
   * handed it every event up to there), false after `timeoutMs` or when the tail stops.
   */
  reached(position: number, timeoutMs: number): Promise<boolean> {
    return this.subscription?.waitForPosition(position, timeoutMs) ?? Promise.resolve(false);
  }

  /** Events with position > `cursor`, oldest first, at most `max` of them. */
  after(cursor: number, max: number): RecordedEvent[] {
    const first = this.firstAfter(cursor);
    return this.ring.slice(first, Math.min(first + max, this.ring.length));
  }

  /** Events with position in (`after`, `upTo`], oldest first: one copy of that part only. */
  between(after: number, upTo: number): RecordedEvent[] {
    return this.ring.slice(this.firstAfter(after), this.firstAfter(upTo));
  }

  /** How many ring events lie after `cursor`: a live subscriber's backlog. */
  backlog(cursor: number): number {
    return this.ring.length - this.firstAfter(cursor);
  }

  /** Index of the first live ring entry with position > `cursor` (binary search). */
  private firstAfter(cursor: number): number {
    let lo = this.oldest;
    let hi = this.ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring[mid].position <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Hands every event appended from now on to `listener`, synchronously, in the turn the
   * follower delivers it (a pushed subscriber, see push.ts); `stopped` when the tail stops.
   * A listener must not throw. Returns the function that removes it.
   */
  listen(listener: TailListener): () => void {
    if (!this.isRunning) {
      listener.stopped();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves at the next event appended to the ring, on abort, or after `maxWaitMs`. */
  wait(signal: AbortSignal, maxWaitMs: number): Promise<void> {
    if (signal.aborted || !this.isRunning) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  private wakeAll(): void {
    if (this.waiters.size === 0) return;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  private push(event: RecordedEvent): void {
    this.ring.push(event);
    this.toPosition = event.position;
    const live = this.ring.length - this.oldest;
    if (live > this.capacity) {
      this.fromPosition = this.ring[this.oldest].position;
      this.ring[this.oldest] = undefined as unknown as RecordedEvent;
      this.oldest += 1;
      // Compact now and then so the array does not grow without bound.
      if (this.oldest > this.capacity) {
        this.ring = this.ring.slice(this.oldest);
        this.oldest = 0;
      }
    }
  }
}
