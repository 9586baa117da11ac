import type { Principal } from '@hub/access';

/**
 * What every GraphQL resolver gets as its context, over HTTP and graphql-ws alike: the
 * authenticated principal (built in graphql.module.ts, read by the error log filter).
 */
export interface GraphQLContext {
  readonly principal: Principal;
}
