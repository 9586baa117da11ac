import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlWs, take } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { tryConnect } from './support/mqtt-connect.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const SUBSCRIPTION = `subscription ($filter: ReadingFilter) {
  readings(filter: $filter) { lamppost kind observedAt values }
}`;

/** MQTT over WebSocket at /mqtt shares the HTTP server with graphql-ws at /graphql. */
describe('MQTT over WebSocket next to graphql-ws', () => {
  let dataDir: string;
  let hub: RunningHub;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('the hub reports its MQTT WebSocket URL on the HTTP port', () => {
    expect(hub.mqttWsUrl).toBe(`ws://localhost:${hub.httpPort}/mqtt`);
  });

  test('a reading published over ws://…/mqtt reaches a graphql-ws subscriber on /graphql', async () => {
    const ws = graphqlWs(hub.httpPort, adminToken(dataDir));
    const sub = take<{ readings: { lamppost: string; values: { celsius: number } } }>(
      ws,
      SUBSCRIPTION,
      { filter: { lamppost: 'lp-ws' } },
      1,
    );
    await sub.ready;

    const login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-ws');
    const device = await tryConnect(`ws://127.0.0.1:${hub.httpPort}/mqtt`, {
      clientId: login.username,
      username: login.username,
      password: login.password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    const observedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    // Resolves once the PUBACK is in (QoS 1).
    await device.publishAsync(
      `${login.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt, celsius: 19.3 }),
      { qos: 1 },
    );

    const [live] = await sub.results;
    expect(live?.readings).toMatchObject({ lamppost: 'lp-ws', values: { celsius: 19.3 } });
    await device.endAsync();
    await ws.dispose();
  });

  test('wrong credentials over WebSocket get CONNACK 4, like over TCP', async () => {
    await expect(
      tryConnect(`ws://127.0.0.1:${hub.httpPort}/mqtt`, {
        clientId: 'lp-ws-bad',
        username: 'nobody',
        password: 'wrong',
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }),
    ).rejects.toMatchObject({ code: 4 });
  });

  test("another device's client id over WebSocket gets CONNACK 2, like over TCP (one gate for every door)", async () => {
    const victim = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-ws-victim');
    const other = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-ws-other');
    await expect(
      tryConnect(`ws://127.0.0.1:${hub.httpPort}/mqtt`, {
        clientId: victim.username,
        username: other.username,
        password: other.password,
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
