import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, type DeviceLogin } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { registryMutation } from './support/registry-api.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { ABOUT_LAMPPOST_SQL } from './support/stored-readings.js';

const LAB = 'acl-lab';

/** The CONNACK return code of a refused connection (mqtt.js puts it on the error's `code`). */
async function refusalCode(port: number, login?: Partial<DeviceLogin>): Promise<unknown> {
  try {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      reconnectPeriod: 0,
      connectTimeout: 30_000,
      // A device's client id is its username; anonymous attempts get mqtt.js' random one.
      ...(login?.username !== undefined && { clientId: login.username }),
      ...login,
    });
    await client.endAsync();
    return 'connected';
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

/** Resolves when the broker closes the client's connection; fails after `ms`. */
const closed = (client: MqttClient, ms = 30_000): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection still open after ${ms} ms`)), ms);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const reading = (seq: number, celsius = 20) =>
  JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius });

describe('device ACLs and credentials over real MQTT', () => {
  let dataDir: string;
  let hub: RunningHub;
  let store: Database.Database;
  let a: ProvisionedDevice;
  let b: ProvisionedDevice;

  /** Events the log holds about one lamppost (readings and rejections alike). */
  const eventsAbout = (lamppost: string): number =>
    (
      store
        .prepare(
          `SELECT count(*) AS n FROM events WHERE ${ABOUT_LAMPPOST_SQL}
             AND type IN ('ReadingRecorded', 'MessageRejected')`,
        )
        .get(lamppost, lamppost) as { n: number }
    ).n;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    store = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    a = await provisionDevice(hub, dataDir, LAB, 'lp-a');
    b = await provisionDevice(hub, dataDir, LAB, 'lp-b');
  });
  afterAll(async () => {
    store.close();
    await hub.close();
    removeDir(dataDir);
  });

  test('anonymous is refused with 5, unknown user and wrong password with 4', async () => {
    expect(await refusalCode(hub.mqttPort)).toBe(5);
    expect(await refusalCode(hub.mqttPort, { username: 'nobody.lp-x', password: a.password })).toBe(
      4,
    );
    expect(await refusalCode(hub.mqttPort, { username: a.username, password: b.password })).toBe(4);
    expect(await refusalCode(hub.mqttPort, { username: a.username })).toBe(4);
    expect(await refusalCode(hub.mqttPort, a)).toBe('connected');
  });

  test('publishing into another lamppost prefix closes the connection and stores nothing', async () => {
    const device = await connectDevice(hub.mqttPort, a);
    const gone = closed(device);
    let acknowledged = false;
    // MQTT 3.1.1 has no negative PUBACK: the refusal is the closed connection, never an ack.
    device.publish(`${b.topicPrefix}temperature`, reading(1), { qos: 1 }, (error) => {
      if (!error) acknowledged = true;
    });
    await gone;
    expect(acknowledged).toBe(false);
    expect(eventsAbout('lp-b')).toBe(0);
  });

  test('publishing to $SYS closes the connection', async () => {
    const device = await connectDevice(hub.mqttPort, a);
    const gone = closed(device);
    device.publish('$SYS/broker/uptime', 'forged', { qos: 1 }, () => undefined);
    await gone;
  });

  test('subscriptions beyond its own rejection replies get 0x80 and deliver nothing', async () => {
    const spy = await connectDevice(hub.mqttPort, a);
    const received: string[] = [];
    spy.on('message', (topic) => received.push(topic));
    const refused = [
      '#',
      'labs/#',
      `${b.topicPrefix}temperature/rejected`,
      `${b.topicPrefix}+/rejected`,
      `labs/${LAB}/lampposts/+/temperature/rejected`,
      `${b.topicPrefix}temperature`,
      '$SYS/#',
    ];
    // mqtt.js rejects a SUBACK holding a 0x80 return code; the packet is on the error.
    const suback = (filters: string[]) =>
      spy.subscribeAsync(filters, { qos: 1 }).then(
        (granted) => granted.map((g) => g.qos),
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
      );
    expect(await suback(refused)).toEqual(refused.map(() => 0x80));
    expect(await suback([`${a.topicPrefix}+/rejected`, '#'])).toEqual([1, 0x80]);

    // B publishes a bad message: B hears its rejection, A hears nothing of it.
    const victim = await connectDevice(hub.mqttPort, b);
    const reply = new Promise<string>((resolve) =>
      victim.on('message', (_topic, payload) => resolve(payload.toString())),
    );
    await victim.subscribeAsync(`${b.topicPrefix}temperature/rejected`, { qos: 1 });
    await victim.publishAsync(`${b.topicPrefix}temperature`, 'not json', { qos: 1 });
    expect(JSON.parse(await reply)).toMatchObject({ code: 'INVALID_JSON' });
    // The marker: A's own rejection reply, sent to A after B's. Had B's reached A, it would have
    // arrived on A's connection before this one.
    const own = `${a.topicPrefix}temperature/rejected`;
    await spy.publishAsync(`${a.topicPrefix}temperature`, 'not json', { qos: 1 });
    await waitUntil(() => received.includes(own), { what: `A's own rejection reply on ${own}` });
    expect(received).toEqual([own]);
    expect(spy.connected).toBe(true); // a refused subscription does not cost the connection
    await Promise.all([spy.endAsync(), victim.endAsync()]);
  });

  test('revoking closes the live connection at once and refuses the reconnect (5)', async () => {
    const c = await provisionDevice(hub, dataDir, LAB, 'lp-revoke');
    const device = await connectDevice(hub.mqttPort, c);
    await device.publishAsync(`${c.topicPrefix}temperature`, reading(1), { qos: 1 });
    const gone = closed(device);
    const revoked = await registryMutation<{ status: string }>(
      hub,
      dataDir,
      'revokeDevice',
      LAB,
      'lp-revoke',
      'status',
    );
    expect(revoked.status).toBe('revoked');
    await gone; // closed by the revocation, with nothing sent by the device (no speed check)
    expect(await refusalCode(hub.mqttPort, c)).toBe(5);
  });

  test('rotating: the old password is refused (4) and its connection closed; the new one works', async () => {
    const c = await provisionDevice(hub, dataDir, LAB, 'lp-rotate');
    const device = await connectDevice(hub.mqttPort, c); // verified and cached
    const gone = closed(device);
    const fresh = await registryMutation<DeviceLogin>(
      hub,
      dataDir,
      'rotateDeviceCredentials',
      LAB,
      'lp-rotate',
      'username password',
    );
    await gone;
    expect(fresh.username).toBe(c.username);
    expect(fresh.password).not.toBe(c.password);
    expect(await refusalCode(hub.mqttPort, c)).toBe(4);
    const again = await connectDevice(hub.mqttPort, fresh);
    await again.publishAsync(`${c.topicPrefix}temperature`, reading(2), { qos: 1 });
    await again.endAsync();
  });

  test('a decommissioned lamppost is refused (5)', async () => {
    const c = await provisionDevice(hub, dataDir, LAB, 'lp-retired');
    await registryMutation(hub, dataDir, 'decommissionLamppost', LAB, 'lp-retired', 'status');
    expect(await refusalCode(hub.mqttPort, c)).toBe(5);
  });
});
