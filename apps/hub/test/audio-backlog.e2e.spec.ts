import { afterAll, describe, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { PRIVACY_GATE, type PrivacyGate } from '@hub/ingest';
import type { ChunkFoldRequest } from '@hub/privacy';
import {
  createScheveningenLab,
  DEFAULT_GENERATOR_OPTIONS,
  encodeReading,
  readingsAt,
} from '../../../simulators/scheveningen/index.js';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { countEvents, publishAcked, type RejectionReply } from './support/device-replies.js';
import { provisionDevice } from './support/devices.js';
import { scrapeValue } from './support/metrics.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { labReadings, type LabReading } from './support/lab-readings.js';

// A device floods sound chunks faster than they are weighed. To make "faster" certain rather than
// a race, the test holds back every chunk the hub hands to its (real) audio worker until it lets
// them go: the device's chunks then wait in the hub exactly as behind a slow or stuck worker. The
// hub keeps at most HUB_AUDIO_BACKLOG_PER_DEVICE (default 4) of them and refuses the rest at once.

const lab = createScheveningenLab({ seed: 23, lampposts: 2 });
const [noisy, quiet] = lab.lampposts;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A minute ahead: no flush closes the window while the test runs; the hub's shutdown does. */
const WINDOW = Math.floor(Date.now() / 60_000) * 60_000 + 120_000;
const FLOOD = 10;
const PER_DEVICE = 4;

const at = (second: number) => new Date(WINDOW + second * 1000);

function wire(lamppost: typeof noisy, kind: 'sound' | 'temperature', second: number): string {
  const [body] = readingsAt(lamppost, kind, at(second), {
    ...DEFAULT_GENERATOR_OPTIONS,
    intervalSec: 1,
  });
  return encodeReading({ seq: second, observedAt: at(second).toISOString() }, body);
}

const readings = labReadings;
type Reading = LabReading;

interface Connected {
  readonly client: MqttClient;
  readonly prefix: string;
}

async function connect(hub: RunningHub, dataDir: string, lamppost: string): Promise<Connected> {
  const login = await provisionDevice(hub, dataDir, 'scheveningen', lamppost);
  return { client: await connectDevice(hub.mqttPort, login), prefix: login.topicPrefix };
}

/** The noisy lamppost's stored sound window, read after a restart (the shutdown closed it). */
async function storedSound(dataDir: string): Promise<Reading> {
  const again = await startTestHub(dataDir);
  try {
    const found = await waitUntil(
      async () => (await readings(again, dataDir, 'sound')).find((r) => r.lamppost === noisy.id),
      { what: 'the sound window of the noisy lamppost' },
    );
    return found;
  } finally {
    await again.close();
  }
}

describe('a device cannot make the hub hold its sound without bound (HUB_AUDIO_BACKLOG_*)', () => {
  test.each([0, 1] as const)(
    'QoS %i flood: chunks beyond the bound are refused as AUDIO_BACKLOG_FULL, the rest weighed',
    async (qos) => {
      const dataDir = tempDataDir();
      dirs.push(dataDir);
      const hub = await startTestHub(dataDir, { HUB_AUDIO_THREAD: 'worker' });
      let accepted: number[] = [];
      const refusals: RejectionReply[] = [];
      let letGo = (): void => undefined;
      try {
        const gate = hub.app.get<symbol, PrivacyGate>(PRIVACY_GATE);
        const audio = gate.audio;
        if (!audio) throw new Error('no audio worker with HUB_AUDIO_THREAD=worker');
        const held = new Promise<void>((resolve) => (letGo = resolve));
        const fold = audio.fold.bind(audio);
        audio.fold = async (request: ChunkFoldRequest) => {
          await held;
          return fold(request);
        };

        const device = await connect(hub, dataDir, noisy.id);
        const other = await connect(hub, dataDir, quiet.id);
        device.client.on('message', (topic, body) => {
          if (topic === `${device.prefix}sound/rejected`) {
            refusals.push(JSON.parse(body.toString('utf8')) as RejectionReply);
          }
        });
        await device.client.subscribeAsync(`${device.prefix}+/rejected`, { qos: 1 });
        // Not awaited: at QoS 1 each resolves only when its PUBACK comes, i.e. after the weighing.
        const sent = Array.from({ length: FLOOD }, (_, second) =>
          device.client.publishAsync(`${device.prefix}sound`, wire(noisy, 'sound', second), {
            qos,
          }),
        );
        // Every chunk of the flood has reached the hub: it waits (held) or was refused.
        await waitUntil(() => refusals.length + gate.filter.soundBacklog().chunks >= FLOOD, {
          what: 'every chunk of the flood waiting or refused',
        });
        expect(refusals.length).toBe(FLOOD - PER_DEVICE);
        const counted = 'hub_mqtt_messages_rejected_total{code="AUDIO_BACKLOG_FULL"}';
        expect(await scrapeValue(hub.httpPort, dataDir, counted)).toBe(FLOOD - PER_DEVICE);
        expect(gate.filter.soundBacklog()).toMatchObject({
          chunks: PER_DEVICE,
          largestDeviceQueue: PER_DEVICE,
        });
        expect(gate.filter.soundBacklog().bytes).toBeLessThan(PER_DEVICE * 100_000);

        // Another device is not held up by the noisy one's backlog.
        const temperature = `${other.prefix}temperature`;
        expect(await publishAcked(other.client, temperature, wire(quiet, 'temperature', 0))).toBe(
          true,
        );
        const temps = await readings(hub, dataDir, 'temperature');
        expect(temps.map((r) => r.lamppost)).toEqual([quiet.id]);
        expect(gate.filter.soundBacklog().chunks).toBe(PER_DEVICE);

        letGo();
        await Promise.all(sent);
        await waitUntil(() => gate.filter.soundBacklog().chunks === 0, {
          what: 'the held chunks weighed',
        });
        const refusedSeqs = new Set(refusals.map((r) => r.seq));
        accepted = [...Array(FLOOD).keys()].filter((s) => !refusedSeqs.has(s));
        await Promise.all([device.client.endAsync(), other.client.endAsync()]);
      } finally {
        letGo(); // a failed test must not leave chunks held: the hub's close waits for them
        await hub.close(); // closes the open window and stores its levels
      }
      expect(refusals.map((r) => r.code)).toEqual(
        Array<string>(FLOOD - PER_DEVICE).fill('AUDIO_BACKLOG_FULL'),
      );
      expect(refusals.every((r) => r.field === 'pcm')).toBe(true);
      // Each refusal is recorded (with its code and size, never the payload).
      expect(countEvents(dataDir, 'MessageRejected', noisy.id)).toBe(FLOOD - PER_DEVICE);
      // The first chunks took the places; the later ones were refused.
      expect(accepted).toEqual([...Array(PER_DEVICE).keys()]);
      const flooded = await storedSound(dataDir);
      expect(flooded.values.durationSeconds).toBe(PER_DEVICE);

      // The same accepted chunks, sent one by one to a hub weighing on its own thread, give the
      // same levels: what the bounded hub kept was weighed correctly.
      const calmDir = tempDataDir();
      dirs.push(calmDir);
      const calm = await startTestHub(calmDir, { HUB_AUDIO_THREAD: 'main' });
      try {
        const device = await connect(calm, calmDir, noisy.id);
        for (const second of accepted) {
          const ok = await publishAcked(
            device.client,
            `${device.prefix}sound`,
            wire(noisy, 'sound', second),
          );
          expect(ok).toBe(true);
        }
        await device.client.endAsync();
      } finally {
        await calm.close();
      }
      expect(flooded.values).toEqual((await storedSound(calmDir)).values);
    },
    120_000,
  );
});
