import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { ConnectRefused, tryConnect } from './support/mqtt-connect.js';
import { connackCode, connectPacket, connectWithInvalidUtf8ClientId } from './support/raw-mqtt.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { scrapeFamily } from './support/metrics.js';

/**
 * A device is one identity (issue 11, finding 4): its MQTT client id is its username, so no device
 * can take over another's connection or session, nor rotate client ids to get fresh limits.
 */

const reading = (seq: number) =>
  JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 20 });

const login = (device: ProvisionedDevice, extra: IClientOptions = {}): IClientOptions => ({
  clientId: device.username,
  username: device.username,
  password: device.password,
  ...extra,
});

/** The CONNACK code of a refused attempt, or 0 (and the client, ended) when it was accepted. */
async function outcome(url: string, options: IClientOptions): Promise<number | string> {
  try {
    const client = await tryConnect(url, options);
    await client.endAsync();
    return 0;
  } catch (error) {
    if (error instanceof ConnectRefused) return error.code;
    throw error;
  }
}

const live = async (hub: RunningHub): Promise<number> =>
  (await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`)).status;

describe('a device is one identity', () => {
  let dataDir: string;
  let hub: RunningHub;
  let url: string;
  let victim: ProvisionedDevice;
  let attacker: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_MQTT_LOGIN_BLOCK_MS: '60000' });
    url = `mqtt://127.0.0.1:${hub.mqttPort}`;
    victim = await provisionDevice(hub, dataDir, 'id-lab-a', 'lp-victim');
    // Another lab (and municipality-wide: the same one), so the takeover crosses labs.
    attacker = await provisionDevice(hub, dataDir, 'id-lab-b', 'lp-attacker');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test("another device's client id is refused (2); the victim stays connected and keeps its session", async () => {
    const device: MqttClient = await tryConnect(url, login(victim, { clean: false }));
    await device.subscribeAsync(`${victim.topicPrefix}temperature/rejected`, { qos: 1 });
    let victimClosed = false;
    device.on('close', () => (victimClosed = true));

    expect(await outcome(url, login(attacker, { clientId: victim.username }))).toBe(2);
    expect(await outcome(url, login(attacker, { clientId: victim.username, clean: false }))).toBe(
      2,
    );

    // The marker: a PUBACK round trip on the victim's connection, after both refusals. A kick-off
    // closes the old socket before the takeover's CONNACK, so it would have shown by now.
    await device.publishAsync(`${victim.topicPrefix}temperature`, reading(1), { qos: 1 });
    expect(victimClosed).toBe(false);
    await device.endAsync();

    // Offline now, its persistent session stays its own: the attacker cannot resume it...
    const stolen = await connackCode(
      hub.mqttPort,
      connectPacket({
        clientId: victim.username,
        username: attacker.username,
        password: attacker.password,
        clean: false,
      }),
    );
    stolen.raw.destroy();
    expect(stolen.code).toBe(2);
    expect(stolen.sessionPresent).not.toBe(true);
    // ...and the victim resumes it (session present = 1).
    const own = await connackCode(
      hub.mqttPort,
      connectPacket({
        clientId: victim.username,
        username: victim.username,
        password: victim.password,
        clean: false,
      }),
    );
    own.raw.destroy();
    expect(own.code).toBe(0);
    expect(own.sessionPresent).toBe(true);
    expect(await live(hub)).toBe(200);
  });

  test('an empty client id is refused (2), with clean=false [MQTT-3.1.3-8] and with clean=true', async () => {
    for (const clean of [false, true]) {
      const { code, raw } = await connackCode(
        hub.mqttPort,
        connectPacket({
          clientId: '',
          username: victim.username,
          password: victim.password,
          clean,
        }),
      );
      raw.destroy();
      expect({ clean, code }).toEqual({ clean, code: 2 });
    }
  });

  test('a client id with U+0000 or invalid UTF-8 closes the connection without CONNACK [MQTT-1.5.3-1/-2]', async () => {
    const nul = await connackCode(
      hub.mqttPort,
      connectPacket({
        clientId: `${victim.username}\u0000`,
        username: victim.username,
        password: victim.password,
      }),
    );
    const invalid = await connackCode(
      hub.mqttPort,
      connectWithInvalidUtf8ClientId(victim.username, victim.password),
    );
    nul.raw.destroy();
    invalid.raw.destroy();
    expect(nul.code).toBe('closed');
    expect(invalid.code).toBe('closed');
    expect(await live(hub)).toBe(200);
  });

  test('wrong passwords are slowed per (address, username): after 5 failures even the right one waits', async () => {
    const target = await provisionDevice(hub, dataDir, 'id-lab-a', 'lp-guessed');
    const bystander = await provisionDevice(hub, dataDir, 'id-lab-a', 'lp-bystander');
    const codes: (number | string)[] = [];
    for (let i = 0; i < 8; i++) {
      codes.push(await outcome(url, login(target, { password: `wrong-${i}` })));
    }
    const rightPassword = await outcome(url, login(target));
    // The first five are checked (4); from the sixth on the pair is blocked without a check (5).
    expect(codes).toEqual([4, 4, 4, 4, 4, 5, 5, 5]);
    expect(rightPassword).toBe(5);
    // Another device from the same address is not affected.
    expect(await outcome(url, login(bystander))).toBe(0);
    const metrics = (
      await scrapeFamily(hub.httpPort, dataDir, 'hub_mqtt_connect_refused_total')
    ).join('\n');
    expect(metrics).toMatch(/hub_mqtt_connect_refused_total\{reason="LOGIN_BLOCKED"\} 4/);
  });
});

