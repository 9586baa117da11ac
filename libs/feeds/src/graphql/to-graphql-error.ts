import { GraphQLError } from 'graphql';
import { InvalidCursorError } from '../application/cursor.js';
import { PageSizeError } from '../application/feed-errors.js';

/** Maps the feeds' typed errors to GraphQL errors a client can switch on; anything else is rethrown. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof InvalidCursorError || error instanceof PageSizeError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', reason: error.code },
    });
  }
  return error;
}
