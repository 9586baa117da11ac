import type { EventStore, RecordedEvent } from '@hub/event-store';

/**
 * One shared reader of the head of the log for every live subscriber: each new event is read
 * and decoded once, kept in a bounded ring, and every subscriber takes it from there. The ring
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
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly store: EventStore,
    private readonly eventTypes: readonly string[],
    private readonly capacity: number,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Every event after this position is in the ring (or still to come). */
  get from(): number {
    return this.fromPosition;
  }

  get to(): number {
    return this.toPosition;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.fromPosition = this.toPosition = await this.store.headPosition();
    this.controller = new AbortController();
    this.running = true;
    this.loop = this.follow(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    this.running = false;
    this.wakeAll();
  }

  /** Events with position > `cursor`, oldest first, at most `max` of them. */
  after(cursor: number, max: number): RecordedEvent[] {
    const first = this.firstAfter(cursor);
    return this.ring.slice(first, Math.min(first + max, this.ring.length));
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

  /** Resolves at the next event appended to the ring, on abort, or after `maxWaitMs`. */
  wait(signal: AbortSignal, maxWaitMs: number): Promise<void> {
    if (signal.aborted || !this.running) return Promise.resolve();
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

  private async follow(signal: AbortSignal): Promise<void> {
    let pending = false;
    while (!signal.aborted) {
      try {
        for await (const event of this.store.subscribeToAll({
          after: this.toPosition,
          eventTypes: this.eventTypes,
          signal,
        })) {
          this.push(event);
          // Wake subscribers once per burst of events rather than once per event.
          if (!pending) {
            pending = true;
            setImmediate(() => {
              pending = false;
              this.wakeAll();
            });
          }
        }
      } catch {
        if (!signal.aborted) await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
