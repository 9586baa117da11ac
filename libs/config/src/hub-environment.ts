import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const EVENT_STORE_KINDS = ['sqlite', 'eventstoredb', 'postgres'] as const;
const PROJECTION_THREADS = ['worker', 'main'] as const;
const AUDIO_THREADS = ['worker', 'main'] as const;
export const SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;

/**
 * Every environment variable the hub reads, declared once. Defaults make `npm start` work on a
 * fresh machine; docs/configuration.md explains each one.
 */
export class HubEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_MQTT_PORT = 1883;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_HTTP_PORT = 3000;

  /** Interface both listeners bind to. */
  @IsString()
  @MinLength(1)
  HUB_BIND_HOST = '0.0.0.0';

  /** MQTT over TLS; off unless set. Needs HUB_MQTTS_CERT and HUB_MQTTS_KEY. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_MQTTS_PORT?: number;

  /** PEM certificate (with its chain) of the TLS listener. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_MQTTS_CERT?: string;

  /** PEM private key of the TLS listener. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_MQTTS_KEY?: string;

  /** PEM CA of device certificates: when set, TLS clients need one whose CN is their username. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_MQTTS_CA?: string;

  /** Largest MQTT packet a client may send, fixed header included (above the 512 KiB payload limit). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(268435460)
  HUB_MQTT_MAX_PACKET_BYTES = 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600000)
  HUB_MQTT_CONNECT_TIMEOUT_MS = 10000;

  /** Largest keepalive a device may ask for; 0 accepts any, including none. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_MQTT_KEEPALIVE_MAX_SEC = 900;

  /** Logged-in devices per IP address (sockets not yet logged in have their own cap); 0 means no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HUB_MQTT_MAX_CONNECTIONS_PER_IP = 1000;

  /** Logged-in devices on the whole hub, all doors together; 0 means no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HUB_MQTT_MAX_CONNECTIONS = 20000;

  /** Sockets not yet logged in, whole hub; when full the oldest one is closed to make room. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_MQTT_MAX_PENDING_CONNECTIONS = 2000;

  /** Sockets not yet logged in, per IP address; when full that address's oldest one is closed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_MQTT_MAX_PENDING_PER_IP = 64;

  /** Topic filters in one SUBSCRIBE (or UNSUBSCRIBE) packet; more cuts the connection. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  HUB_MQTT_MAX_FILTERS_PER_SUBSCRIBE = 16;

  /** Subscriptions one connection may hold; further filters are refused (SUBACK 0x80). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUB_MQTT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 32;

  /** Failed logins per (IP address, username) before that pair is blocked. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  HUB_MQTT_LOGIN_FREE_FAILURES = 5;

  /** First block after the free failures; each further failure doubles it. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(86400000)
  HUB_MQTT_LOGIN_BLOCK_MS = 10000;

  /** Longest block of an (IP address, username) pair. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(86400000)
  HUB_MQTT_LOGIN_BLOCK_MAX_MS = 900000;

  /** Sustained PUBLISH, SUBSCRIBE and UNSUBSCRIBE packets per second per device (username); 0 means no limit. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  HUB_MQTT_MESSAGES_PER_SEC = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_MQTT_MESSAGE_BURST = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600000)
  HUB_MQTT_DRAIN_TIMEOUT_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  HUB_MQTT_CONCURRENCY = 100;

  @IsString()
  @MinLength(1)
  HUB_DATA_DIR = './data';

  /**
   * This hub process among the nodes that share one log: device presence events name it, and a
   * node that starts closes the connections it held before. Unique per node, stable across restarts.
   */
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    message: 'HUB_NODE_ID must be 1-63 lowercase letters, digits, - or _',
  })
  HUB_NODE_ID = 'hub';

  /**
   * What this node does, a comma list of `ingest` (the MQTT doors), `api` (GraphQL, websocket
   * feeds, the console) and `timers` (run-once work: rule activation, retention); default all.
   */
  @Matches(/^(ingest|api|timers)(,(ingest|api|timers))*$/, {
    message: 'HUB_ROLES must be a comma list of ingest, api, timers (e.g. "ingest,timers")',
  })
  HUB_ROLES = 'ingest,api,timers';

  @IsIn(LOG_LEVELS)
  HUB_LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsIn(EVENT_STORE_KINDS)
  HUB_EVENT_STORE: (typeof EVENT_STORE_KINDS)[number] = 'sqlite';

  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_EVENTSTORE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_POSTGRES_URL?: string;

  @IsIn(SYNCHRONOUS_MODES)
  HUB_STORE_SYNCHRONOUS: (typeof SYNCHRONOUS_MODES)[number] = 'NORMAL';

  /**
   * Group commit window in ms. Unset: 0 on SQLite (the appends of one event-loop turn commit
   * together, so a lone reading is not held back; decision 0006) and 2 on PostgreSQL (a commit
   * there is a round trip: the window keeps them few).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  HUB_GROUP_COMMIT_MS?: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUB_GROUP_COMMIT_MAX_EVENTS = 1000;

  /** Readings observed longer ago than this are refused as STALE_TIMESTAMP (default 7 days). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_MAX_READING_AGE_SEC = 7 * 24 * 3600;

  /**
   * Readings observed further in the future than this are refused as FUTURE_TIMESTAMP, by the
   * payload validator and the privacy filter alike (both get this one value).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86400)
  HUB_MAX_CLOCK_SKEW_SEC = 300;

  /** Folder of privacy rule-set files (`*.json`), one per lab; see docs/privacy-rules.md. */
  @IsString()
  @MinLength(1)
  HUB_PRIVACY_RULES_DIR = 'libs/privacy/rules';

  /**
   * Where sound chunks are decoded and A-weighted: `worker` (one worker thread, off the broker's
   * thread; restarted if it crashes or hangs, its chunks in flight refused) or `main` (in the
   * broker's thread, as before).
   */
  @IsIn(AUDIO_THREADS)
  HUB_AUDIO_THREAD: (typeof AUDIO_THREADS)[number] = 'worker';

  /**
   * Sound chunks one device may have waiting for the audio worker (the one being weighed
   * included); a chunk beyond it is refused at once as `AUDIO_BACKLOG_FULL`. A microphone sends
   * about one a second and one is weighed in well under a millisecond.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  HUB_AUDIO_BACKLOG_PER_DEVICE = 4;

  /** KiB of raw sound (base64 PCM) all devices together may have waiting for the audio worker. */
  @IsInt()
  @Min(128)
  @Max(1024 * 1024)
  HUB_AUDIO_BACKLOG_KIB = 32 * 1024;

  /** GraphQL introspection (`true`/`false`); on by default for development, turn off in production if wanted. */
  @IsIn(['true', 'false'])
  HUB_GRAPHQL_INTROSPECTION: 'true' | 'false' = 'true';

  /** The web console at `/` and the public register page at `/register` (apps/console). */
  @IsIn(['true', 'false'])
  HUB_CONSOLE_ENABLED: 'true' | 'false' = 'true';

  /**
   * Raster map tiles for the console's map, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
   * Unset: the map draws lampposts on a blank background and the console asks nothing of the
   * internet. Its origin is added to the console's Content-Security-Policy.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/\S*\{z\}\S*\{x\}\S*\{y\}\S*$/, {
    message:
      'must be an http(s) URL with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png',
  })
  HUB_MAP_TILE_URL?: string;

  /** The GraphQL IDE: a browser opening /graphql is sent to the console's bundled IDE (`/#/ide`). */
  @IsIn(['true', 'false'])
  HUB_GRAPHQL_IDE: 'true' | 'false' = 'true';

  /** Deepest selection nesting an operation may have (HTTP and websocket). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  HUB_GRAPHQL_MAX_DEPTH = 10;

  /** Most aliases one operation may use. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  HUB_GRAPHQL_MAX_ALIASES = 30;

  /** Most directives one operation may use (counting each fragment spread; graphql-armor's default). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  HUB_GRAPHQL_MAX_DIRECTIVES = 50;

  /** Most lexical tokens of one GraphQL document, counted before it is parsed (graphql-armor's default). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100000)
  HUB_GRAPHQL_MAX_TOKENS = 1000;

  /** Largest variables of one operation, in bytes of JSON. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024)
  HUB_GRAPHQL_MAX_VARIABLES_BYTES = 64 * 1024;

  /** Largest JSON body of one HTTP request (GraphQL over HTTP), in bytes (larger: 413). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  HUB_HTTP_MAX_BODY_BYTES = 100 * 1024;

  /**
   * Sockets one address may hold open on the HTTP port (GraphQL, graphql-ws, MQTT over
   * WebSocket, the console); one more gets a 503 naming the cap. 0 means no limit (behind a
   * proxy, where every client has the proxy's address: cap there instead).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HUB_HTTP_MAX_CONNECTIONS_PER_IP = 500;

  /** Sockets open on the HTTP port in all; one more gets a 503. 0 means no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HUB_HTTP_MAX_CONNECTIONS = 5000;

  /** Highest estimated cost of one operation (fields, multiplied by page sizes). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  HUB_GRAPHQL_MAX_COST = 20000;

  /** Largest page (`first`/`last`) of a readings query. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  HUB_GRAPHQL_MAX_PAGE_SIZE = 1000;

  /**
   * Readings a history page with a time filter (`from`/`to`) examines at most, in all (the labs
   * and kinds it reads share them); a page that reaches it comes back short, with a cursor to go
   * on from.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(1000000)
  HUB_HISTORY_SCAN_LIMIT = 5000;

  /** Operations per second per token (HTTP requests and websocket subscribes), sustained. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_GRAPHQL_RATE_PER_SEC = 50;

  /** Operations a token may send in a burst above the sustained rate. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_GRAPHQL_RATE_BURST = 200;

  /** Largest graphql-ws message a client may send, in bytes (larger: close code 1009). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024)
  HUB_WS_MAX_MESSAGE_BYTES = 64 * 1024;

  /**
   * Websockets a token may hold open at once for GraphQL; one more is closed at once with 1008
   * (policy violation) and a reason that names the limit.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUB_GRAPHQL_MAX_SOCKETS_PER_TOKEN = 20;

  /**
   * Operations (live subscriptions, and queries not yet answered) a token may have running at
   * once over all its websockets; one more is answered with the error `TOO_MANY_OPERATIONS`.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000000)
  HUB_GRAPHQL_MAX_OPERATIONS_PER_TOKEN = 200;

  /**
   * Events a live subscriber may fall behind before it is closed (SUBSCRIBER_TOO_SLOW); once
   * pushed, messages sent to one websocket and not yet written out, over all its subscriptions.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(1000000)
  HUB_FEEDS_SUBSCRIBER_BUFFER = 5000;

  /** Small-count threshold k for shared aggregates when the lab's privacy rule names none. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HUB_FEEDS_AGGREGATE_K = 5;

  /** Laplace epsilon for shared aggregates when the lab's privacy rule names none. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.01)
  HUB_FEEDS_AGGREGATE_EPSILON = 1;

  /**
   * Where the GraphQL API (HTTP and graphql-ws), the console and the read side run: `worker` (a
   * thread of their own, which writes the log through the broker's thread; decision 0022) or
   * `main` (the broker's thread).
   */
  @IsIn(PROJECTION_THREADS)
  HUB_API_THREAD: (typeof PROJECTION_THREADS)[number] = 'worker';

  /**
   * Where the feeds' projections run: `worker` (a worker thread with its own connections to the
   * log and the read models, off the broker's thread) or `main` (in the hub's main thread).
   */
  @IsIn(PROJECTION_THREADS)
  HUB_PROJECTIONS_THREAD: (typeof PROJECTION_THREADS)[number] = 'worker';

  /**
   * Where history and aggregate queries run: `worker` (a query worker thread with its own
   * read-only connection to the read models, off the broker's thread) or `main`.
   */
  @IsIn(PROJECTION_THREADS)
  HUB_QUERIES_THREAD: (typeof PROJECTION_THREADS)[number] = 'worker';

  /** Queries the query worker holds at most; one more is refused at once (SERVER_BUSY). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUB_QUERIES_MAX_PENDING = 256;

  /** Token for `/metrics` and detailed health (otherwise one is generated into <HUB_DATA_DIR>/metrics-token). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  HUB_METRICS_TOKEN?: string;

  /** Optional fixed admin token (otherwise one is generated into <HUB_DATA_DIR>/admin-token). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  HUB_ADMIN_TOKEN?: string;
}
