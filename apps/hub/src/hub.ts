import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger as ContextLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { openDataDir, type DataDirLease, type HubConfig } from '@hub/config';
import { BrokerLifecycle } from '@hub/ingest';
import { hubLogger, requestLogger } from '@hub/ops';
import { AppModule } from './app.module.js';
import { HttpConnectionCaps } from './wiring/http-connection-caps.js';

export interface RunningHub {
  readonly app: INestApplication;
  readonly httpPort: number;
  readonly mqttPort: number;
  /** MQTT over TLS; undefined unless HUB_MQTTS_PORT is set. */
  readonly mqttsPort?: number;
  /** MQTT over WebSocket, e.g. `ws://localhost:3000/mqtt`. */
  readonly mqttWsUrl: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts the hub with a validated configuration; ports 0 are replaced by the ones bound.
 * `holder` names this process in the data dir lock (`hub`, or `demo` for `npm run demo`).
 */
export async function startHub(config: HubConfig, holder = 'hub'): Promise<RunningHub> {
  // Before any store opens: one process per data dir, and the data dir private (open-data-dir.ts).
  const lease = openDataDir(config.dataDir, holder);
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      bufferLogs: true,
      abortOnError: false,
    });
    return await listen(app, config, lease);
  } catch (error) {
    await app?.close().catch(() => undefined);
    lease.release();
    throw error;
  }
}

/** How long an idle keep-alive socket stays open past the advertised timeout. */
const IDLE_SOCKET_GRACE_MS = 10_000;

async function listen(
  app: NestExpressApplication,
  config: HubConfig,
  lease: DataDirLease,
): Promise<RunningHub> {
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (lease.tightened.length > 0) {
    logger.warn({
      msg: 'data dir was readable by others: modes tightened',
      code: 'DATA_DIR_MODES_TIGHTENED',
      tightened: lease.tightened,
    });
  }
  // Nest registers express.json() with its 100 KiB default unless a json parser is already in
  // place: this one makes the cap a setting (HUB_HTTP_MAX_BODY_BYTES); larger bodies get 413.
  app.useBodyParser('json', { limit: config.http.maxBodyBytes });
  // Request logs without nestjs-pino's per-request store (logging.module.ts says why).
  app.use(requestLogger(config.logLevel));
  // Do not advertise the framework to scanners.
  app.disable('x-powered-by');
  // Before the port opens: every socket it accepts is counted against the connection caps.
  new HttpConnectionCaps(config.http, hubLogger(new ContextLogger('http'))).attach(
    app.getHttpServer(),
  );
  await app.listen(config.http.port, config.http.host);
  const server = app.getHttpServer();
  // Keep-alive clients (fetch/undici, browsers, proxies) drop an idle connection about a second
  // before the advertised `Keep-Alive: timeout`; a busy client can be seconds late and then writes
  // to a socket this server has just closed (ECONNRESET). Idle sockets stay open this much past
  // what is advertised (Node >= 22.19; its default is 1 s).
  (server as { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer = IDLE_SOCKET_GRACE_MS;
  const httpPort = (server.address() as AddressInfo).port;
  const mqtt = app.get(BrokerLifecycle).bound;
  const mqttPort = mqtt?.tcpPort ?? config.mqtt.port;
  const mqttsPort = mqtt?.tlsPort;
  const mqttWsUrl = `ws://localhost:${httpPort}${mqtt?.websocketPath ?? '/mqtt'}`;
  lease.describe({ httpPort, mqttPort, mqttsPort });
  logger.log({
    msg: 'hub ready',
    httpPort,
    mqttPort,
    mqttsPort,
    mqttWs: mqttWsUrl,
    dataDir: config.dataDir,
    graphql: `http://localhost:${httpPort}/graphql`,
  });
  return {
    app,
    httpPort,
    mqttPort,
    mqttsPort,
    mqttWsUrl,
    logger,
    close: async () => {
      try {
        await app.close();
      } finally {
        lease.release();
      }
    },
  };
}
