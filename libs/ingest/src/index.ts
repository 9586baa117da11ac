export { IngestService } from './application/ingest-service.js';
export { HubBroker } from './mqtt/hub-broker.js';
export { ConnectionsPerIp, normalizeAddress } from './mqtt/limits/connections-per-ip.js';
export { BrokerLifecycle, IngestModule } from './ingest.module.js';
export { PRIVACY_GATE } from './privacy/privacy.tokens.js';
export type { PrivacyGate } from './privacy/privacy-gate.js';
export { AudioThread, type AudioThreadOptions } from './privacy/audio-thread.js';
export {
  pathOf,
  RELAY_PEER_HEADER,
  RELAY_SECRET_HEADER,
} from './mqtt/listeners/websocket-listener.js';
