import { GraphQLError } from 'graphql';
import { isRegistryError, type RegistryError } from '../domain/registry-errors.js';

const graphqlCode = (error: RegistryError): string => {
  switch (error.code) {
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'CONFLICT':
      return 'CONFLICT';
    default:
      return 'BAD_USER_INPUT';
  }
};

/** The registry's refusals as GraphQL errors a client can switch on (`extensions.reason`). */
export function toGraphQLError(error: unknown): unknown {
  if (!isRegistryError(error)) return error;
  const field = 'field' in error && typeof error.field === 'string' ? error.field : undefined;
  return new GraphQLError(error.message, {
    extensions: { code: graphqlCode(error), reason: error.code, ...(field && { field }) },
  });
}
