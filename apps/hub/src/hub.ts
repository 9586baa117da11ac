import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { HubConfig } from '@hub/config';
import { BrokerLifecycle } from '@hub/ingest';
import { AppModule } from './app.module.js';
import { writePidFile } from './pid-file.js';

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

/** Starts the hub with a validated configuration; ports 0 are replaced by the ones bound. */
export async function startHub(config: HubConfig): Promise<RunningHub> {
  mkdirSync(config.dataDir, { recursive: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Nest registers express.json() with its 100 KiB default unless a json parser is already in
  // place: this one makes the cap a setting (HUB_HTTP_MAX_BODY_BYTES); larger bodies get 413.
  app.useBodyParser('json', { limit: config.http.maxBodyBytes });
  await app.listen(config.http.port, config.http.host);
  const server = app.getHttpServer();
  const httpPort = (server.address() as AddressInfo).port;
  const mqtt = app.get(BrokerLifecycle).bound;
  const mqttPort = mqtt?.tcpPort ?? config.mqtt.port;
  const mqttsPort = mqtt?.tlsPort;
  const mqttWsUrl = `ws://localhost:${httpPort}${mqtt?.websocketPath ?? '/mqtt'}`;
  const removePidFile = writePidFile(config.dataDir);
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
      await app.close();
      removePidFile();
    },
  };
}
