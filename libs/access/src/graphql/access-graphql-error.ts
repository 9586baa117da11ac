import { GraphQLError } from 'graphql';
import { FeedForbiddenError, isAccessError } from '../domain/access-errors.js';

/** Maps access refusals to GraphQL errors a client can switch on (`code`, and `reason` for feeds). */
export function accessGraphQLError(error: unknown): unknown {
  if (!isAccessError(error)) return error;
  const reason =
    error instanceof FeedForbiddenError || 'reason' in error
      ? (error as { reason?: string }).reason
      : undefined;
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...(reason !== undefined && { reason }) },
  });
}
