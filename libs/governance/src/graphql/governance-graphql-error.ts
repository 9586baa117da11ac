import { GraphQLError } from 'graphql';
import { isGovernanceError, RuleSetRefusedError } from '../domain/governance-errors.js';

/** Maps governance refusals to GraphQL errors clients can switch on (`code`, `reason`, `issues`). */
export function governanceGraphQLError(error: unknown): unknown {
  if (!isGovernanceError(error)) return error;
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      reason: error.reason,
      ...(error instanceof RuleSetRefusedError && { issues: error.issues }),
    },
  });
}

export async function guard<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw governanceGraphQLError(error);
  }
}
