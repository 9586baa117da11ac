import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { tryConnect } from './support/mqtt-connect.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const MiB = 1024 * 1024;

const reading = (seq: number) =>
  JSON.stringify({
    seq,
    observedAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    celsius: 20,
  });

const options = (login: ProvisionedDevice, extra: IClientOptions = {}): IClientOptions => ({
  clientId: login.username,
  username: login.username,
  password: login.password,
  reconnectPeriod: 0,
  connectTimeout: 30_000,
  ...extra,
});

/** Resolves true when the socket closes within `ms`, false otherwise. */
const closesWithin = (
  emitter: { once(event: 'close', listener: () => void): unknown },
  ms: number,
) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    emitter.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const rawSocket = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

describe('packet size guard', () => {
  let dataDir: string;
  let hub: RunningHub;
  let attacker: ProvisionedDevice;
  let bystander: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    attacker = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-attacker');
    bystander = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-bystander');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('a PUBLISH declaring 256 MiB is cut off at its header; memory stays flat; others are served', async () => {
    const other = await tryConnect(`mqtt://127.0.0.1:${hub.mqttPort}`, options(bystander));
    const client = await tryConnect(`mqtt://127.0.0.1:${hub.mqttPort}`, options(attacker));
    const socket = client.stream as Socket;
    let closed = false;
    socket.once('close', () => (closed = true));

    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakArrayBuffers = before.arrayBuffers;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
    }, 5);

    // Fixed header: PUBLISH QoS 1, remaining length 268,435,455 (the largest MQTT allows).
    socket.write(Buffer.from([0x32, 0xff, 0xff, 0xff, 0x7f]));
    // Then keep streaming the "body" (one reused buffer, honouring backpressure) up to 64 MiB.
    const junk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const deadline = Date.now() + 10_000;
    while (!closed && sent < 64 * MiB && Date.now() < deadline) {
      sent += junk.length;
      if (!socket.write(junk)) {
        await new Promise<void>((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
      }
    }
    if (!closed) await closesWithin(socket, 30_000);
    clearInterval(sampler);
    client.end(true);

    expect(closed).toBe(true);
    expect(sent).toBeLessThan(64 * MiB);
    expect(peakArrayBuffers - before.arrayBuffers).toBeLessThan(4 * MiB);
    expect(peakRss - before.rss).toBeLessThan(16 * MiB);

    // The bystander, connected all along, is still served: the publish resolves on its PUBACK.
    await other.publishAsync(`${bystander.topicPrefix}temperature`, reading(1), {
      qos: 1,
    });
    await other.endAsync();
  });

  test('an oversized first packet (before CONNECT) is cut off too', async () => {
    const socket = await rawSocket(hub.mqttPort);
    socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])); // CONNECT declaring 256 MiB
    expect(await closesWithin(socket, 30_000)).toBe(true);
  });
});

describe('connections per IP, message rate, connect timeout, keepalive', () => {
  let dataDir: string;
  let hub: RunningHub;
  const devices: ProvisionedDevice[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      HUB_MQTT_MAX_CONNECTIONS_PER_IP: '3',
      HUB_MQTT_MESSAGES_PER_SEC: '5',
      HUB_MQTT_MESSAGE_BURST: '10',
      HUB_MQTT_CONNECT_TIMEOUT_MS: '1000',
      HUB_MQTT_KEEPALIVE_MAX_SEC: '60',
    });
    for (let i = 1; i <= 4; i++)
      devices.push(await provisionDevice(hub, dataDir, 'scheveningen', `lp-lim-${i}`));
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  const connect = (login: ProvisionedDevice, extra?: IClientOptions): Promise<MqttClient> =>
    tryConnect(`mqtt://127.0.0.1:${hub.mqttPort}`, options(login, extra));

  // The per-address limit counts logged-in devices; a device over it hears why (CONNACK 3,
  // server unavailable) instead of a cut socket. Sockets that never log in have their own cap
  // (mqtt-connection-caps.e2e.spec.ts).
  test('a fourth device from the same address is refused (3), on TCP and WebSocket; a freed slot admits again', async () => {
    const open = await Promise.all(devices.slice(0, 3).map((login) => connect(login)));
    try {
      await expect(connect(devices[3])).rejects.toMatchObject({ code: 3 });
      await expect(
        tryConnect(`ws://127.0.0.1:${hub.httpPort}/mqtt`, options(devices[3])),
      ).rejects.toMatchObject({ code: 3 });
      await open.shift()?.endAsync();
      // The slot is free once the hub has seen the close: until then it still answers 3.
      const fourth = await waitUntil(
        () =>
          connect(devices[3]).catch((error: { code?: number }) => {
            if (error.code === 3) return undefined;
            throw error;
          }),
        { what: 'the freed slot to admit the fourth device', intervalMs: 100 },
      );
      expect(fourth.connected).toBe(true);
      open.push(fourth);
    } finally {
      await Promise.all(open.map((client) => client.endAsync()));
    }
  });

  test('a device within its rate stays connected', async () => {
    const device = await connect(devices[0]);
    for (let seq = 1; seq <= 10; seq++) {
      await device.publishAsync(`${devices[0].topicPrefix}temperature`, reading(seq), { qos: 1 });
    }
    // The burst is spent; 3 messages/s is below the sustained 5/s.
    for (let seq = 11; seq <= 16; seq++) {
      await new Promise((resolve) => setTimeout(resolve, 330));
      await device.publishAsync(`${devices[0].topicPrefix}temperature`, reading(seq), { qos: 1 });
    }
    expect(device.connected).toBe(true);
    await device.endAsync();
  });

  test('a device over its rate is disconnected', async () => {
    const device = await connect(devices[1]);
    const closed = closesWithin(device, 30_000);
    for (let seq = 1; seq <= 40; seq++) {
      device.publish(`${devices[1].topicPrefix}temperature`, reading(seq), { qos: 0 });
    }
    expect(await closed).toBe(true);
    device.end(true);
  });

  test('a connection that sends no CONNECT is closed after the connect timeout', async () => {
    const started = Date.now();
    const socket = await rawSocket(hub.mqttPort);
    expect(await closesWithin(socket, 30_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // not before the timeout
  });

  test('a keepalive above the maximum is refused; one within it is accepted', async () => {
    await expect(connect(devices[2], { keepalive: 120 })).rejects.toMatchObject({ code: 6 });
    const device = await connect(devices[2], { keepalive: 30 });
    expect(device.connected).toBe(true);
    await device.endAsync();
  });
});
