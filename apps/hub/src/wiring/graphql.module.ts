import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, ModuleRef } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { GraphQLJSON } from 'graphql-type-json';
import type { WebSocket, WebSocketServer } from 'ws';
import { AccessDirectory, AccessTokens, type Principal } from '@hub/access';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import {
  CONTEXT_FREE_FIELDS,
  FeedsModule,
  operationLimitRules,
  RateLimiter,
  refuseOversizedRequest,
  type DocumentLimits,
  PushedNextMessages,
  SharedNextMessages,
  SharedResultStats,
  sharedSubscribe,
} from '@hub/feeds';
import { GraphQLErrorLogFilter } from './graphql-error-log.filter.js';
import { formatGraphQLError, formatGraphQLErrors } from './graphql-error-format.js';
import type { GraphQLContext } from './graphql-context.js';
import { WsSessions, type WsSession } from './graphql-ws-sessions.js';

/** What the context reads of an Express request: GraphQL over HTTP is a POST body or a GET query. */
interface HttpRequest {
  headers: { authorization?: string };
  body?: { query?: unknown; variables?: unknown };
  query?: { query?: unknown; variables?: unknown };
}

interface WsExtra {
  principal?: Principal;
  socket?: WebSocket;
}

const unauthenticated = () =>
  new GraphQLError('missing, unknown or revoked token: send "Authorization: Bearer <token>"', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });

