import type { HubEnvironment } from './hub-environment.js';

/** The validated configuration, in the shape the rest of the hub uses. */
export interface HubConfig {
  readonly mqtt: {
    readonly host: string;
    readonly port: number;
    /** MQTT over TLS; absent unless HUB_MQTTS_PORT is set. */
    readonly tls?: {
      readonly port: number;
      readonly certFile: string;
      readonly keyFile: string;
      readonly caFile?: string;
    };
    /** docs/mqtt-listeners.md explains each limit. */
    readonly limits: {
      readonly maxPacketBytes: number;
      readonly connectTimeoutMs: number;
      readonly keepaliveMaxSeconds: number;
      readonly maxConnectionsPerIp: number;
      readonly messagesPerSecond: number;
      readonly messageBurst: number;
      readonly drainTimeoutMs: number;
      readonly concurrency: number;
    };
  };
  readonly http: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly logLevel: HubEnvironment['HUB_LOG_LEVEL'];
  readonly eventStore: {
    readonly kind: HubEnvironment['HUB_EVENT_STORE'];
    readonly eventStoreDbUrl?: string;
    readonly sqlite: {
      readonly file: string;
      readonly synchronous: HubEnvironment['HUB_STORE_SYNCHRONOUS'];
      readonly groupCommitWindowMs: number;
      readonly groupCommitMaxEvents: number;
    };
  };
  readonly ingest: {
    readonly maxPayloadBytes: number;
    readonly maxReadingAgeMs: number;
    readonly maxClockSkewMs: number;
  };
  readonly privacy: { readonly rulesDir: string };
  /** The feeds' read models (a cache of the log: safe to delete, rebuilt on start). */
  readonly readModels: { readonly file: string };
  /** docs/feeds.md explains each limit. */
  readonly graphql: {
    readonly introspection: boolean;
    readonly ide: boolean;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
    readonly ratePerSec: number;
    readonly rateBurst: number;
    readonly wsMaxMessageBytes: number;
  };
  readonly feeds: {
    readonly maxPageSize: number;
    readonly subscriberBuffer: number;
    readonly aggregateK: number;
    readonly aggregateEpsilon: number;
  };
  readonly adminToken?: string;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
