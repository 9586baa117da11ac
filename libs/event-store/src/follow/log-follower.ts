import type { RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import { StoreClosedError } from '../port/errors.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import { ConsumerSlot } from './consumer-slot.js';
import type { LogConsumer, LogSubscription } from './log-consumer.js';

export interface LogFollowerOptions {
  readonly store: EventStore;
  readonly logger?: HubLogger;
  /** Pause before following again after a store failure, and before a failed consumer's first retry (default 500 ms). */
  readonly retryDelayMs?: number;
  /** Longest pause between retries of a consumer that keeps failing (default 5000 ms). */
  readonly maxRetryDelayMs?: number;
  /** Events handed over in one batch at most (default 1000). */
  readonly maxBatch?: number;
}

/**
 * The one follower of the log in a hub process: ONE `subscribeToAll` over the union of the
 * consumers' event types, catch-up then live, re-subscribed after a store failure, and every
 * consumer fed from it in batches (events of one burst together, handed over at the end of the
 * event-loop turn).
 *
 * The subscription starts at the lowest position a consumer still needs, so consumers that load
 * their state at boot should start at the head they read before loading (`loadFromLog`), not at
 * their last event, or the follower re-reads the log from there. A consumer registered later
 * behind the subscription, or one whose `handle` failed, makes the follower subscribe again from
 * that consumer's position; consumers ahead of it skip what they already have.
 */
export class LogFollower {
  private readonly store: EventStore;
  private readonly logger: HubLogger;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxBatch: number;
  private readonly slots = new Set<ConsumerSlot>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private buffer: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  /**
   * The current subscription has handed over the log up to `flushedTo` and read it up to
   * `front`; the next batch covers (`flushedTo`, its last position].
   */
  private flushedTo = 0;
  private front = -1;
  private subscribedTypes: ReadonlySet<string> | undefined;
  private current: AbortController | undefined;
  private stopping: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private wakeIdle: (() => void) | undefined;

  constructor(options: LogFollowerOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.maxBatch = options.maxBatch ?? 1000;
  }

  get isRunning(): boolean {
    return this.loop !== undefined;
  }

  /** Adds a consumer; it is fed from `consumer.after` on, whether the follower runs yet or not. */
  register(consumer: LogConsumer): LogSubscription {
    const slot = new ConsumerSlot(
      consumer,
      (s, error) => this.failed(s, error),
      (s) => this.slots.delete(s),
    );
    this.slots.add(slot);
    if (this.loop && (slot.resumeFrom < this.front || !this.covers(slot))) this.resubscribe();
    this.wakeIdle?.();
    return slot;
  }

  /** Resolves true once every consumer has applied the log up to `position` (false on timeout). */
  async waitForPosition(position: number, timeoutMs = 5000): Promise<boolean> {
    const reached = await Promise.all(
      [...this.slots].map((slot) => slot.waitForPosition(position, timeoutMs)),
    );
    return reached.every(Boolean);
  }

  /** Starts following (consumers may register before or after). */
  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run(this.stopping.signal);
  }

  /** Stops following; what was read is handed over first. Consumers stay registered. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.current?.abort();
    this.wakeIdle?.();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.loop;
    this.loop = undefined;
  }

  private async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      const slots = [...this.slots].filter((s) => !s.closed);
      if (slots.length === 0) {
        await new Promise<void>((resolve) => (this.wakeIdle = resolve));
        this.wakeIdle = undefined;
        continue;
      }
      const after = Math.min(...slots.map((s) => s.resumeFrom));
      const types = unionOfTypes(slots);
      this.subscribedTypes = types && new Set(types);
      this.flushedTo = this.front = after;
      const current = new AbortController();
      this.current = current;
      try {
        for await (const event of this.store.subscribeToAll({
          after,
          eventTypes: types,
          signal: current.signal,
        })) {
          this.buffer.push(event);
          this.front = event.position;
          if (this.buffer.length >= this.maxBatch) this.flush();
          else this.flushScheduled ??= setImmediate(() => this.flush());
        }
        this.flush();
        // Ended without being asked to: the store closed. Nothing more will come.
        if (!current.signal.aborted) return;
      } catch (error) {
        this.flush();
        if (stop.aborted || error instanceof StoreClosedError) return;
        this.logger.warn('log follower: reading the log failed; following again', {
          after: this.front,
          error: error instanceof Error ? error.message : String(error),
        });
        await this.pause(this.retryDelayMs, stop);
      }
    }
  }

  /** Hands the events read so far to every consumer. */
  private flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const upTo = batch[batch.length - 1].position;
    const from = this.flushedTo;
    this.flushedTo = upTo;
    for (const slot of [...this.slots]) slot.deliver(batch, from, upTo);
  }

  private failed(slot: ConsumerSlot, error: unknown): void {
    const delay = Math.min(this.retryDelayMs * 2 ** (slot.failures - 1), this.maxRetryDelayMs);
    this.logger.error('log follower: a consumer failed; it is fed again from its position', {
      consumer: slot.consumer.name,
      position: slot.position,
      failures: slot.failures,
      retryInMs: delay,
      error: error instanceof Error ? error.message : String(error),
    });
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (slot.closed) return;
      slot.retry();
      this.resubscribe();
    }, delay);
    this.retryTimers.add(timer);
  }

  /** Ends the current subscription; the loop subscribes again from the lowest consumer. */
  private resubscribe(): void {
    this.current?.abort();
  }

  private covers(slot: ConsumerSlot): boolean {
    const types = slot.eventTypes;
    if (this.subscribedTypes === undefined) return true;
    return types !== undefined && types.every((t) => this.subscribedTypes!.has(t));
  }

  private pause(ms: number, stop: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stop.addEventListener('abort', done, { once: true });
    });
  }
}

/** Every type some consumer wants, or undefined when one of them wants every event. */
function unionOfTypes(slots: readonly ConsumerSlot[]): string[] | undefined {
  const all = new Set<string>();
  for (const slot of slots) {
    if (slot.eventTypes === undefined) return undefined;
    for (const type of slot.eventTypes) all.add(type);
  }
  return [...all];
}
