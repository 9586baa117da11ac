import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlHttp, graphqlWs, take } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const SUBSCRIPTION = `subscription ($filter: ReadingFilter) {
  readings(filter: $filter) { cursor lab lamppost kind observedAt values }
}`;
const HISTORY = `query ($filter: ReadingFilter) {
  readings(filter: $filter, first: 10) {
    edges { cursor node { cursor lab lamppost kind observedAt values } }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface ReadingJson {
  cursor: string;
  lab: string;
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
}

describe('temperature slice: MQTT in, event log, GraphQL out, across a restart', () => {
  let dataDir: string;
  let hub: RunningHub | undefined;

  beforeAll(() => {
    dataDir = tempDataDir();
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('a QoS 1 reading reaches a graphql-ws subscriber and survives a restart in history', async () => {
    hub = await startTestHub(dataDir);
    const token = adminToken(dataDir);
    const ws = graphqlWs(hub.httpPort, token);
    const sub = take<{ readings: ReadingJson }>(
      ws,
      SUBSCRIPTION,
      { filter: { lab: 'scheveningen', kind: 'temperature' } },
      1,
    );
    await sub.ready;

    const login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-001');
    const device = await connectDevice(hub.mqttPort, login);
    // The hub refuses stale readings: observe 'now', on a whole second as a sensor would.
    const observedAt = new Date().toISOString();
    const payload = { seq: 17, observedAt, celsius: 21.4 };
    // The shipped Scheveningen rule generalises time to the minute (timeBucketSeconds: 60).
    const minute = new Date(Math.floor(Date.parse(observedAt) / 60_000) * 60_000).toISOString();
    // publishAsync resolves when the PUBACK arrives (QoS 1).
    await device.publishAsync(
      'labs/scheveningen/lampposts/lp-001/temperature',
      JSON.stringify(payload),
      { qos: 1 },
    );

    const [live] = await sub.results;
    expect(live?.readings).toMatchObject({
      lab: 'scheveningen',
      lamppost: 'lp-001',
      kind: 'temperature',
      observedAt: minute,
      values: { celsius: 21.4 },
    });
    expect(live?.readings.cursor).toMatch(/^[1-9][0-9]*$/);
    await device.endAsync();
    await ws.dispose();
    await hub.close();
    hub = undefined;

    hub = await startTestHub(dataDir);
    const history = await graphqlHttp<{
      readings: { edges: { cursor: string; node: ReadingJson }[] };
    }>(hub.httpPort, token, HISTORY, { filter: { lamppost: 'lp-001' } });
    expect(history.status).toBe(200);
    expect(history.body.errors).toBeUndefined();
    const nodes = history.body.data?.readings.edges.map((e) => e.node) ?? [];
    expect(nodes).toEqual([live?.readings]);
  });
});
