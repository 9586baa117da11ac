// Public API of the event store: the port, its errors, the adapters' factories, the one log
// follower and the projection runner. Everything else in this folder is an implementation detail.
export type { AppendOptions, AppendResult, ExpectedRevision } from './port/append.js';
export type { NewEvent, RecordedEvent } from './port/event.js';
export type {
  Direction,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from './port/read.js';
export type { StreamMetadata } from './port/stream-metadata.js';
export { EVENT_STORE, type EventStore } from './port/event-store.port.js';
export { isVerbatimLog, type VerbatimLog } from './port/verbatim-log.js';
export {
  AppendFailedError,
  EventStoreConfigError,
  EventStoreError,
  IdempotencyConflictError,
  ImportOutOfOrderError,
  InvalidAppendError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  isWrongExpectedRevisionError,
} from './port/errors.js';
export {
  openSqliteEventStore,
  SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite/sqlite-event-store.js';
export {
  connectPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store.js';
export type { SynchronousMode } from './sqlite/sqlite-open.js';
export {
  RETENTION_EVENT_TYPE,
  RETENTION_STREAM,
  type RetentionReport,
} from './sqlite/sqlite-retention.js';
export { createEventStore, type EventStoreConfig } from './create-event-store.js';
export type { Projection, ProjectionProgress } from './projections/projection.js';
export {
  ProjectionRunner,
  type CatchUpOptions,
  type ProjectionRunnerOptions,
} from './projections/projection-runner.js';
export {
  ProjectionConflictError,
  ProjectionRunnerBusyError,
} from './projections/projection-errors.js';
export { LogFollower, type LogFollowerOptions } from './follow/log-follower.js';
export type { LogConsumer, LogSubscription } from './follow/log-consumer.js';
export { loadFromLog, type LoadFromLogOptions } from './follow/load-from-log.js';
export { PositionWaiters } from './follow/position-waiters.js';
export { scheduleRetention } from './retention-schedule.js';
export { jobLeaseFor } from './job-lease.js';
export { ALWAYS_HELD, type JobLease } from './port/job-lease.js';
export { ForwardedWriteStore } from './forward/forwarded-write-store.js';
export { serveWrites } from './forward/serve-writes.js';
