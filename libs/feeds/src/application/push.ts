/**
 * Live values pushed to a subscriber instead of pulled by it.
 *
 * A live stream is an async iterator: its consumer (graphql-ws) asks for the next value, waits
 * for it, writes it out, and asks again, so every value costs each subscriber a chain of promises
 * through every layer between the log and the socket. Once a stream is live, a consumer that
 * can write a value out at once may offer a sink instead: the stream then hands it every value
 * synchronously, as the event reaches the live tail, and its pending `next()` settles only when
 * the stream ends (done, or the error it ends with). Values before that, the catch-up, are pulled
 * as before, and the switch happens while the consumer waits in `next()`, so nothing is
 * delivered twice or out of order.
 */

/**
 * Takes one value and writes it out; returns how many of the values it was given are not yet
 * written (the subscriber's backlog), so the stream can close a subscriber that does not read.
 */
export type PushSink<T> = (value: T) => number;

/** The method a stream that can be pushed from offers its consumer. */
export const OFFER_PUSH: unique symbol = Symbol('hub.offerPush');

export interface Pushable<T> {
  /** Takes the sink; false when the stream (or one it wraps) cannot push. */
  [OFFER_PUSH](sink: PushSink<T>): boolean;
}

/** Offers a sink to a stream; false when the stream cannot push (it stays pulled). */
export function offerPush<T>(stream: unknown, sink: PushSink<T>): boolean {
  if (typeof stream !== 'object' || stream === null || !(OFFER_PUSH in stream)) return false;
  return (stream as Pushable<T>)[OFFER_PUSH](sink);
}

/** Where a stream's innermost loop finds the sink offered to its outermost iterator. */
export class PushSlot<T> {
  sink: PushSink<T> | undefined;
}
