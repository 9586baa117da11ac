import { OFFER_PUSH, type PushSink, type PushSlot } from './push.js';

/** The reason a stream's signal carries when its consumer let go (not an error to report). */
export class StreamCancelledError extends Error {
  constructor() {
    super('the subscriber ended the stream');
    this.name = 'StreamCancelledError';
  }
}

/**
 * Ends a stream as soon as its consumer lets go. An async generator's `return()` waits until the
 * generator reaches its next `yield`, and a live feed with nothing to deliver may not reach one
 * for hours: its session would outlive the subscriber, and graphql-ws, which returns a closed
 * socket's subscriptions one after the other, would wait on it. `produce` gets a signal that
 * `return()` and `throw()` abort first, so whatever the stream is waiting on ends at once; the
 * stream should then finish quietly (see `StreamCancelledError`). With `push`, the stream offers
 * its consumer to push its live values instead (push.ts).
 */
export function cancellable<T>(
  produce: (cancelled: AbortSignal) => AsyncGenerator<T>,
  push?: PushSlot<T>,
): AsyncGenerator<T, void, void> {
  const controller = new AbortController();
  const inner = produce(controller.signal);
  const cancel = (): void => controller.abort(new StreamCancelledError());
  const outer: AsyncGenerator<T, void, void> = {
    next: () => inner.next(),
    return: async () => {
      cancel();
      await inner.return(undefined);
      return { value: undefined, done: true };
    },
    throw: async (error: unknown) => {
      cancel();
      await inner.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]: () => outer,
    [Symbol.asyncDispose]: async () => {
      await outer.return();
    },
  };
  // A stream whose loop looks for a sink in `push` may be pushed from (push.ts).
  if (push) {
    Object.assign(outer, {
      [OFFER_PUSH]: (sink: PushSink<T>) => {
        push.sink = sink;
        return true;
      },
    });
  }
  return outer;
}
