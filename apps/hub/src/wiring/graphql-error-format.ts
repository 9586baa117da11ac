import { Logger } from '@nestjs/common';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { HubError } from '@hub/contracts';
import { classifyGraphQLError } from './graphql-error-kind.js';
import { errorIdOf } from './graphql-error-ids.js';

const logger = new Logger('graphql');

/** A refusal as a client sees it: `extensions.code`, `reason`, `field` and the error's details. */
const refusalExtensions = (error: HubError): Record<string, unknown> => ({
  ...error.details(),
  code: error.code,
  ...(error.reason !== undefined && { reason: error.reason }),
  ...(error.field !== undefined && { field: error.field }),
});

/**
 * The one GraphQL error formatter, over HTTP (Apollo's `formatError`) and graphql-ws (its
 * `onNext` and `onError`): every context's `HubError` reaches the client as its code, reason and
 * message; a protocol error keeps its own code; anything else is hidden behind
 * INTERNAL_SERVER_ERROR and an error id, its cause logged under that id (docs/architecture.md,
 * "Errors").
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const classified = classifyGraphQLError(error);
  switch (classified.kind) {
    case 'refusal':
      return {
        message: classified.error.message,
        ...(formatted.locations && { locations: formatted.locations }),
        ...(formatted.path && { path: formatted.path }),
        extensions: refusalExtensions(classified.error),
      };
    case 'protocol':
      return classified.code === undefined || classified.code === formatted.extensions?.code
        ? formatted
        : { ...formatted, extensions: { ...formatted.extensions, code: classified.code } };
    case 'fault': {
      const { id, logged } = errorIdOf(classified.cause);
      if (!logged) {
        logger.error({
          msg: 'graphql server fault',
          errorId: id,
          path: formatted.path?.join('.'),
          err: classified.cause,
        });
      }
      return {
        message: `internal error ${id}: the hub could not complete this operation; its operator can look this id up in the hub's log`,
        ...(formatted.locations && { locations: formatted.locations }),
        ...(formatted.path && { path: formatted.path }),
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id },
      };
    }
  }
}

/** graphql-ws hands its hooks GraphQLError objects: the same formatter, on their JSON form. */
export const formatGraphQLErrors = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
  errors.map((error) => formatGraphQLError(error.toJSON(), error));
