import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './graphql-context.js';
import { classifyGraphQLError, graphqlErrorKind } from './graphql-error-kind.js';
import { rememberErrorId, errorIdOf } from './graphql-error-ids.js';

/**
 * Logs what a resolver throws as what it is, then lets it go on to the client unchanged (the
 * formatter, graphql-error-format.ts, decides what the client sees). Without this filter Nest's
 * ExternalExceptionFilter logs every one of them at error level with a stack trace, so a client
 * sending a bad cursor looked like a hub fault (issue 11).
 *
 * User errors: info, with code, reason, field and token id, no stack. Server faults: error, with
 * the stack and the error id the client is given. Outside GraphQL (the HTTP routes), Nest's own
 * handling, unchanged.
 */
@Catch()
export class GraphQLErrorLogFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('graphql');

  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType<string>() !== 'graphql') return super.catch(error, host);
    const gql = GqlArgumentsHost.create(host);
    const field = gql.getInfo<GraphQLResolveInfo | undefined>()?.fieldName;
    const tokenId = gql.getContext<GraphQLContext | undefined>()?.principal?.tokenId;
    const classified = classifyGraphQLError(error);
    if (graphqlErrorKind(error) === 'user' && classified.kind !== 'fault') {
      const refusal = classified.kind === 'refusal' ? classified.error : undefined;
      const extensions = classified.kind === 'protocol' ? classified.error.extensions : {};
      this.logger.log({
        msg: 'graphql user error',
        code: refusal?.code ?? (extensions.code as string),
        reason: refusal ? refusal.reason : (extensions.reason as string | undefined),
        message: classified.error.message,
        field,
        tokenId,
      });
    } else {
      const cause = classified.kind === 'fault' ? classified.cause : error;
      const { id } = errorIdOf(cause);
      rememberErrorId(cause, id);
      this.logger.error({ msg: 'graphql server fault', errorId: id, err: error, field, tokenId });
    }
    // Rethrown, the error reaches graphql-js as if no filter had run (Nest's default rethrows too).
    throw error;
  }
}
