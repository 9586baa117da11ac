// The shared language of the contexts: event types and their `type` constants (readings,
// presence, the registry's labs and devices), sensor kinds,
// refusal codes, the stored audience, the rule stamp and the device-access port. Plain
// TypeScript with no imports from other libs or frameworks (lint-enforced, eslint.config.js).
export { SENSOR_KINDS, isSensorKind, type SensorKind } from './sensor-kind.js';
export type { StoredAudience } from './audience.js';
export type { RuleStamp } from './rule-stamp.js';
export type { Rejection, RejectionCode } from './rejection.js';
export {
  DEVICE_DISCONNECTED,
  MESSAGE_REJECTED,
  READING_RECORDED,
  readingStreamId,
  rejectionStreamId,
  type DeviceDisconnected,
  type MessageRejected,
  type ReadingRecorded,
} from './reading-events.js';
export {
  RULE_HASH_PREFIX_CHARS,
  RULE_VERSIONS,
  RuleHashMismatchError,
  UnknownRuleVersionError,
  decodeReading,
  encodeReading,
  parseReadingStreamId,
  type CompactReadingArray,
  type CompactReadingExtras,
  type CompactReadingRecorded,
  type ResolvedRuleVersion,
  type RuleVersions,
} from './reading-codec.js';
export { RuleVersionBook } from './rule-version-book.js';
export { givesBackIso, isoTime } from './iso-time.js';
export {
  RULE_SET_BOOTSTRAPPED,
  RULE_SET_PROPOSED,
  RULE_VERSION_STAMP_TYPES,
  type RuleVersionStamped,
} from './rule-version-events.js';
export {
  DEVICE_CONNECTED,
  DEVICE_CONNECTION_CLOSED,
  NODE_CONNECTIONS_CLOSED,
  PRESENCE_EVENT_TYPES,
  nodeStreamId,
  presenceStreamId,
  type DeviceConnected,
  type DeviceConnectionClosed,
  type NodeConnectionsClosed,
} from './presence-events.js';
export {
  DEVICE_CREDENTIALS_ROTATED,
  DEVICE_PROVISIONED,
  DEVICE_REVOKED,
  LAB_CREATED,
  LAMPPOST_DECOMMISSIONED,
  LAMPPOST_POSITION_SET,
  MUNICIPALITY_REGISTERED,
  REGISTRY_EVENT_TYPES,
  isRegistryEventType,
  type Actor,
  type DeviceChanged,
  type DeviceCredentialsIssued,
  type LabCreated,
  type LamppostPositionSet,
  type MunicipalityRegistered,
  type Position,
  type RegistryEvent,
  type RegistryEventMetadata,
} from './registry-events.js';
export {
  DEVICE_ACCESS,
  type ConnectRefusal,
  type DeviceAccess,
  type DeviceIdentity,
} from './ports/device-access.js';
export { HubError, isHubError, type ErrorAudience } from './hub-error.js';
export { silentLogger, type HubLogger } from './logger.js';
