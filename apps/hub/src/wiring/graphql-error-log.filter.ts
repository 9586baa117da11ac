import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { GqlArgumentsHost, type GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './graphql.module.js';
import { graphqlErrorKind } from './graphql-error-kind.js';

/**
 * Logs a GraphQL error thrown by a resolver as what it is, then lets it go on to the client
 * unchanged. Without this filter Nest's ExternalExceptionFilter logs every one of them at error
 * level with a stack trace, so a client sending a bad cursor looked like a hub fault (issue 11).
 *
 * User errors: info, with code, reason, field and token id, no stack. Server faults: error, with
 * the stack. Exceptions that are not GraphQL errors never reach this filter and keep Nest's
 * default (error with stack), which graphqlErrorKind also calls a server fault.
 */
@Catch(GraphQLError)
export class GraphQLErrorLogFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('graphql');

  catch(error: GraphQLError, host: ArgumentsHost): never {
    const gql = GqlArgumentsHost.create(host);
    const info =
      host.getType<string>() === 'graphql'
        ? gql.getInfo<GraphQLResolveInfo | undefined>()
        : undefined;
    const field = info?.fieldName;
    const tokenId = gql.getContext<GraphQLContext | undefined>()?.principal?.tokenId;
    if (graphqlErrorKind(error) === 'user') {
      this.logger.log({
        msg: 'graphql user error',
        code: error.extensions.code as string,
        reason: error.extensions.reason as string | undefined,
        message: error.message,
        field,
        tokenId,
      });
    } else {
      this.logger.error({ msg: 'graphql server fault', err: error, field, tokenId });
    }
    // Rethrown, the error reaches graphql-js as if no filter had run (Nest's default rethrows too).
    throw error;
  }
}
