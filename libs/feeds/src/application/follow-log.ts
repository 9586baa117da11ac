import type { EventStore, RecordedEvent } from '@hub/event-store';
import { SubscriberTooSlowError } from './feed-errors.js';
import type { LiveTail } from './live-tail.js';

export interface FollowOptions<T> {
  readonly store: EventStore;
  readonly tail: LiveTail;
  /** Exclusive cursor: every event with position > after. */
  readonly after: number;
  readonly eventTypes: readonly string[];
  /** Maps an event to what the subscriber receives (undefined: skip it); may throw to end the stream. */
  readonly handle: (event: RecordedEvent) => T | undefined;
  /** Called whenever the stream has caught up with the log; may throw to end it. */
  readonly onIdle?: (cursor: number) => Promise<void>;
  /** Aborting ends the stream with `signal.reason` as the error. */
  readonly signal: AbortSignal;
  /** Events a live subscriber may fall behind the head before it is closed. */
  readonly maxBacklog: number;
  readonly pageSize?: number;
}

/**
 * A subscriber's read of the log: pages from the store while it is behind (catch-up never
 * buffers: it reads at the subscriber's pace), then the shared live tail. In log order, with
 * no gap and no duplicate: the cursor only moves forward over events it has handled. A live
 * subscriber that falls more than `maxBacklog` events behind is closed (it holds no buffer of
 * its own and never slows ingest or other subscribers).
 */
export async function* followLog<T>(options: FollowOptions<T>): AsyncGenerator<T> {
  const { store, tail, eventTypes, handle, signal, maxBacklog } = options;
  const pageSize = options.pageSize ?? 1000;
  let cursor = options.after;
  let live = false;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    let batch: RecordedEvent[];
    if (tail.isRunning && cursor >= tail.from && (live || tail.backlog(cursor) <= maxBacklog)) {
      if (live && tail.backlog(cursor) > maxBacklog) throw new SubscriberTooSlowError(maxBacklog);
      batch = tail.after(cursor, 256);
      if (batch.length === 0) {
        live = true;
        await options.onIdle?.(cursor);
        await tail.wait(signal, 1000);
        continue;
      }
    } else {
      if (live) throw new SubscriberTooSlowError(maxBacklog);
      const from = tail.from;
      batch = await store.readAll({ after: cursor, maxCount: pageSize, eventTypes });
      if (batch.length === 0) {
        // Nothing of interest up to the head the store read; the tail holds the rest.
        if (tail.isRunning) cursor = Math.max(cursor, from);
        else await new Promise((r) => setTimeout(r, 200));
        continue;
      }
    }
    for (const event of batch) {
      if (signal.aborted) throw signal.reason;
      cursor = event.position;
      const out = handle(event);
      if (out !== undefined) yield out;
    }
  }
}
