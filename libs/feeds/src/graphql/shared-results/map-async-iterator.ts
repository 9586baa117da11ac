import { OFFER_PUSH, offerPush, type PushSink } from '../../application/push.js';

type PromiseOrValue<T> = Promise<T> | T;

/**
 * Maps each value of an async iterable, as graphql-js's own (internal) `mapAsyncIterator` does:
 * `return()` reaches the source at once, so completing a subscription ends its stream, and an
 * error from `fn` closes the source before it is rethrown. `onEnd` runs once, however the
 * iteration ends (done, error, `return()` or `throw()`). A sink offered to it (push.ts) reaches
 * the source, mapped: it is handed `fn`'s result, a value or a promise of one.
 */
export function mapAsyncIterator<T, U>(
  iterable: AsyncIterable<T>,
  fn: (value: T) => PromiseOrValue<U>,
  onEnd: () => void = () => undefined,
): AsyncGenerator<U, void, void> {
  const iterator = iterable[Symbol.asyncIterator]();
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd();
  };

  async function mapResult(result: IteratorResult<T, unknown>): Promise<IteratorResult<U, void>> {
    if (result.done) {
      end();
      return { value: undefined, done: true };
    }
    try {
      return { value: await fn(result.value), done: false };
    } catch (error) {
      end();
      try {
        await iterator.return?.();
      } catch {
        // The mapping error is the one to report.
      }
      throw error;
    }
  }

  /** The source's own error (e.g. TOKEN_REVOKED) passes through unchanged. */
  async function step(pending: Promise<IteratorResult<T, unknown>>) {
    let result: IteratorResult<T, unknown>;
    try {
      result = await pending;
    } catch (error) {
      end();
      throw error;
    }
    return mapResult(result);
  }

  const mapped: AsyncGenerator<U, void, void> = {
    next() {
      return step(iterator.next());
    },
    async return() {
      end();
      return iterator.return ? step(iterator.return()) : { value: undefined, done: true };
    },
    async throw(error: unknown) {
      end();
      if (iterator.throw) return step(iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
    async [Symbol.asyncDispose]() {
      await mapped.return();
    },
  };
  Object.assign(mapped, {
    [OFFER_PUSH]: (sink: PushSink<PromiseOrValue<U>>) =>
      offerPush(iterable, (value: T) => sink(fn(value))),
  });
  return mapped;
}
