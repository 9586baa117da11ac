import { GraphQLError } from 'graphql';
import { isAccessError } from '../domain/access-errors.js';

/** Extensions an access error may carry besides its code, copied when set. */
const DETAILS = ['reason', 'field', 'owner'] as const;

/**
 * Maps access refusals to GraphQL errors a client can switch on: `code`, and where the error has
 * them `reason`, `field` (the input at fault) and `owner` (whom to ask for access to a lab).
 */
export function accessGraphQLError(error: unknown): unknown {
  if (!isAccessError(error)) return error;
  const details: Record<string, string> = {};
  for (const key of DETAILS) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') details[key] = value;
  }
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...details },
  });
}
