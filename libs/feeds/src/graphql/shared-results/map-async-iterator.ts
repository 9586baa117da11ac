type PromiseOrValue<T> = Promise<T> | T;

/**
 * Maps each value of an async iterable, as graphql-js's own (internal) `mapAsyncIterator` does:
 * `return()` reaches the source at once, so completing a subscription ends its stream, and an
 * error from `fn` closes the source before it is rethrown.
 */
export function mapAsyncIterator<T, U>(
  iterable: AsyncIterable<T>,
  fn: (value: T) => PromiseOrValue<U>,
): AsyncGenerator<U, void, void> {
  const iterator = iterable[Symbol.asyncIterator]();

  async function mapResult(result: IteratorResult<T, unknown>): Promise<IteratorResult<U, void>> {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await fn(result.value), done: false };
    } catch (error) {
      try {
        await iterator.return?.();
      } catch {
        // The mapping error is the one to report.
      }
      throw error;
    }
  }

  const mapped: AsyncGenerator<U, void, void> = {
    async next() {
      return mapResult(await iterator.next());
    },
    async return() {
      return iterator.return
        ? mapResult(await iterator.return())
        : { value: undefined, done: true };
    },
    async throw(error: unknown) {
      if (iterator.throw) return mapResult(await iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
    async [Symbol.asyncDispose]() {
      await mapped.return();
    },
  };
  return mapped;
}
