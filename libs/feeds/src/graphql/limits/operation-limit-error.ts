import { GraphQLError } from 'graphql';

/** Why an operation was refused before it ran; the client can act on each. */
export type OperationLimitReason =
  | 'TOO_MANY_TOKENS'
  | 'VARIABLES_TOO_LARGE'
  | 'TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'TOO_COSTLY';

/** The one shape of every limit refusal, over HTTP and graphql-ws: code OPERATION_LIMIT + reason. */
export const operationLimitError = (reason: OperationLimitReason, message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'OPERATION_LIMIT', reason } });
