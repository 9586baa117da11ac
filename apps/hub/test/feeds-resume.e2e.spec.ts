import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlWs } from './support/clients.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { collect, createToken, gql, grant, sleep } from './feeds-fixtures.js';

const STREAM = `subscription ($filter: ReadingFilter, $after: String) {
  readings(filter: $filter, after: $after) { cursor lamppost kind values }
}`;
interface Item {
  readings: { cursor: string; lamppost: string; kind: string; values: { celsius: number } };
}

let seq = 0;
async function publish(
  device: MqttClient,
  lab: string,
  lamppost: string,
  count: number,
): Promise<number[]> {
  const sent: number[] = [];
  for (let i = 0; i < count; i++) {
    seq += 1;
    const celsius = Math.round((10 + seq / 10) * 10) / 10;
    await device.publishAsync(
      `labs/${lab}/lampposts/${lamppost}/temperature`,
      JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius }),
      { qos: 1 },
    );
    sent.push(celsius);
  }
  return sent;
}

const cursors = (items: Item[]) => items.map((i) => Number(i.readings.cursor));
const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

describe('resume: a subscription resumes from its cursor across a hub restart, with no gap and no duplicate', () => {
  let dataDir: string;
  let hub: RunningHub | undefined;
  let login: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-1');
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('the owner resubscribes after a restart and receives exactly what it missed', async () => {
    const running = hub!;
    const token = (
      await createToken(running, adminToken(dataDir), {
        role: 'municipality',
        municipality: 'den-haag',
      })
    ).token;
    let ws = graphqlWs(running.httpPort, token);
    const first = collect<Item>(ws, STREAM, { filter: { lab: 'scheveningen' } });
    let device = await connectDevice(running.mqttPort, login);
    const sentBefore = await publish(device, 'scheveningen', 'lp-1', 5);
    const got = await first.waitFor(5);
    const last = got.at(-1)!.readings.cursor;
    first.stop();
    await ws.dispose();
    await device.endAsync();

    // The hub stops; devices publish again to the restarted hub while the subscriber is away.
    await running.close();
    hub = await startTestHub(dataDir);
    device = await connectDevice(hub.mqttPort, login);
    const sentWhileAway = await publish(device, 'scheveningen', 'lp-1', 7);

    ws = graphqlWs(hub.httpPort, token);
    const resumed = collect<Item>(ws, STREAM, { filter: { lab: 'scheveningen' }, after: last });
    await resumed.waitFor(7);
    const sentLive = await publish(device, 'scheveningen', 'lp-1', 3);
    await resumed.waitFor(10);
    // The marker: one more reading. A duplicate or stray copy of the ten (stored before it)
    // would arrive before it, and show in the list below.
    const marker = await publish(device, 'scheveningen', 'lp-1', 1);
    await resumed.waitFor(11);
    resumed.stop();
    await ws.dispose();
    await device.endAsync();

    expect(got.map((i) => i.readings.values.celsius)).toEqual(sentBefore);
    expect(resumed.items.map((i) => i.readings.values.celsius)).toEqual([
      ...sentWhileAway,
      ...sentLive,
      ...marker,
    ]);
    const all = [...cursors(got), ...cursors(resumed.items)];
    expect(strictlyIncreasing(all)).toBe(true);
    expect(new Set(all).size).toBe(16);
  }, 90_000);

  test('across an agreement that expires mid-stream: every reading before the end, none after, then a clear error', async () => {
    const admin = adminToken(dataDir);
    const running = hub!;
    const leiden = (
      await createToken(running, admin, { role: 'municipality', municipality: 'leiden' })
    ).token;
    // Long enough for a restart of a busy hub in between; the test then waits for this clock.
    const until = new Date(Date.now() + 20_000).toISOString();
    await grant(running, admin, {
      lab: 'scheveningen',
      to: 'leiden',
      kinds: ['temperature'],
      until,
    });
    const headBefore = await gql<{ readings: { pageInfo: { endCursor: string } } }>(
      running,
      admin,
      '{ readings(last: 1) { pageInfo { endCursor } } }',
    );
    const from = headBefore.readings.pageInfo.endCursor;

    let ws = graphqlWs(running.httpPort, leiden);
    const first = collect<Item>(ws, STREAM, { filter: { lab: 'scheveningen' }, after: from });
    let device = await connectDevice(running.mqttPort, login);
    const a = await publish(device, 'scheveningen', 'lp-1', 2);
    await first.waitFor(2);
    const last = first.items.at(-1)!.readings.cursor;
    first.stop();
    await ws.dispose();
    await device.endAsync();

    await running.close();
    hub = await startTestHub(dataDir);
    device = await connectDevice(hub.mqttPort, login);
    const b = await publish(device, 'scheveningen', 'lp-1', 2);

    ws = graphqlWs(hub.httpPort, leiden);
    const resumed = collect<Item>(ws, STREAM, { filter: { lab: 'scheveningen' }, after: last });
    await resumed.waitFor(2);
    await sleep(Math.max(0, Date.parse(until) - Date.now()) + 200);
    await publish(device, 'scheveningen', 'lp-1', 2); // recorded after the end: never delivered
    const error = await resumed.ended;
    await ws.dispose();
    await device.endAsync();

    expect(first.items.map((i) => i.readings.values.celsius)).toEqual(a);
    expect(resumed.items.map((i) => i.readings.values.celsius)).toEqual(b);
    expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'AGREEMENT_EXPIRED' });

    // Resubscribing after the end is refused, and delivers nothing.
    const ws2 = graphqlWs(hub.httpPort, leiden);
    const again = collect<Item>(ws2, STREAM, { filter: { lab: 'scheveningen' }, after: last });
    expect((await again.ended)?.extensions).toMatchObject({ reason: 'AGREEMENT_EXPIRED' });
    expect(again.items).toHaveLength(0);
    await ws2.dispose();
  }, 120_000);
});
