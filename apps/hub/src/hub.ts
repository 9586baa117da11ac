import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Logger as ContextLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { openDataDir, type DataDirLease, type HubConfig } from '@hub/config';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { FilterStatsRecorder } from '@hub/governance';
import { BrokerLifecycle } from '@hub/ingest';
import { HubMetrics, hubLogger } from '@hub/ops';
import { ApiThread } from './api-thread/api-thread.js';
import { AppModule } from './app.module.js';
import { afterListen, prepareHttp } from './wiring/http-server.js';

export interface RunningHub {
  /** The broker's thread's application (with HUB_API_THREAD=worker, not the API's). */
  readonly app: INestApplication;
  readonly httpPort: number;
  readonly mqttPort: number;
  /** MQTT over TLS; undefined unless HUB_MQTTS_PORT is set. */
  readonly mqttsPort?: number;
  /** MQTT over WebSocket, e.g. `ws://localhost:3000/mqtt`. */
  readonly mqttWsUrl: string;
  readonly logger: Logger;
  /** With HUB_API_THREAD=worker, the API's thread (decision 0022). */
  readonly apiThread?: ApiThread;
  close(): Promise<void>;
}

/**
 * With HUB_API_THREAD=worker (the default), the API runs on a thread of its own (decision 0022);
 * not on a log in memory, which another thread cannot open.
 */
const apiOnItsThread = (config: HubConfig): boolean =>
  config.roles.api &&
  config.http.apiThread === 'worker' &&
  !(config.eventStore.kind === 'sqlite' && config.eventStore.sqlite.file === ':memory:');

/**
 * The broker's thread's part when the API has its own thread: no API; its HTTP server (MQTT over
 * WebSocket, /health, /metrics) on a loopback port of its own, behind the API's thread's relay.
 */
function brokerThreadConfig(config: HubConfig, relaySecret: string): HubConfig {
  return {
    ...config,
    roles: { ...config.roles, api: false },
    http: { ...config.http, host: '127.0.0.1', port: 0 },
    mqtt: { ...config.mqtt, websocketRelaySecret: relaySecret },
  };
}

/**
 * Starts the hub with a validated configuration; ports 0 are replaced by the ones bound.
 * `holder` names this process in the data dir lock (`hub`, or `demo` for `npm run demo`).
 */
export async function startHub(config: HubConfig, holder = 'hub'): Promise<RunningHub> {
  // Before any store opens: one process per data dir, and the data dir private (open-data-dir.ts).
  const lease = openDataDir(config.dataDir, holder);
  const relaySecret = apiOnItsThread(config) ? randomBytes(32).toString('hex') : undefined;
  const own = relaySecret ? brokerThreadConfig(config, relaySecret) : config;
  let app: NestExpressApplication | undefined;
  let api: ApiThread | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(own), {
      bufferLogs: true,
      abortOnError: false,
    });
    const logger = app.get(Logger);
    app.useLogger(logger);
    if (lease.tightened.length > 0) {
      logger.warn({
        msg: 'data dir was readable by others: modes tightened',
        code: 'DATA_DIR_MODES_TIGHTENED',
        tightened: lease.tightened,
      });
    }
    prepareHttp(app, own, { facesClients: !relaySecret });
    await app.listen(own.http.port, own.http.host);
    afterListen(app);
    const ownPort = (app.getHttpServer().address() as AddressInfo).port;
    const mqtt = app.get(BrokerLifecycle).bound;
    const websocketPath = mqtt?.websocketPath ?? '/mqtt';
    if (relaySecret) {
      const stats = app.get(FilterStatsRecorder);
      api = await ApiThread.start({
        config,
        store: app.get<EventStore>(EVENT_STORE),
        brokerHttpPort: ownPort,
        websocketPath,
        relaySecret,
        filterTotals: () => stats.totals(),
        logger: hubLogger(new ContextLogger('api-thread')),
      });
      const thread = api;
      app.get(HubMetrics).addThread(() => thread.metrics());
    }
    return running(app, api, config, lease, { ownPort, websocketPath, mqtt });
  } catch (error) {
    await api?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    lease.release();
    throw error;
  }
}

function running(
  app: NestExpressApplication,
  api: ApiThread | undefined,
  config: HubConfig,
  lease: DataDirLease,
  bound: {
    readonly ownPort: number;
    readonly websocketPath: string;
    readonly mqtt: BrokerLifecycle['bound'];
  },
): RunningHub {
  const logger = app.get(Logger);
  const httpPort = api?.httpPort ?? bound.ownPort;
  const { mqtt } = bound;
  const mqttPort = mqtt?.tcpPort ?? config.mqtt.port;
  const mqttsPort = mqtt?.tlsPort;
  const mqttWsUrl = `ws://localhost:${httpPort}${bound.websocketPath}`;
  lease.describe({ httpPort, mqttPort, mqttsPort });
  logger.log({
    msg: 'hub ready',
    httpPort,
    mqttPort,
    mqttsPort,
    mqttWs: mqttWsUrl,
    dataDir: config.dataDir,
    graphql: `http://localhost:${httpPort}/graphql`,
    apiThread: api ? 'worker' : 'main',
  });
  return {
    app,
    httpPort,
    mqttPort,
    mqttsPort,
    mqttWsUrl,
    logger,
    ...(api && { apiThread: api }),
    close: async () => {
      try {
        // The API first: its subscriptions end and its last writes are answered while the
        // broker's thread still serves them; then the broker, the read side, the log.
        await api?.stop();
        await app.close();
      } finally {
        lease.release();
      }
    },
  };
}