describe('the message rate follows the device, not the client id', () => {
  let dataDir: string;
  let hub: RunningHub;
  let url: string;
  let device: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      HUB_MQTT_MESSAGES_PER_SEC: '2',
      HUB_MQTT_MESSAGE_BURST: '20',
    });
    url = `mqtt://127.0.0.1:${hub.mqttPort}`;
    device = await provisionDevice(hub, dataDir, 'rate-lab', 'lp-rotor');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  const closedWithin = (client: MqttClient, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (!client.connected) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      client.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  test('rotating client ids after being cut gives no fresh budget', async () => {
    const first = await tryConnect(url, login(device));
    const started = Date.now();
    const cut = closedWithin(first, 30_000);
    // One acknowledged message at a time, so each takes a token, until the empty bucket cuts it.
    // However slow the machine, a message costs less than the 500 ms a token takes to come back.
    let acked = 0;
    let seq = 0;
    while (seq < 400) {
      const answer = await Promise.race([
        first
          .publishAsync(`${device.topicPrefix}temperature`, reading(++seq), { qos: 1 })
          .then(() => 'acked' as const),
        cut.then(() => 'cut' as const),
      ]);
      if (answer === 'cut') break;
      acked++;
    }
    expect(await cut).toBe(true);
    expect(acked).toBeGreaterThanOrEqual(20); // the burst
    // The burst plus one token per 500 ms, over the time it took (as measured, not as hoped).
    expect(acked).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 500));
    first.end(true);

    // Four fresh client ids with the same credentials: before the fix each got a full burst.
    let acceptedUnderFreshIds = 0;
    for (let i = 1; i <= 4; i++) {
      const attempt = await outcome(url, login(device, { clientId: `rotor-${i}` }));
      if (attempt === 0) acceptedUnderFreshIds++;
    }
    expect(acceptedUnderFreshIds).toBe(0);

    // Its own id comes back to the same, still empty bucket: a burst is cut at once.
    const again = await tryConnect(url, login(device));
    const cutAgain = closedWithin(again, 30_000);
    for (let i = 0; i < 20; i++) {
      again.publish(`${device.topicPrefix}temperature`, reading(++seq), { qos: 0 });
    }
    expect(await cutAgain).toBe(true);
    again.end(true);
  });
});
