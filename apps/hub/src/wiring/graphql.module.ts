import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { AccessTokens, type Principal } from '@hub/access';

export interface GraphQLContext {
  readonly principal: Principal;
}

const unauthenticated = () =>
  new GraphQLError('missing or unknown token: send "Authorization: Bearer <token>"', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });

/**
 * GraphQL over HTTP and graphql-ws, both at /graphql. Every operation needs a bearer token:
 * the HTTP header, or `connectionParams.authorization` on the websocket (refused with close
 * code 4403 Forbidden otherwise).
 */
export const HubGraphQLModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [AccessTokens],
  useFactory: (tokens: AccessTokens) => ({
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { JSON: GraphQLJSON },
    playground: false,
    includeStacktraceInErrorResponses: false,
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        onConnect: (ctx) => {
          const principal = tokens.authenticate(ctx.connectionParams?.authorization);
          if (!principal) return false;
          (ctx.extra as { principal?: Principal }).principal = principal;
          return true;
        },
      },
    },
    context: ({
      req,
      extra,
    }: {
      req?: { headers: { authorization?: string } };
      extra?: { principal?: Principal };
    }): GraphQLContext => {
      if (extra?.principal) return { principal: extra.principal };
      const principal = tokens.authenticate(req?.headers.authorization);
      if (!principal) throw unauthenticated();
      return { principal };
    },
  }),
});
