import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Apollo's `formatError`: a limit refusal keeps its own code over HTTP. Apollo wraps every
 * validation error in its ValidationError, which overwrites `extensions.code` with
 * GRAPHQL_VALIDATION_FAILED; graphql-ws passes our error through unchanged. With this, both
 * transports answer `code OPERATION_LIMIT` and the same `reason` (docs/feeds.md#errors).
 */
export function keepLimitCode(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof GraphQLError && original.extensions.code === 'OPERATION_LIMIT') {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'OPERATION_LIMIT' } };
  }
  return formatted;
}
