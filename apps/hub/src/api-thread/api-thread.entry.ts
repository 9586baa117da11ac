// The API's thread (decision 0022): GraphQL over HTTP and graphql-ws, the console and the read
// side, as a node with the `api` role only, beside the broker's thread of the same process. It
// owns the HTTP port; it reads the log with its own connection and writes it through the broker's
// thread, and relays MQTT over WebSocket, /health and /metrics to the broker's internal server.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Logger as ContextLogger } from '@nestjs/common';
import {
  createEventStore,
  ForwardedWriteStore,
  openSqliteEventStore,
  type EventStore,
} from '@hub/event-store';
import { HubMetrics, hubLogger } from '@hub/ops';
import type { RuleStats } from '@hub/privacy';
import { AppModule } from '../app.module.js';
import { afterListen, prepareHttp } from '../wiring/http-server.js';
import type { ApiThreadData, FromApiThread, ToApiThread } from './api-thread-protocol.js';
import { BrokerRelay } from './broker-relay.js';

const data = workerData as ApiThreadData;
const port = parentPort!;
const post = (message: FromApiThread): void => port.postMessage(message);
/** Requests to the broker's thread for the filter's totals, by id. */
const totalsAsked = new Map<number, (totals: Record<string, RuleStats>) => void>();
let nextTotalsId = 1;
/** The node's filter totals, asked of the broker's thread, whose filter counts every message. */
const filterTotals = (): Promise<Record<string, RuleStats>> =>
  new Promise((answer) => {
    const id = nextTotalsId++;
    totalsAsked.set(id, answer);
    post({ type: 'totals-request', id });
  });

/** The log as this thread sees it: its own reads; on SQLite, writes through the broker's thread. */
async function openLog(): Promise<EventStore> {
  const { eventStore } = data.config;
  if (eventStore.kind !== 'sqlite' || !data.writes) return createEventStore(eventStore);
  // The broker's store runs the WAL checkpoint thread; this reader needs none. Its head is the
  // file's: a client told of a commit (a PUBACK) finds it here even before the broadcast does.
  const reader = openSqliteEventStore({
    ...eventStore.sqlite,
    checkpointIntervalMs: 0,
    headFromFile: true,
    logger: hubLogger(new ContextLogger('event-store')),
  });
  return new ForwardedWriteStore(reader, data.writes, { marksRetries: true });
}

async function start(): Promise<NestExpressApplication> {
  const store = await openLog();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(data.config, { eventStore: store, filterTotals }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  const relay = new BrokerRelay(data.brokerHttpPort, data.websocketPath, data.relaySecret);
  app.use(relay.http);
  prepareHttp(app, data.config, { facesClients: true });
  app.getHttpServer().on('upgrade', relay.upgrade);
  await app.listen(data.config.http.port, data.config.http.host);
  afterListen(app);
  return app;
}

try {
  const app = await start();
  port.on('message', (message: ToApiThread) => {
    if (message.type === 'totals') {
      totalsAsked.get(message.id)?.(message.totals);
      totalsAsked.delete(message.id);
    } else if (message.type === 'metrics') {
      void app
        .get(HubMetrics)
        .registry.getMetricsAsJSON()
        .then((metrics) => post({ type: 'metrics', id: message.id, metrics }));
    } else if (message.type === 'stop') {
      void app.close().finally(() => {
        post({ type: 'stopped' });
        // Its app is closed, its writes answered: nothing is left for this thread to do. (Ends
        // this thread only; the broker's thread goes on with its own shutdown.)
        process.exit(0);
      });
    }
  });
  post({
    type: 'ready',
    httpPort: (app.getHttpServer().address() as AddressInfo).port,
  });
} catch (error) {
  post({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
