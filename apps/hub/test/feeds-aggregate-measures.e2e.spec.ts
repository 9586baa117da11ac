import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { createToken, gql, grant, sleep } from './feeds-fixtures.js';

const LAB = 'boulevard';

/** Short windows so sound and camera readings appear at once (they close on the next flush). */
const RULES = {
  id: 'boulevard-test',
  version: 1,
  lab: LAB,
  description: 'test rules: short windows, k 2, noise on counts',
  kinds: {
    temperature: {
      transform: 'allowlist',
      timeBucketSeconds: 60,
      location: { mode: 'lamppost' },
      fields: { celsius: { type: 'measure', decimals: 1 } },
    },
    motion: {
      transform: 'allowlist',
      timeBucketSeconds: 10,
      location: { mode: 'lamppost' },
      fields: { events: { type: 'count' } },
      counts: { k: 2 },
    },
    sound: {
      transform: 'audio-levels',
      windowSeconds: 1,
      subIntervalMs: 125,
      metrics: ['LAeq'],
      octaveBands: false,
      sampleRates: [32000],
      defaultCalibrationDbfsAt94: -26,
      maxChunkSeconds: 1,
      location: { mode: 'lamppost' },
    },
    camera: {
      transform: 'video-counts',
      windowSeconds: 10,
      classes: ['person', 'car'],
      minConfidence: 0.5,
      counts: { k: 2, noise: { epsilon: 1 } },
      maxTracksPerWindow: 1000,
      location: { mode: 'lamppost' },
    },
  },
};

const AGGREGATES = `query ($lab: String!, $perLamppost: Boolean) {
  aggregates(lab: $lab, perLamppost: $perLamppost) {
    lab lamppost kind hour count suppressed noisy agreementId
    measure { name unit value min max suppressed noisy }
  }
}`;
const READINGS = `query ($lab: String!, $kind: String!) {
  readings(filter: { lab: $lab, kind: $kind }, first: 100) {
    edges { node { lamppost kind observedAt values } }
  }
}`;

interface Measure {
  name: string;
  unit: string;
  value: number | null;
  min: number | null;
  max: number | null;
  suppressed: boolean;
  noisy: boolean;
}
interface Aggregate {
  lab: string;
  lamppost: string | null;
  kind: string;
  hour: string;
  count: number | null;
  suppressed: boolean;
  noisy: boolean;
  agreementId: string | null;
  measure: Measure | null;
}
interface ReadingNode {
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
}

/** One second of a 1 kHz sine at `amplitude` of full scale (A-weighting is 0 dB at 1 kHz). */
function sinePcm(amplitude: number): string {
  const rate = 32000;
  const pcm = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++) {
    pcm.writeInt16LE(
      Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 1000 * i) / rate)),
      i * 2,
    );
  }
  return pcm.toString('base64');
}

const detections = (persons: number, cars: number) => [
  ...Array.from({ length: persons }, (_, i) => ({
    class: 'person',
    bbox: [10 * i, 10, 8, 20],
    confidence: 0.9,
    trackId: `p${i}`,
  })),
  ...Array.from({ length: cars }, (_, i) => ({
    class: 'car',
    bbox: [10 * i, 50, 30, 15],
    confidence: 0.9,
    trackId: `c${i}`,
  })),
];

const publish = (device: MqttClient, lamppost: string, kind: string, body: object) =>
  device.publishAsync(`labs/${LAB}/lampposts/${lamppost}/${kind}`, JSON.stringify(body), {
    qos: 1,
  });

const energyMean = (levels: number[]): number =>
  Math.round(10 * Math.log10(levels.reduce((s, l) => s + 10 ** (l / 10), 0) / levels.length) * 10) /
  10;

