import { GraphQLError } from 'graphql';

/**
 * The one classification of GraphQL errors for logging. A user error is the client's: a GraphQL
 * error carrying a code the client can act on (FORBIDDEN, BAD_USER_INPUT, OPERATION_LIMIT,
 * UNAUTHENTICATED, a governance refusal...), made by each context's error mapper
 * (toGraphQLError, accessGraphQLError, governanceGraphQLError). Everything else is a server
 * fault: an exception no mapper recognised, or a GraphQL error without a code.
 */
export type GraphQLErrorKind = 'user' | 'server';

export function graphqlErrorKind(error: unknown): GraphQLErrorKind {
  if (!(error instanceof GraphQLError)) return 'server';
  const code = error.extensions.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' ? 'user' : 'server';
}