const rateLimited = (retryAfterSec: number) =>
  new GraphQLError(`too many operations for this token; try again in ${retryAfterSec} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSec,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSec)]]) },
    },
  });

/**
 * graphql-js's own parse and validation errors carry no code; Apollo gives them these over HTTP.
 * The same codes over graphql-ws, so a client switches on one set. A code already set (our
 * OPERATION_LIMIT) is kept.
 */
const withCode = (error: GraphQLError, code: string): GraphQLError =>
  error.extensions.code !== undefined
    ? error
    : new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        originalError: error.originalError,
        extensions: { ...error.extensions, code },
      });

/** The HTTP form of a refusal: Apollo answers a context error with 500 unless told otherwise. */
const asBadRequest = (error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status: 400 } },
  });

/** The validation rules every operation passes, over HTTP and over graphql-ws alike. */
function hubValidationRules(config: HubConfig): ValidationRule[] {
  return [
    ...operationLimitRules({
      maxDepth: config.graphql.maxDepth,
      maxAliases: config.graphql.maxAliases,
      maxDirectives: config.graphql.maxDirectives,
      maxCost: config.graphql.maxCost,
      defaultPageSize: Math.min(100, config.feeds.maxPageSize),
    }),
    ...(config.graphql.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

const GraphQLRoot = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  imports: [FeedsModule],
  inject: [AccessTokens, AccessDirectory, HUB_CONFIG, SharedResultStats],
  useFactory: (
    tokens: AccessTokens,
    directory: AccessDirectory,
    config: HubConfig,
    stats: SharedResultStats,
  ) => {
    const rules = hubValidationRules(config);
    const documentLimits: DocumentLimits = {
      maxTokens: config.graphql.maxTokens,
      maxVariablesBytes: config.graphql.maxVariablesBytes,
    };
    // Both parsers stop at the same token count. refuseOversizedRequest runs first on both
    // transports and answers OPERATION_LIMIT; this is the parsers' own backstop.
    const parseOptions: ParseOptions = { maxTokens: config.graphql.maxTokens };
    const limiter = new RateLimiter(config.graphql.ratePerSec, config.graphql.rateBurst);
    const sessions = new WsSessions(config.graphql);
    const messages = new SharedNextMessages(stats);
    const pushed = new PushedNextMessages(messages, stats, formatGraphQLErrors);
    directory.onTokenRevoked((tokenId) => sessions.close(tokenId));
    return {
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      resolvers: { JSON: GraphQLJSON },
      // Apollo's landing page loads GraphiQL from a CDN: off. HUB_GRAPHQL_IDE sends browsers to
      // the console's bundled IDE instead (apps/hub/src/console/ide-redirect.middleware.ts).
      graphiql: false,
      introspection: config.graphql.introspection,
      validationRules: rules,
      parseOptions,
      formatError: formatGraphQLError,
      includeStacktraceInErrorResponses: false,
      subscriptions: {
        'graphql-ws': {
          path: '/graphql',
          onConnect: (ctx) => {
            const principal = tokens.authenticate(ctx.connectionParams?.authorization);
            if (!principal) return false; // graphql-ws closes with 4403 Forbidden
            const extra = ctx.extra as WsExtra;
            if (extra.socket) {
              const session: WsSession = { socket: extra.socket, context: ctx };
              if (!sessions.admit(principal.tokenId, session)) return false; // closed with 1008
              messages.wrap(extra.socket);
            }
            extra.principal = principal;
            return true;
          },
          onSubscribe: (ctx, _id, payload) => {
            const extra = ctx.extra as WsExtra;
            if (!extra.principal || !tokens.isValid(extra.principal)) {
              extra.socket?.close(CloseCode.Forbidden, 'Forbidden: token revoked');
              return [unauthenticated()];
            }
            if (!limiter.take(extra.principal.tokenId)) {
              return [rateLimited(limiter.retryAfterSec(extra.principal.tokenId))];
            }
            const overLimit = sessions.refuseOperation(extra.principal.tokenId);
            if (overLimit) return [overLimit];
            const refusal = refuseOversizedRequest(
              payload.query,
              payload.variables,
              documentLimits,
            );
            if (refusal) return [refusal];
            // A syntax error is the client's: answer it on this operation, as over HTTP, rather
            // than let graphql-ws's own parse throw and close the socket with 4500.
            try {
              parse(payload.query, parseOptions);
            } catch (error) {
              if (error instanceof GraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
              throw error;
            }
            return undefined;
          },
          parse: (source: string) => parse(source, parseOptions),
          // Apollo's validationRules do not apply to graphql-ws: the same rules run here,
          // before any resolver.
          validate: (schema: GraphQLSchema, document: DocumentNode) =>
            validate(schema, document, [...specifiedRules, ...rules]).map((error) =>
              withCode(error, 'GRAPHQL_VALIDATION_FAILED'),
            ),
          // graphql-ws's `subscribe` option (Nest passes these options through to `useServer`):
          // an event is executed once per distinct operation, not once per subscriber.
          subscribe: sharedSubscribe(CONTEXT_FREE_FIELDS, stats),
          // A subscription's stream, once live, writes each result to its socket itself rather
          // than through graphql-ws's loop (PushedNextMessages); its catch-up goes through here.
          // graphql-ws's `onOperation` (not in Nest's type; passed through to `useServer`).
          onOperation: (
            ctx: { extra: unknown },
            id: string,
            _payload: unknown,
            _args: unknown,
            result: unknown,
          ) => {
            const socket = (ctx.extra as WsExtra).socket;
            if (socket) pushed.offer(result, socket, id);
            return undefined;
          },
          // A result's errors (a query's, or a subscription's that ended before its stream
          // began) go through the HTTP formatter; a result without errors is serialised once
          // for every subscriber it reaches, not once per subscriber.
          onNext: (ctx, _id, _payload, _args, result) =>
            result.errors
              ? { ...result, errors: formatGraphQLErrors(result.errors) }
              : messages.payload((ctx.extra as WsExtra).socket, result),
          // An operation's end in error (what a stream throws, what onSubscribe refused).
          // graphql-ws's `onError` (not in Nest's type; passed through to `useServer` as `subscribe`).
          onError: (
            _ctx: unknown,
            _id: string,
            _payload: unknown,
            errors: readonly GraphQLError[],
          ) => formatGraphQLErrors(errors),
        },
      },
      context: ({ req, extra }: { req?: HttpRequest; extra?: WsExtra }): GraphQLContext => {
        if (extra?.principal) return { principal: extra.principal };
        const principal = tokens.authenticate(req?.headers.authorization);
        if (!principal) throw unauthenticated();
        if (!limiter.take(principal.tokenId)) {
          throw rateLimited(limiter.retryAfterSec(principal.tokenId));
        }
        // Apollo builds the context before it parses: the size check runs here, as in onSubscribe.
        const refusal = refuseOversizedRequest(
          req?.body?.query ?? req?.query?.query,
          req?.body?.variables ?? req?.query?.variables,
          documentLimits,
        );
        if (refusal) throw asBadRequest(refusal);
        return { principal };
      },
    };
  },
});

/**
 * Caps the size of websocket messages. Nest creates the graphql-ws server without one (the `ws`
 * default is 100 MiB); `ws` reads `maxPayload` from its options at each upgrade, so setting it
 * once the server exists applies to every connection.
 */
@Injectable()
class WebSocketLimits implements OnApplicationBootstrap {
  constructor(
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    const graphql = this.moduleRef.get(GraphQLModule, { strict: false });
    const adapter = graphql.graphQlAdapter as unknown as {
      _subscriptionService?: { wss?: WebSocketServer };
    };
    const wss = adapter._subscriptionService?.wss;
    if (!wss) throw new Error('graphql-ws server not found: cannot apply HUB_WS_MAX_MESSAGE_BYTES');
    wss.options.maxPayload = this.config.graphql.wsMaxMessageBytes;
  }
}

/**
 * GraphQL over HTTP and graphql-ws, both at /graphql. Every operation needs a bearer token:
 * the HTTP header (401 otherwise), or `connectionParams.authorization` on the websocket (close
 * code 4403 Forbidden otherwise). Depth, alias and cost limits, the per-token rate limit and
 * the introspection switch apply to both transports. Errors reach clients of both through one
 * formatter (formatGraphQLError); resolver errors are logged by GraphQLErrorLogFilter: user
 * errors at info without a stack, server faults at error.
 */
@Module({
  imports: [GraphQLRoot],
  providers: [WebSocketLimits, { provide: APP_FILTER, useClass: GraphQLErrorLogFilter }],
})
export class HubGraphQLModule {}
