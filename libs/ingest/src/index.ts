export {
  IngestService,
  toReadingRecorded,
  type IngestDependencies,
  type IngestLimits,
  type IngestResult,
} from './application/ingest-service.js';
export { validateReading } from './application/validate-reading.js';
export { readingEventId, windowEventId } from './domain/event-ids.js';
export {
  DEFAULT_PRESENCE_LIMITS,
  PresenceRecorder,
  type PresenceLimits,
} from './mqtt/presence/presence-recorder.js';
export { parseReadingTopic, rejectedTopic, type ReadingTopic } from './domain/topic.js';
export { DEFAULT_BROKER_OPTIONS, type BrokerOptions } from './mqtt/broker-options.js';
export { HubBroker } from './mqtt/hub-broker.js';
export { BrokerLifecycle, IngestModule } from './ingest.module.js';
export { canPublish, canSubscribe } from './mqtt/acl.js';
export { PRIVACY_GATE } from './privacy/privacy.tokens.js';
export type { PrivacyGate } from './privacy/privacy-gate.js';
