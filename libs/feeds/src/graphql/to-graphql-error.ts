import { GraphQLError } from 'graphql';
import { accessGraphQLError, isAccessError } from '@hub/access';
import { InvalidCursorError } from '../application/cursor.js';
import {
  PageSizeError,
  PaginationError,
  SubscriberTooSlowError,
} from '../application/feed-errors.js';

/** Maps the feeds' typed errors to GraphQL errors a client can switch on; anything else is rethrown. */
export function toGraphQLError(error: unknown): unknown {
  if (
    error instanceof InvalidCursorError ||
    error instanceof PageSizeError ||
    error instanceof PaginationError
  ) {
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', reason: error.code },
    });
  }
  if (error instanceof SubscriberTooSlowError) {
    return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
  if (isAccessError(error)) return accessGraphQLError(error);
  return error;
}

/**
 * Wraps a stream so that its errors reach the client as coded GraphQL errors. A plain iterator,
 * not a generator: `return()` must reach the stream at once (see `cancellable`).
 */
export function mapErrors<T>(source: AsyncGenerator<T>): AsyncGenerator<T, void, void> {
  const coded = <R>(step: Promise<R>): Promise<R> =>
    step.catch((error: unknown) => {
      throw toGraphQLError(error);
    });
  const mapped: AsyncGenerator<T, void, void> = {
    next: () => coded(source.next()) as Promise<IteratorResult<T, void>>,
    return: async () => {
      await coded(source.return(undefined));
      return { value: undefined, done: true };
    },
    throw: (error: unknown) => coded(source.throw(error)) as Promise<IteratorResult<T, void>>,
    [Symbol.asyncIterator]: () => mapped,
    [Symbol.asyncDispose]: async () => {
      await mapped.return();
    },
  };
  return mapped;
}
