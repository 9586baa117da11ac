export {
  IngestService,
  toReadingRecorded,
  type IngestDependencies,
  type IngestLimits,
  type IngestResult,
} from './application/ingest-service.js';
export { validateReading } from './application/validate-reading.js';
export {
  MESSAGE_REJECTED,
  READING_RECORDED,
  readingEventId,
  windowEventId,
  DEVICE_DISCONNECTED,
  type DeviceDisconnected,
  type RuleStamp,
  readingStreamId,
  type MessageRejected,
  type ReadingRecorded,
} from './domain/reading-events.js';
export type { Rejection, RejectionCode } from './domain/rejection.js';
export {
  DEVICE_CONNECTED,
  DEVICE_CONNECTION_CLOSED,
  NODE_CONNECTIONS_CLOSED,
  PRESENCE_EVENT_TYPES,
  type DeviceConnected,
  type DeviceConnectionClosed,
  type NodeConnectionsClosed,
} from './domain/presence-events.js';
export {
  DEFAULT_PRESENCE_LIMITS,
  PresenceRecorder,
  type PresenceLimits,
} from './mqtt/presence/presence-recorder.js';
export { SENSOR_KINDS, type SensorKind } from './domain/sensor-kind.js';
export { parseReadingTopic, rejectedTopic, type ReadingTopic } from './domain/topic.js';
export { DEFAULT_BROKER_OPTIONS, type BrokerOptions } from './mqtt/broker-options.js';
export { HubBroker, type BrokerLogger } from './mqtt/hub-broker.js';
export { BrokerLifecycle, IngestModule } from './ingest.module.js';
export { canPublish, canSubscribe } from './mqtt/acl.js';
export {
  DEVICE_ACCESS,
  type ConnectRefusal,
  type DeviceAccess,
  type DeviceIdentity,
} from './mqtt/device-access.js';
export { PRIVACY_GATE } from './privacy/privacy.tokens.js';
export type { PrivacyGate } from './privacy/privacy-gate.js';
