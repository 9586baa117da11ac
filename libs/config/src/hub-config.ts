import type { HubEnvironment } from './hub-environment.js';
import type { HubRoles } from './hub-roles.js';

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
    /**
     * Not an environment variable: set by the hub for its broker's thread when the API runs on a
     * thread of its own (decision 0022). That thread owns the HTTP port and relays MQTT over
     * WebSocket to the broker's internal HTTP server, naming the device's address in a header
     * the broker believes only with this secret.
     */
    readonly websocketRelaySecret?: string;
    /** What one device or one address may do to the broker; docs/mqtt-listeners.md explains each. */
    readonly limits: {
      /** Largest MQTT packet (fixed header included) a client may send; larger ones cut the connection. */
      readonly maxPacketBytes: number;
      /** Time a new connection has to send CONNECT (and, over TLS, to finish the handshake). */
      readonly connectTimeoutMs: number;
      /** Largest keepalive a client may ask for, in seconds; 0 accepts any (including none). */
      readonly keepaliveMaxSeconds: number;
      /** Logged-in devices allowed from one IP address; 0 means no limit. */
      readonly maxConnectionsPerIp: number;
      /** Logged-in devices on the whole hub; 0 means no limit. */
      readonly maxConnections: number;
      /** Sockets not yet logged in, whole hub; the oldest is closed to make room. */
      readonly maxPendingConnections: number;
      /** Sockets not yet logged in, per IP address; that address's oldest is closed to make room. */
      readonly maxPendingPerIp: number;
      /** Topic filters in one SUBSCRIBE or UNSUBSCRIBE packet; more cuts the connection. */
      readonly maxFiltersPerSubscribe: number;
      /** Subscriptions one connection may hold; more are refused with SUBACK 0x80. */
      readonly maxSubscriptionsPerConnection: number;
      /** Failed logins by (IP address, username): free ones, then blocks that double up to the max. */
      readonly login: {
        readonly freeFailures: number;
        readonly blockMs: number;
        readonly blockMaxMs: number;
      };
      /** Sustained PUBLISH, SUBSCRIBE and UNSUBSCRIBE packets per second per device (username); 0 means no limit. */
      readonly messagesPerSecond: number;
      /** PUBLISH packets a device may send at once above the sustained rate. */
      readonly messageBurst: number;
      /** A subscriber whose socket stays full this long is disconnected, so it cannot stall others. */
      readonly drainTimeoutMs: number;
      /** Upper bound of messages aedes delivers in parallel. */
      readonly concurrency: number;
    };
  };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly maxBodyBytes: number;
    /** Sockets one address may hold open on the HTTP port; 0: no limit. */
    readonly maxConnectionsPerIp: number;
    /** Sockets open on the HTTP port in all; 0: no limit. */
    readonly maxConnections: number;
    /**
     * Where the API runs (HUB_API_THREAD): `worker` puts GraphQL, graphql-ws, the console and
     * the read side on a thread of their own, which owns this port and relays MQTT over
     * WebSocket, /health and /metrics to the broker's thread (decision 0022).
     */
    readonly apiThread: 'main' | 'worker';
  };
  readonly dataDir: string;
  /** This node's id in device presence events and pseudonym key ids (HUB_NODE_ID). */
  readonly nodeId: string;
  /** What this node does (HUB_ROLES): the MQTT doors, the API, the run-once timers. */
  readonly roles: HubRoles;
  readonly logLevel: HubEnvironment['HUB_LOG_LEVEL'];
  readonly eventStore: {
    readonly kind: HubEnvironment['HUB_EVENT_STORE'];
    readonly eventStoreDbUrl?: string;
    readonly postgresUrl?: string;
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
  readonly privacy: {
    readonly rulesDir: string;
    /** `worker`: sound chunks are A-weighted on a worker thread; `main`: on the broker's thread. */
    readonly audioThread: 'worker' | 'main';
    /** What may wait for the audio worker: chunks per device, bytes of raw sound in all. */
    readonly audioBacklog: { readonly chunksPerDevice: number; readonly totalBytes: number };
  };
  /** The web console (apps/console, built into dist/console). */
  readonly console: {
    readonly enabled: boolean;
    /** Raster tile URL template with {z}/{x}/{y}; absent: no tiles, nothing leaves the hub. */
    readonly mapTileUrl?: string;
  };
  /** The feeds' read models (a cache of the log: safe to delete, rebuilt on start). */
  readonly readModels: {
    readonly file: string;
    /** `worker`: projections run on a worker thread; `main`: on the hub's main thread. */
    readonly projectionsThread: 'worker' | 'main';
    /** `worker`: history and aggregate queries run on the query worker thread; `main`: here. */
    readonly queriesThread: 'worker' | 'main';
    /** Queries the query worker holds at most before it refuses one (SERVER_BUSY). */
    readonly queriesMaxPending: number;
  };
  /** docs/feeds.md explains each limit. */
  readonly graphql: {
    readonly introspection: boolean;
    /** A browser's GET /graphql is redirected to the console's IDE (Apollo's CDN page is off). */
    readonly ide: boolean;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxDirectives: number;
    readonly maxTokens: number;
    readonly maxVariablesBytes: number;
    readonly maxCost: number;
    readonly ratePerSec: number;
    readonly rateBurst: number;
    readonly wsMaxMessageBytes: number;
    /** GraphQL websockets one token may hold open at once. */
    readonly maxSocketsPerToken: number;
    /** Operations one token may have running at once over all its websockets. */
    readonly maxOperationsPerToken: number;
  };
  readonly feeds: {
    readonly maxPageSize: number;
    /** Readings a time-filtered history page examines at most, shared by its labs and kinds. */
    readonly historyScanLimit: number;
    readonly subscriberBuffer: number;
    readonly aggregateK: number;
    readonly aggregateEpsilon: number;
  };
  readonly adminToken?: string;
  /** Reads `/metrics` and detailed health; absent: generated into `<dataDir>/metrics-token`. */
  readonly metricsToken?: string;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