describe('hourly aggregates carry measures: people, LAeq, temperature; per lab and per lamppost', () => {
  let dataDir: string;
  let hub: RunningHub;
  let owner: string;
  let grantee: string;
  let hour: string;

  const readings = async (kind: string, expected: number): Promise<ReadingNode[]> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const data = await gql<{ readings: { edges: { node: ReadingNode }[] } }>(
        hub,
        owner,
        READINGS,
        {
          lab: LAB,
          kind,
        },
      );
      const nodes = data.readings.edges.map((e) => e.node);
      if (nodes.length >= expected || Date.now() > deadline) return nodes;
      await sleep(200);
    }
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    const rulesDir = join(dataDir, 'test-rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, `${LAB}.json`), JSON.stringify(RULES));
    hub = await startTestHub(dataDir, { HUB_PRIVACY_RULES_DIR: rulesDir });
    const admin = adminToken(dataDir);
    const lp1 = await provisionDevice(hub, dataDir, LAB, 'lp-1'); // lab of den-haag
    const lp2 = await provisionDevice(hub, dataDir, LAB, 'lp-2');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'den-haag' }))
      .token;
    grantee = (await createToken(hub, admin, { role: 'municipality', municipality: 'leiden' }))
      .token;
    await grant(hub, owner, {
      lab: LAB,
      to: 'leiden',
      kinds: ['camera', 'sound', 'temperature', 'motion'],
      until: '2999-01-01',
      level: 'aggregates',
    });

    // Every observation in one UTC hour: never start in the first 50 s of an hour.
    const intoHour = Date.now() % 3_600_000;
    if (intoHour < 50_000) await sleep(50_000 - intoHour);
    const t0 = Math.floor(Date.now() / 10_000) * 10_000 - 10_000; // a closed 10 s window
    hour = new Date(Math.floor(t0 / 3_600_000) * 3_600_000).toISOString();
    const at = (ms: number) => new Date(ms).toISOString();

    const d1 = await connectDevice(hub.mqttPort, lp1);
    const d2 = await connectDevice(hub.mqttPort, lp2);
    let seq = 0;
    for (const celsius of [20, 22, 24]) {
      await publish(d1, 'lp-1', 'temperature', { seq: ++seq, observedAt: at(t0), celsius });
    }
    for (const [i, celsius] of [30, 32].entries()) {
      await publish(d2, 'lp-2', 'temperature', { seq: i + 1, observedAt: at(t0), celsius });
    }
    await publish(d1, 'lp-1', 'motion', { seq: ++seq, observedAt: at(t0), events: 3 });
    await publish(d1, 'lp-1', 'motion', { seq: ++seq, observedAt: at(t0 - 10_000), events: 4 });
    // Two one-second sound windows, about 60 and 80 dB(A).
    for (const [i, amplitude] of [0.001, 0.01].entries()) {
      await publish(d1, 'lp-1', 'sound', {
        seq: ++seq,
        observedAt: at(t0 - 2000 + i * 1000),
        sampleRate: 32000,
        pcm: sinePcm(amplitude),
      });
    }
    // Three camera windows, oldest first (a window older than one already closed is late):
    // 9, 4 and 7 persons, and a car each, which is not a person.
    for (const [i, persons] of [9, 4, 7].entries()) {
      await publish(d1, 'lp-1', 'camera', {
        seq: ++seq,
        observedAt: at(t0 - (2 - i) * 10_000),
        detections: detections(persons, 1),
      });
    }
    await d1.endAsync();
    await d2.endAsync();
  }, 120_000);
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('the owner sees per lamppost: people summed, LAeq as the energy mean, temperature mean/min/max', async () => {
    const camera = await readings('camera', 3);
    const sound = await readings('sound', 2);
    expect(camera).toHaveLength(3);
    expect(sound).toHaveLength(2);
    const levels = sound.map((r) => r.values.LAeq as number);
    // The two windows differ by about 20 dB: the energy mean is far from the arithmetic one.
    expect(Math.abs(levels[0] - levels[1])).toBeGreaterThan(15);

    const { aggregates } = await gql<{ aggregates: Aggregate[] }>(hub, owner, AGGREGATES, {
      lab: LAB,
      perLamppost: true,
    });
    const row = (lamppost: string, kind: string) =>
      aggregates.find((a) => a.lamppost === lamppost && a.kind === kind && a.hour === hour);

    expect(row('lp-1', 'camera')).toEqual({
      lab: LAB,
      lamppost: 'lp-1',
      kind: 'camera',
      hour,
      count: 3,
      suppressed: false,
      noisy: false,
      agreementId: null,
      measure: {
        name: 'people',
        unit: 'persons',
        value: 20,
        min: 4,
        max: 9,
        suppressed: false,
        noisy: false,
      },
    });
    expect(row('lp-1', 'motion')?.measure).toMatchObject({ name: 'motionEvents', value: 7 });
    const laeq = row('lp-1', 'sound')?.measure;
    expect(laeq).toMatchObject({
      name: 'LAeq',
      unit: 'dB(A)',
      min: Math.min(...levels),
      max: Math.max(...levels),
    });
    expect(laeq?.value).toBeCloseTo(energyMean(levels), 1);
    expect(laeq!.value!).toBeGreaterThan((levels[0] + levels[1]) / 2 + 5);
    expect(row('lp-1', 'temperature')).toMatchObject({
      count: 3,
      measure: { name: 'celsius', unit: '°C', value: 22, min: 20, max: 24 },
    });
    expect(row('lp-2', 'temperature')).toMatchObject({
      count: 2,
      measure: { value: 31, min: 30, max: 32 },
    });
  });

  test('per lab, the lampposts add up: counts and people summed, temperature over every reading', async () => {
    await readings('camera', 3);
    const { aggregates } = await gql<{ aggregates: Aggregate[] }>(hub, owner, AGGREGATES, {
      lab: LAB,
    });
    const temperature = aggregates.find((a) => a.kind === 'temperature' && a.hour === hour);
    expect(temperature).toMatchObject({
      lamppost: null,
      count: 5,
      measure: { value: 25.6, min: 20, max: 32, suppressed: false },
    });
    expect(aggregates.find((a) => a.kind === 'camera' && a.hour === hour)?.measure?.value).toBe(20);
  });

  test('an aggregates-level grantee: counted measures noisy, others withheld with a count under k', async () => {
    await readings('camera', 3);
    await readings('sound', 2);
    await readings('temperature', 5);
    const ask = async (token: string, perLamppost: boolean) =>
      (await gql<{ aggregates: Aggregate[] }>(hub, token, AGGREGATES, { lab: LAB, perLamppost }))
        .aggregates;
    const row = (rows: Aggregate[], lamppost: string | null, kind: string) =>
      rows.find((a) => a.lamppost === lamppost && a.kind === kind && a.hour === hour);
    const shared = await ask(grantee, true);

    // k is at least HUB_FEEDS_AGGREGATE_K (5): three camera windows are too few to count, but
    // the 20 people they saw are shared, with Laplace noise (never below k), min/max withheld.
    const camera = row(shared, 'lp-1', 'camera');
    expect(camera).toMatchObject({ count: null, suppressed: true });
    expect(camera?.agreementId).toEqual(expect.any(String));
    expect(camera?.measure).toMatchObject({
      name: 'people',
      noisy: true,
      suppressed: false,
      min: null,
      max: null,
    });
    expect(Math.abs(camera!.measure!.value! - 20)).toBeLessThan(15);
    expect(camera!.measure!.value!).toBeGreaterThanOrEqual(5);
    expect(row(shared, 'lp-1', 'motion')?.measure).toMatchObject({
      noisy: true,
      suppressed: false,
    });

    // Two sound windows, two temperatures at lp-2: under k, so the measure goes with the count.
    expect(row(shared, 'lp-1', 'sound')).toMatchObject({
      count: null,
      suppressed: true,
      measure: { name: 'LAeq', value: null, min: null, max: null, suppressed: true },
    });
    expect(row(shared, 'lp-2', 'temperature')?.measure).toMatchObject({
      value: null,
      suppressed: true,
    });

    // The lab's hour has five temperatures: the count is noisy, the mean shared as it is.
    const lab = await ask(grantee, false);
    expect(row(lab, null, 'temperature')).toMatchObject({
      suppressed: false,
      noisy: true,
      measure: { value: 25.6, min: 20, max: 32, suppressed: false, noisy: false },
    });

    // Asking again gives the same noise (it cannot be averaged away); the owner's stay exact.
    expect(row(await ask(grantee, true), 'lp-1', 'camera')?.measure?.value).toBe(
      camera?.measure?.value,
    );
    expect(row(await ask(owner, true), 'lp-1', 'camera')?.measure?.value).toBe(20);
  });
});
