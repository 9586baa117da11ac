import { GraphQLError } from 'graphql';
import { isHubError, type HubError } from '@hub/contracts';

/**
 * The one classification of GraphQL errors, for the formatter and the log alike:
 *
 * - `refusal`: a `HubError` meant for the sender (its code, reason and message reach the client);
 * - `protocol`: a GraphQL error the transport or graphql-js made (UNAUTHENTICATED, RATE_LIMITED,
 *   OPERATION_LIMIT, a parse or validation error, a variable of the wrong type): its own text,
 *   no internals;
 * - `fault`: anything else (an exception no context raised on purpose, a `HubError` meant for
 *   the operator): the client sees INTERNAL_SERVER_ERROR and an error id, the log the cause.
 */
export type ClassifiedError =
  | { readonly kind: 'refusal'; readonly error: HubError }
  | { readonly kind: 'protocol'; readonly error: GraphQLError; readonly code: unknown }
  | { readonly kind: 'fault'; readonly cause: unknown };

/**
 * What was thrown, under GraphQL's wrappers: graphql-js wraps a resolver's exception
 * (`originalError`), Apollo wraps validation and parse errors again, graphql-ws wraps what a
 * stream throws.
 */
export function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

export function classifyGraphQLError(error: unknown): ClassifiedError {
  const cause = rootCause(error);
  if (isHubError(cause)) {
    return cause.audience === 'sender'
      ? { kind: 'refusal', error: cause }
      : { kind: 'fault', cause };
  }
  if (cause instanceof GraphQLError) {
    // The innermost code wins: Apollo's ValidationError overwrites our OPERATION_LIMIT with
    // GRAPHQL_VALIDATION_FAILED on the wrapper, graphql-ws passes it through unchanged.
    const outer = error instanceof GraphQLError ? error.extensions.code : undefined;
    return { kind: 'protocol', error: cause, code: cause.extensions.code ?? outer };
  }
  return { kind: 'fault', cause };
}

/** For the log: a user error is the client's to fix, a server fault the operator's. */
export function graphqlErrorKind(error: unknown): 'user' | 'server' {
  const c = classifyGraphQLError(error);
  if (c.kind === 'refusal') return 'user';
  return c.kind === 'protocol' && typeof c.code === 'string' && c.code !== 'INTERNAL_SERVER_ERROR'
    ? 'user'
    : 'server';
}
