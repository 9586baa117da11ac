import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { dataDirFiles } from './data-dir.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { HubConfig } from './hub-config.js';
import { HubEnvironment } from './hub-environment.js';
import { parseRoles } from './hub-roles.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** Turns a class-validator failure into words an operator can act on. */
function describe(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  // A value of the wrong type fails the range checks too; only the type problem is useful then.
  const chosen = constraints.isInt ? { isInt: constraints.isInt } : constraints;
  return Object.values(chosen)
    .map((message) => message.replace(new RegExp(`^${error.property} `), ''))
    .join('; ');
}

/** Validates the variables the hub knows; unknown variables are ignored. Pure: the caller passes the environment. */
export function loadHubConfig(env: Environment): HubConfig {
  const known = Object.keys(new HubEnvironment());
  const given: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') given[key] = value;
  }
  const parsed = plainToInstance(HubEnvironment, given, { exposeDefaultValues: true });
  const problems: ConfigProblem[] = validateSync(parsed).map((e) => ({
    variable: e.property,
    value: given[e.property],
    allowed: describe(e),
  }));
  if (parsed.HUB_EVENT_STORE === 'eventstoredb' && !parsed.HUB_EVENTSTORE_URL) {
    problems.push({
      variable: 'HUB_EVENTSTORE_URL',
      value: undefined,
      allowed:
        'required when HUB_EVENT_STORE=eventstoredb (e.g. esdb://node1:2113,node2:2113?tls=false)',
    });
  }
  if (parsed.HUB_EVENT_STORE === 'postgres' && !parsed.HUB_POSTGRES_URL) {
    problems.push({
      variable: 'HUB_POSTGRES_URL',
      value: undefined,
      allowed:
        'required when HUB_EVENT_STORE=postgres (e.g. postgres://hub:secret@db.example:5432/hub)',
    });
  }
  if (parsed.HUB_MQTTS_PORT !== undefined) {
    for (const variable of ['HUB_MQTTS_CERT', 'HUB_MQTTS_KEY'] as const) {
      if (!parsed[variable]) {
        problems.push({
          variable,
          value: undefined,
          allowed: 'required when HUB_MQTTS_PORT is set (path of a PEM file)',
        });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(parsed.HUB_DATA_DIR);
  const files = dataDirFiles(dataDir);
  return {
    mqtt: {
      host: parsed.HUB_BIND_HOST,
      port: parsed.HUB_MQTT_PORT,
      tls:
        parsed.HUB_MQTTS_PORT === undefined
          ? undefined
          : {
              port: parsed.HUB_MQTTS_PORT,
              certFile: resolve(parsed.HUB_MQTTS_CERT ?? ''),
              keyFile: resolve(parsed.HUB_MQTTS_KEY ?? ''),
              caFile: parsed.HUB_MQTTS_CA && resolve(parsed.HUB_MQTTS_CA),
            },
      limits: {
        maxPacketBytes: parsed.HUB_MQTT_MAX_PACKET_BYTES,
        connectTimeoutMs: parsed.HUB_MQTT_CONNECT_TIMEOUT_MS,
        keepaliveMaxSeconds: parsed.HUB_MQTT_KEEPALIVE_MAX_SEC,
        maxConnectionsPerIp: parsed.HUB_MQTT_MAX_CONNECTIONS_PER_IP,
        maxConnections: parsed.HUB_MQTT_MAX_CONNECTIONS,
        maxPendingConnections: parsed.HUB_MQTT_MAX_PENDING_CONNECTIONS,
        maxPendingPerIp: parsed.HUB_MQTT_MAX_PENDING_PER_IP,
        maxFiltersPerSubscribe: parsed.HUB_MQTT_MAX_FILTERS_PER_SUBSCRIBE,
        maxSubscriptionsPerConnection: parsed.HUB_MQTT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
        login: {
          freeFailures: parsed.HUB_MQTT_LOGIN_FREE_FAILURES,
          blockMs: parsed.HUB_MQTT_LOGIN_BLOCK_MS,
          blockMaxMs: Math.max(parsed.HUB_MQTT_LOGIN_BLOCK_MS, parsed.HUB_MQTT_LOGIN_BLOCK_MAX_MS),
        },
        messagesPerSecond: parsed.HUB_MQTT_MESSAGES_PER_SEC,
        messageBurst: parsed.HUB_MQTT_MESSAGE_BURST,
        drainTimeoutMs: parsed.HUB_MQTT_DRAIN_TIMEOUT_MS,
        concurrency: parsed.HUB_MQTT_CONCURRENCY,
      },
    },
    http: {
      host: parsed.HUB_BIND_HOST,
      port: parsed.HUB_HTTP_PORT,
      maxBodyBytes: parsed.HUB_HTTP_MAX_BODY_BYTES,
      maxConnectionsPerIp: parsed.HUB_HTTP_MAX_CONNECTIONS_PER_IP,
      maxConnections: parsed.HUB_HTTP_MAX_CONNECTIONS,
      apiThread: parsed.HUB_API_THREAD,
    },
    dataDir,
    nodeId: parsed.HUB_NODE_ID,
    roles: parseRoles(parsed.HUB_ROLES),
    logLevel: parsed.HUB_LOG_LEVEL,
    eventStore: {
      kind: parsed.HUB_EVENT_STORE,
      eventStoreDbUrl: parsed.HUB_EVENTSTORE_URL,
      postgresUrl: parsed.HUB_POSTGRES_URL,
      sqlite: {
        file: files.events,
        synchronous: parsed.HUB_STORE_SYNCHRONOUS,
        groupCommitWindowMs:
          parsed.HUB_GROUP_COMMIT_MS ?? (parsed.HUB_EVENT_STORE === 'postgres' ? 2 : 0),
        groupCommitMaxEvents: parsed.HUB_GROUP_COMMIT_MAX_EVENTS,
      },
    },
    ingest: {
      maxPayloadBytes: 512 * 1024,
      maxReadingAgeMs: parsed.HUB_MAX_READING_AGE_SEC * 1000,
      maxClockSkewMs: parsed.HUB_MAX_CLOCK_SKEW_SEC * 1000,
    },
    privacy: {
      rulesDir: resolve(parsed.HUB_PRIVACY_RULES_DIR),
      audioThread: parsed.HUB_AUDIO_THREAD,
      audioBacklog: {
        chunksPerDevice: parsed.HUB_AUDIO_BACKLOG_PER_DEVICE,
        totalBytes: parsed.HUB_AUDIO_BACKLOG_KIB * 1024,
      },
    },
    console: {
      enabled: parsed.HUB_CONSOLE_ENABLED === 'true',
      ...(parsed.HUB_MAP_TILE_URL !== undefined && { mapTileUrl: parsed.HUB_MAP_TILE_URL }),
    },
    readModels: {
      file: files.readModels,
      projectionsThread: parsed.HUB_PROJECTIONS_THREAD,
      queriesThread: parsed.HUB_QUERIES_THREAD,
      queriesMaxPending: parsed.HUB_QUERIES_MAX_PENDING,
    },
    graphql: {
      introspection: parsed.HUB_GRAPHQL_INTROSPECTION === 'true',
      ide: parsed.HUB_GRAPHQL_IDE === 'true',
      maxDepth: parsed.HUB_GRAPHQL_MAX_DEPTH,
      maxAliases: parsed.HUB_GRAPHQL_MAX_ALIASES,
      maxDirectives: parsed.HUB_GRAPHQL_MAX_DIRECTIVES,
      maxTokens: parsed.HUB_GRAPHQL_MAX_TOKENS,
      maxVariablesBytes: parsed.HUB_GRAPHQL_MAX_VARIABLES_BYTES,
      maxCost: parsed.HUB_GRAPHQL_MAX_COST,
      ratePerSec: parsed.HUB_GRAPHQL_RATE_PER_SEC,
      rateBurst: parsed.HUB_GRAPHQL_RATE_BURST,
      wsMaxMessageBytes: parsed.HUB_WS_MAX_MESSAGE_BYTES,
      maxSocketsPerToken: parsed.HUB_GRAPHQL_MAX_SOCKETS_PER_TOKEN,
      maxOperationsPerToken: parsed.HUB_GRAPHQL_MAX_OPERATIONS_PER_TOKEN,
    },
    feeds: {
      maxPageSize: parsed.HUB_GRAPHQL_MAX_PAGE_SIZE,
      historyScanLimit: parsed.HUB_HISTORY_SCAN_LIMIT,
      subscriberBuffer: parsed.HUB_FEEDS_SUBSCRIBER_BUFFER,
      aggregateK: parsed.HUB_FEEDS_AGGREGATE_K,
      aggregateEpsilon: parsed.HUB_FEEDS_AGGREGATE_EPSILON,
    },
    adminToken: parsed.HUB_ADMIN_TOKEN,
    metricsToken: parsed.HUB_METRICS_TOKEN,
  };
}
