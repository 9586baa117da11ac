import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { freePort } from '../../../tools/processes/ports.js';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlHttp, graphqlWs, take } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { tryConnect, ConnectRefused } from './support/mqtt-connect.js';
import { scrapeValue } from './support/metrics.js';
import { readingBody } from './support/qos1-publisher.js';
import { storedReadings } from './support/stored-readings.js';
import {
  adminToken,
  metricsToken,
  removeDir,
  startTestHub,
  tempDataDir,
} from './support/test-hub.js';

// HUB_API_THREAD=worker (decision 0022): GraphQL, graphql-ws, the console and the read side run
// on a thread of their own, which owns the HTTP port; the broker's thread writes the log and
// acknowledges devices. Everything a client does goes through the real interfaces: MQTT over TCP
// and over WebSocket (relayed), GraphQL over HTTP and graphql-ws, /health, /metrics.

const SUBSCRIPTION = `subscription ($filter: ReadingFilter) {
  readings(filter: $filter) { lamppost kind values }
}`;
const HISTORY = `query ($filter: ReadingFilter) {
  readings(filter: $filter, first: 20) { edges { node { lamppost values } } }
}`;
const STATS = `query { ruleVersionStats(lab: "scheveningen") { ruleKey messagesFiltered } }`;

describe('the API on its own thread', () => {
  const dir = tempDataDir();
  let hub: RunningHub;
  let admin: string;
  let login: ProvisionedDevice;

  beforeAll(async () => {
    hub = await startTestHub(dir, {
      HUB_API_THREAD: 'worker',
      // One MQTT connection per address, to see which address the relay counts a device under.
      HUB_MQTT_MAX_CONNECTIONS_PER_IP: '1',
    });
    admin = adminToken(dir);
    // A mutation on the API's thread: its events are written by the broker's thread.
    login = await provisionDevice(hub, dir, 'scheveningen', 'lp-thread');
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dir);
  });

  test('readings over MQTT reach a graphql-ws subscriber, the history and the privacy officer figures', async () => {
    const ws = graphqlWs(hub.httpPort, admin);
    const live = take<{ readings: { lamppost: string; values: { celsius: number } } }>(
      ws,
      SUBSCRIPTION,
      { filter: { lamppost: 'lp-thread' } },
      3,
    );
    await live.ready;
    const device = await connectDevice(hub.mqttPort, login);
    const observedAt = new Date().toISOString();
    for (let seq = 1; seq <= 3; seq++) {
      await device.publishAsync(`${login.topicPrefix}temperature`, readingBody(seq, observedAt), {
        qos: 1,
      });
    }
    await device.endAsync();
    const delivered = await live.results;
    expect(delivered.map((r) => r.readings.lamppost)).toEqual([
      'lp-thread',
      'lp-thread',
      'lp-thread',
    ]);
    await ws.dispose();

    const history = await graphqlHttp<{ readings: { edges: unknown[] } }>(
      hub.httpPort,
      admin,
      HISTORY,
      {
        filter: { lamppost: 'lp-thread' },
      },
    );
    expect(history.body.data?.readings.edges).toHaveLength(3);

    // The filter counts on the broker's thread; the API's thread answers with the node's totals.
    await waitUntil(
      async () => {
        const stats = await graphqlHttp<{ ruleVersionStats: { messagesFiltered: number }[] }>(
          hub.httpPort,
          admin,
          STATS,
        );
        return (stats.body.data?.ruleVersionStats[0]?.messagesFiltered ?? 0) >= 3;
      },
      { what: "the broker's filter counts in ruleVersionStats" },
    );
  });

  test('/health and /metrics answer for the node: the broker is listening, both threads are counted', async () => {
    const token = metricsToken(dir);
    const health = await fetch(`http://127.0.0.1:${hub.httpPort}/health`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(health.status).toBe(200);
    const detail = (await health.json()) as { details: { mqtt?: { listening: boolean } } };
    expect(detail.details.mqtt?.listening).toBe(true);
    // Counted on the broker's thread:
    expect(
      await scrapeValue(hub.httpPort, dir, 'hub_mqtt_messages_in_total{kind="temperature"}'),
    ).toBeGreaterThanOrEqual(3);
    // Counted on the API's thread (the history page above):
    const reads = await Promise.all(
      ['read-model', 'tail', 'wait'].map((by) =>
        scrapeValue(hub.httpPort, dir, `hub_history_reads_total{answered_by="${by}"}`),
      ),
    );
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });

  test("MQTT over WebSocket is relayed under the device's own address, which a client cannot choose", async () => {
    const second = await provisionDevice(hub, dir, 'scheveningen', 'lp-thread-2');
    const third = await provisionDevice(hub, dir, 'scheveningen', 'lp-thread-3');
    const overWs = (who: ProvisionedDevice, from: string, headers: Record<string, string> = {}) =>
      tryConnect(hub.mqttWsUrl.replace('localhost', '127.0.0.1'), {
        clientId: who.username,
        username: who.username,
        password: who.password,
        reconnectPeriod: 0,
        connectTimeout: 30_000,
        wsOptions: { localAddress: from, headers },
      });
    // One connection per address: a device from 127.0.0.2 takes that address's place...
    const first = await overWs(login, '127.0.0.2');
    await first.publishAsync(
      `${login.topicPrefix}temperature`,
      readingBody(10, new Date().toISOString()),
      { qos: 1 },
    );
    // ...a device from 127.0.0.3 has its own, so the relay did not count both under its own
    // loopback address...
    const other = await overWs(second, '127.0.0.3');
    // ...and one more from 127.0.0.2 is refused, even naming another address in the relay's
    // headers with a made-up secret.
    const refused = await overWs(third, '127.0.0.2', {
      'x-hub-relay-peer': '10.9.8.7',
      'x-hub-relay-secret': 'f'.repeat(64),
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectRefused);
    await first.endAsync();
    await other.endAsync();
    expect(storedReadings(dir).filter((r) => r.lamppost === 'lp-thread').length).toBe(4);
  });
});

describe('an API thread that ends unasked', () => {
  const dir = tempDataDir();
  let hub: RunningHub | undefined;
  afterAll(async () => {
    await hub?.close();
    removeDir(dir);
  });

  test('is started again on the same port; devices were acknowledged meanwhile', async () => {
    const httpPort = await freePort();
    hub = await startTestHub(dir, { HUB_API_THREAD: 'worker', HUB_HTTP_PORT: String(httpPort) });
    const admin = adminToken(dir);
    const login = await provisionDevice(hub, dir, 'scheveningen', 'lp-crash');
    const device = await connectDevice(hub.mqttPort, login);
    const observedAt = new Date().toISOString();

    await hub.apiThread!.crashForTest();
    // While the API is down the broker goes on: the PUBACK means stored.
    await device.publishAsync(`${login.topicPrefix}temperature`, readingBody(1, observedAt), {
      qos: 1,
    });
    expect(storedReadings(dir).filter((r) => r.lamppost === 'lp-crash')).toHaveLength(1);

    // The API is back on its port and serves what was stored while it was down.
    await waitUntil(
      async () => {
        const page = await graphqlHttp<{ readings: { edges: unknown[] } }>(
          httpPort,
          admin,
          HISTORY,
          { filter: { lamppost: 'lp-crash' } },
        ).catch(() => undefined);
        return page?.body.data?.readings.edges.length === 1;
      },
      { what: 'the restarted API thread to serve the reading' },
    );
    await device.endAsync();
  });
});
