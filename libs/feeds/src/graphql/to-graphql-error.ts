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

/** Wraps a stream so that its errors reach the client as coded GraphQL errors. */
export async function* mapErrors<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    throw toGraphQLError(error);
  }
}
