export { decodeCursor, encodeCursor, InvalidCursorError } from './application/cursor.js';
export { FeedService, type FeedOptions, type ReadingsHistory } from './application/feed-service.js';
export { liveReadings, toReadingView } from './application/live-readings.js';
export type { ReadingQuery, ReadingView } from './application/reading-view.js';
export { ReadingsResolver } from './graphql/readings.resolver.js';
export { ReadingsQuery } from './read-model/readings-query.js';
export { FEED_PROJECTIONS } from './read-model/feed-projections.js';
export { readingsProjection } from './read-model/readings.projection.js';
export { FeedsModule, READ_MODEL_DB } from './feeds.module.js';
