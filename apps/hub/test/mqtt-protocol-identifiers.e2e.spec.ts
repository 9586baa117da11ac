import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import mqtt from 'mqtt';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { within } from './support/deadline.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { connectPacket, RawMqtt } from './support/raw-mqtt.js';
import { removeDir, tempDataDir } from './support/test-hub.js';

/**
 * Identifiers MQTT 3.1.1 forbids are refused (issue 11, finding 6), and a device that publishes
 * outside its prefix learns why before the hub closes its connection.
 */

const reading = (seq: number) =>
  JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 20 });

describe('protocol identifiers and ACL refusals', () => {
  let dataDir: string;
  let hub: ChildHub;
  let device: ProvisionedDevice;
  let other: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'info' });
    device = await provisionDevice(hub, dataDir, 'ids-lab', 'lp-ids');
    other = await provisionDevice(hub, dataDir, 'ids-lab', 'lp-other');
  }, 180_000);
  afterAll(async () => {
    if (hub) await hub.stop();
    removeDir(dataDir);
  });

  async function connected(): Promise<RawMqtt> {
    const raw = await RawMqtt.open(hub.mqttPort);
    raw.send(
      connectPacket({
        clientId: device.username,
        username: device.username,
        password: device.password,
      }),
    );
    expect(await raw.next('connack', 10_000)).toMatchObject({ returnCode: 0 });
    return raw;
  }

  test('a QoS 1 PUBLISH with packet identifier 0 closes the connection, unacknowledged [MQTT-2.3.1-1]', async () => {
    const raw = await connected();
    raw.send({
      cmd: 'publish',
      topic: `${device.topicPrefix}temperature`,
      payload: reading(1),
      qos: 1,
      messageId: 0,
      retain: false,
      dup: false,
    });
    expect(await raw.next('puback', 10_000)).toBe('closed');
    raw.destroy();
    expect((await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`)).status).toBe(200);
  });

  test('a SUBSCRIBE with packet identifier 0 closes the connection [MQTT-2.3.1-1]', async () => {
    const raw = await connected();
    raw.send({
      cmd: 'subscribe',
      messageId: 0,
      subscriptions: [{ topic: `${device.topicPrefix}+/rejected`, qos: 1 }],
    });
    expect(await raw.next('suback', 10_000)).toBe('closed');
    raw.destroy();
    // The device itself is not locked out: a well-formed SUBSCRIBE on a new connection is granted.
    const again = await connected();
    again.send({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: `${device.topicPrefix}+/rejected`, qos: 1 }],
    });
    expect(await again.next('suback', 10_000)).toMatchObject({ granted: [1] });
    again.destroy();
  });

  test('publishing outside its prefix: the device hears why, then the connection closes; the log names the device', async () => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      clientId: device.username,
      username: device.username,
      password: device.password,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
    });
    await client.subscribeAsync(`${device.topicPrefix}+/rejected`, { qos: 1 });
    const heard = new Promise<{ topic: string; body: Record<string, unknown> }>((resolve) =>
      client.on('message', (topic, payload) =>
        resolve({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }),
      ),
    );
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(`${other.topicPrefix}temperature`, reading(1), { qos: 1 }, () => undefined);
    const reply = await within(heard, 30_000, 'the rejection reply to the device');
    await within(closed, 30_000, 'the hub to close the connection');
    client.end(true);
    expect(reply).toEqual({
      topic: `${device.topicPrefix}acl/rejected`,
      body: expect.objectContaining({
        code: 'TOPIC_NOT_ALLOWED',
        topic: `${other.topicPrefix}temperature`,
      }),
    });
    expect(client.connected).toBe(false);
    const line = await hub.waitForLine((l) => l.includes('publish refused by ACL'));
    expect(JSON.parse(line)).toMatchObject({
      username: device.username,
      lab: 'ids-lab',
      lamppost: 'lp-ids',
    });
  }, 120_000);
});
