import { GraphQLError } from 'graphql';
import { fieldOf, isGovernanceError, RuleSetRefusedError } from '../domain/governance-errors.js';

/**
 * Maps governance refusals to GraphQL errors clients can switch on (`code`, `reason`, `issues`).
 * `field` names the input at fault (a rule set path without `$.`, or an argument such as
 * `reason`), so a form can show the message next to it; each issue carries its own `field`.
 */
export function governanceGraphQLError(error: unknown): unknown {
  if (!isGovernanceError(error)) return error;
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      reason: error.reason,
      ...(error.field !== undefined && { field: error.field }),
      ...(error instanceof RuleSetRefusedError && {
        issues: error.issues.map((i) => ({ ...i, field: fieldOf(i.path) })),
      }),
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
