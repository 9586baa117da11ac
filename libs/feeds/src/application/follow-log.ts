import type { EventStore, RecordedEvent } from '@hub/event-store';
import { SubscriberTooSlowError } from './feed-errors.js';
import type { LiveTail } from './live-tail.js';
import type { PushSink, PushSlot } from './push.js';

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
  /**
   * Where a consumer may leave a sink (push.ts): once live with a sink there, the stream hands
   * each value to it as the event reaches the tail, instead of yielding it.
   */
  readonly push?: PushSlot<T>;
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
        // Events that reached the tail while `onIdle` waited are taken now, not at the next wake.
        if (tail.backlog(cursor) > 0) continue;
        const sink = options.push?.sink;
        // Pushed only from a cursor the tail has nothing after, checked in the same turn as the
        // listener is added: what the tail gains next is exactly what is pushed.
        if (sink) {
          cursor = await pushLive(options, cursor, sink);
          continue; // the tail stopped: on as before, from the cursor
        }
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

/** How often a pushed stream runs `onIdle` (a pulled one runs it at every wait, at most 1 s). */
const IDLE_CHECK_MS = 1000;

/**
 * The live phase of a pushed stream: every new event of the tail goes through `handle` and its
 * value to `sink`, synchronously. Ends by rejecting with what ends the stream (the signal's
 * reason, what `handle` or `onIdle` throws, SubscriberTooSlowError when the sink's backlog goes
 * over `maxBacklog`), or resolves with the cursor reached when the tail stops.
 */
function pushLive<T>(options: FollowOptions<T>, after: number, sink: PushSink<T>): Promise<number> {
  const { tail, handle, signal, maxBacklog, onIdle } = options;
  let cursor = after;
  return new Promise<number>((resolve, reject) => {
    let ended = false;
    let unlisten = (): void => undefined;
    let idle: ReturnType<typeof setInterval> | undefined;
    const end = (error: unknown, stopped = false): void => {
      if (ended) return;
      ended = true;
      unlisten();
      clearInterval(idle);
      signal.removeEventListener('abort', aborted);
      if (stopped) resolve(cursor);
      // What ends a stream is thrown as it is (an Error, or the signal's reason), as when pulled.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      else reject(error);
    };
    const aborted = (): void => end(signal.reason);
    if (signal.aborted) return aborted();
    signal.addEventListener('abort', aborted, { once: true });
    if (onIdle) {
      idle = setInterval(() => {
        onIdle(cursor).catch((error: unknown) => end(error));
      }, IDLE_CHECK_MS);
      idle.unref();
    }
    unlisten = tail.listen({
      events: (events) => {
        if (ended) return;
        try {
          for (const event of events) {
            if (event.position <= cursor) continue;
            cursor = event.position;
            const out = handle(event);
            if (out !== undefined && sink(out) > maxBacklog) {
              throw new SubscriberTooSlowError(maxBacklog);
            }
          }
        } catch (error) {
          end(error);
        }
      },
      stopped: () => end(undefined, true),
    });
  });
}
