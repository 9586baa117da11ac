export interface GroupCommitOptions {
  /** How long the first pending append waits for company before the batch is written. */
  readonly windowMs: number;
  /** A batch is written as soon as this many events are pending, window or not. */
  readonly maxEvents: number;
}

export interface Batched {
  readonly eventCount: number;
}

/**
 * Collects appends and hands them over as one batch when the window elapses or enough events are
 * pending, whichever comes first. The size trigger flushes on `setImmediate`, never inside the
 * caller's stack: a closed loop of appenders resolving in microtasks would otherwise keep the
 * event loop busy and starve sockets and timers.
 */
export class GroupCommitQueue<T extends Batched> {
  private pending: T[] = [];
  private pendingEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly writeBatch: (batch: T[]) => void,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  enqueue(item: T): void {
    this.pending.push(item);
    this.pendingEvents += item.eventCount;
    if (this.immediate) return;
    if (this.pendingEvents >= this.options.maxEvents || this.options.windowMs <= 0) {
      this.immediate = setImmediate(() => this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.windowMs);
    }
  }

  /** Writes everything pending now (also used by `close()`). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    this.writeBatch(batch);
  }
}
