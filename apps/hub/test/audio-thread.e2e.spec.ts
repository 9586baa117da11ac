import { afterAll, describe, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { PRIVACY_GATE, type PrivacyGate } from '@hub/ingest';
import {
  createScheveningenLab,
  DEFAULT_GENERATOR_OPTIONS,
  encodeReading,
  readingsAt,
} from '../../../simulators/scheveningen/index.js';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { labReadings, type LabReading } from './support/lab-readings.js';

// HUB_AUDIO_THREAD=worker weighs sound on the audio worker (its compiled entry in dist/, built by
// the tests' global setup); =main on the broker's thread. The same traffic must give the same levels.

const lab = createScheveningenLab({ seed: 11, lampposts: 2 });
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const readings = labReadings;
type Reading = LabReading;

interface Device {
  readonly id: string;
  readonly prefix: string;
  readonly client: MqttClient;
}

async function connectLab(hub: RunningHub, dataDir: string, refusals: string[]): Promise<Device[]> {
  return Promise.all(
    lab.lampposts.map(async (lamppost) => {
      const login = await provisionDevice(hub, dataDir, 'scheveningen', lamppost.id);
      const client = await connectDevice(hub.mqttPort, login);
      client.on('message', (topic, payload) => refusals.push(`${topic} ${payload.toString()}`));
      await client.subscribeAsync(`${login.topicPrefix}+/rejected`, { qos: 1 });
      return { id: lamppost.id, prefix: login.topicPrefix, client };
    }),
  );
}

/**
 * A minute ahead (within the 5 min clock skew the hub allows): no flush closes its windows while
 * the chunks arrive one second after another; the hub's shutdown closes and stores them.
 */
const WINDOW = Math.floor(Date.now() / 60_000) * 60_000 + 120_000;

/**
 * Second `second` of the window from every lamppost, as the simulator sends it: a sound chunk
 * (raw PCM, 1 s at 32 kHz), a camera message (with its JPEG frame) and a temperature. QoS 1:
 * resolves when every PUBACK is in, i.e. when the hub has stored what it made of them.
 */
async function publishSecond(devices: Device[], second: number): Promise<void> {
  const at = new Date(WINDOW + second * 1000);
  await Promise.all(
    devices.flatMap((device) => {
      const lamppost = lab.lampposts.find((l) => l.id === device.id);
      if (!lamppost) throw new Error(device.id);
      return (['sound', 'camera', 'temperature'] as const).map((kind) => {
        const [body] = readingsAt(lamppost, kind, at, {
          ...DEFAULT_GENERATOR_OPTIONS,
          intervalSec: 1,
        });
        const wire = encodeReading({ seq: second, observedAt: at.toISOString() }, body);
        return device.client.publishAsync(`${device.prefix}${kind}`, wire, { qos: 1 });
      });
    }),
  );
}

async function soundLevels(hub: RunningHub, dataDir: string): Promise<Reading[]> {
  const sound = await waitUntil(
    async () => {
      const found = await readings(hub, dataDir, 'sound');
      return found.length === lab.lampposts.length ? found : undefined;
    },
    { what: 'one closed sound window per lamppost' },
  );
  return sound.sort((a, b) => a.lamppost.localeCompare(b.lamppost));
}

describe('audio off the broker thread (HUB_AUDIO_THREAD)', () => {
  test('mixed traffic over MQTT: the worker stores the sound levels the main thread stores', async () => {
    const stored: Record<string, { sound: Reading[]; temperatures: number; refusals: string[] }> =
      {};
    for (const mode of ['worker', 'main']) {
      const dataDir = tempDataDir();
      dirs.push(dataDir);
      const hub = await startTestHub(dataDir, { HUB_AUDIO_THREAD: mode });
      const refusals: string[] = [];
      try {
        expect(hub.app.get<symbol, PrivacyGate>(PRIVACY_GATE).audio !== undefined).toBe(
          mode === 'worker',
        );
        const devices = await connectLab(hub, dataDir, refusals);
        for (let second = 0; second < 5; second++) await publishSecond(devices, second);
        await Promise.all(devices.map((d) => d.client.endAsync()));
      } finally {
        await hub.close(); // closes the open windows and stores their levels
      }
      const again = await startTestHub(dataDir, { HUB_AUDIO_THREAD: mode });
      try {
        const sound = await soundLevels(again, dataDir);
        const temperatures = (await readings(again, dataDir, 'temperature')).length;
        stored[mode] = { sound, temperatures, refusals };
      } finally {
        await again.close();
      }
    }
    const { worker, main } = stored;
    expect(worker.refusals).toEqual([]);
    expect(main.refusals).toEqual([]);
    expect(worker.temperatures).toBe(5 * lab.lampposts.length);
    expect(main.temperatures).toBe(5 * lab.lampposts.length);
    expect(worker.sound.map((r) => r.values.durationSeconds)).toEqual([5, 5]);
    expect(worker.sound.every((r) => typeof r.values.LAeq === 'number')).toBe(true);
    expect(worker.sound).toEqual(main.sound);
  }, 180_000);

  test('a killed audio worker is started again and ingest goes on: every later chunk is weighed', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const hub = await startTestHub(dataDir, { HUB_AUDIO_THREAD: 'worker' });
    const refusals: string[] = [];
    try {
      const audio = hub.app.get<symbol, PrivacyGate>(PRIVACY_GATE).audio;
      if (!audio) throw new Error('no audio worker with HUB_AUDIO_THREAD=worker');
      const devices = await connectLab(hub, dataDir, refusals);
      for (let second = 0; second < 2; second++) await publishSecond(devices, second);
      const killed = audio.threadId;
      await audio.terminateWorker();
      await waitUntil(() => audio.restarts === 1, { what: 'the audio worker started again' });
      expect(audio.threadId).not.toBe(killed);
      for (let second = 2; second < 5; second++) await publishSecond(devices, second);
      await Promise.all(devices.map((d) => d.client.endAsync()));
    } finally {
      await hub.close(); // closes the open windows and stores their levels
    }
    expect(refusals).toEqual([]);
    const again = await startTestHub(dataDir);
    try {
      // All five chunks of each lamppost are in its levels: two before the kill, three after.
      const sound = await soundLevels(again, dataDir);
      expect(sound.map((r) => r.values.durationSeconds)).toEqual([5, 5]);
      expect((await readings(again, dataDir, 'temperature')).length).toBe(5 * lab.lampposts.length);
    } finally {
      await again.close();
    }
  }, 120_000);
});
