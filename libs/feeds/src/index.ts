export { decodeCursor, encodeCursor, InvalidCursorError } from './application/cursor.js';
export {
  FeedService,
  STREAM_EVENT_TYPES,
  type FeedOptions,
  type PageArgs,
  type ReadingsPage,
} from './application/feed-service.js';
export { AggregateService, type AggregateView } from './application/aggregate-service.js';
export {
  sharedCount,
  type AggregatePolicy,
  type CountPolicy,
} from './application/aggregate-noise.js';
export {
  PageSizeError,
  PaginationError,
  QueriesBusyError,
  SubscriberTooSlowError,
} from './application/feed-errors.js';
export { followLog } from './application/follow-log.js';
export { LiveTail } from './application/live-tail.js';
export { LiveSessions } from './application/live-sessions.js';
export { toReadingView } from './application/live-readings.js';
export type { ReadingQuery, ReadingView } from './application/reading-view.js';
export { ReadingsResolver } from './graphql/readings.resolver.js';
export { ReadingsQuery } from './read-model/readings-query.js';
export { ReadQueries } from './read-model/read-queries.port.js';
export { QueryThread } from './read-model/query-thread.js';
export { FEED_PROJECTIONS } from './read-model/feed-projections.js';
export { readingsProjection } from './read-model/readings.projection.js';
export { FeedsModule, READ_MODEL_DB } from './feeds.module.js';
export { RULES_IN_FORCE, type RulesInForce } from './application/rules-in-force.port.js';
export { openReadModelDb } from './read-model/read-model-db.js';
export { operationLimitRules, type OperationLimits } from './graphql/limits/operation-limits.js';
export { refuseOversizedRequest, type DocumentLimits } from './graphql/limits/document-limits.js';
export {
  operationLimitError,
  type OperationLimitReason,
} from './graphql/limits/operation-limit-error.js';
export { RateLimiter } from './graphql/limits/rate-limiter.js';
export {
  CONTEXT_FREE_FIELDS,
  shareableSubscriptions,
} from './graphql/shared-results/context-free-fields.js';
export { resultKey } from './graphql/shared-results/result-key.js';
export { SharedResultStats } from './graphql/shared-results/shared-result-stats.js';
export { SharedNextMessages } from './graphql/shared-results/shared-next-messages.js';
export { PushedNextMessages } from './graphql/shared-results/pushed-next-messages.js';
export { sharedSubscribe } from './graphql/shared-results/shared-subscribe.js';
export { Projections } from './read-model/projections.port.js';
export { ProjectionThread } from './read-model/projection-thread.js';
