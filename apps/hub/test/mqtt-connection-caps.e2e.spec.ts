import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { ConnectRefused, tryConnect } from './support/mqtt-connect.js';
import { RawMqtt } from './support/raw-mqtt.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * Sockets that never log in have their own cap (issue 11, finding 4): before, they counted
 * against the same per-address limit as devices, so 1,000 idle sockets locked every device behind
 * that address out. And the hub as a whole has a connection cap.
 */

const reading = (seq: number) =>
  JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 20 });

const login = (device: ProvisionedDevice): IClientOptions => ({
  clientId: device.username,
  username: device.username,
  password: device.password,
});

describe('unauthenticated sockets cannot crowd out devices', () => {
  let dataDir: string;
  let hub: RunningHub;
  let device: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // Default limits, as in production, except that idle sockets are not timed out during the
    // test: the attacker of the finding refreshed its sockets faster than the connect timeout.
    hub = await startTestHub(dataDir, { HUB_MQTT_CONNECT_TIMEOUT_MS: '120000' });
    device = await provisionDevice(hub, dataDir, 'caps-lab', 'lp-behind-nat');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('1,000 idle sockets from one address; a device from that address still logs in and publishes', async () => {
    const idle: RawMqtt[] = [];
    try {
      for (let batch = 0; batch < 20; batch++) {
        idle.push(
          ...(await Promise.all(Array.from({ length: 50 }, () => RawMqtt.open(hub.mqttPort)))),
        );
      }
      const client: MqttClient = await tryConnect(
        `mqtt://127.0.0.1:${hub.mqttPort}`,
        login(device),
      );
      await client.publishAsync(`${device.topicPrefix}temperature`, reading(1), { qos: 1 });
      await client.endAsync();
      // The oldest idle sockets made room: at most the per-address pending cap are still open.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stillOpen = idle.filter((s) => !s.closed).length;
      expect(stillOpen).toBeLessThanOrEqual(64);
      expect((await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`)).status).toBe(200);
    } finally {
      for (const socket of idle) socket.destroy();
    }
  }, 180_000);
});

describe('the global connection cap', () => {
  let dataDir: string;
  let hub: RunningHub;
  const devices: ProvisionedDevice[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_MQTT_MAX_CONNECTIONS: '3' });
    for (let i = 1; i <= 4; i++) {
      devices.push(await provisionDevice(hub, dataDir, 'caps-lab', `lp-global-${i}`));
    }
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('the fourth device gets CONNACK 3 (server unavailable); the three are served; a freed slot admits again', async () => {
    const url = `mqtt://127.0.0.1:${hub.mqttPort}`;
    const open = await Promise.all(devices.slice(0, 3).map((d) => tryConnect(url, login(d))));
    try {
      const refused = await tryConnect(url, login(devices[3])).then(
        (client) => {
          client.end(true);
          return 0;
        },
        (error: ConnectRefused) => error.code,
      );
      expect(refused).toBe(3);
      await Promise.all(
        open.map((client, i) =>
          client.publishAsync(`${devices[i].topicPrefix}temperature`, reading(1), { qos: 1 }),
        ),
      );
      await open.shift()?.endAsync();
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the hub see the close
      open.push(await tryConnect(url, login(devices[3])));
    } finally {
      await Promise.all(open.map((client) => client.endAsync()));
    }
  });
});
