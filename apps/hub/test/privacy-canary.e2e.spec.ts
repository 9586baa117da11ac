import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import jpeg from 'jpeg-js';
import { loadRuleSet, ruleProvenance } from '@hub/privacy';
import { connectDevice, graphqlHttp } from './support/clients.js';
import { startChildHub } from '../../../tools/processes/child-hub.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, tempDataDir } from './support/test-hub.js';
import { storedReadings } from './support/stored-readings.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

const PCM_CANARY = Buffer.from('CANARY-PCM-7f3a9c21-do-not-store');
const JPEG_CANARY = Buffer.from('CANARY-JPEG-e41b77d0-do-not-store');

/** The canary in every base64 alignment, as it would appear inside a base64 string. */
const base64Forms = (canary: Buffer): string[] =>
  [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), canary]).toString('base64');
    // Drop the characters that depend on the unknown neighbouring bytes.
    return encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4);
  });

/** One second of a 1 kHz tone at 48 kHz with the canary bytes in the middle of the samples. */
function canaryPcm(): string {
  const samples = Buffer.alloc(48000 * 2);
  for (let i = 0; i < 48000; i++)
    samples.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 1000 * i) / 48000)), i * 2);
  PCM_CANARY.copy(samples, 24000);
  return samples.toString('base64');
}

/** A small real JPEG whose comment segment (FF FE) carries the canary. */
function canaryJpeg(): string {
  const width = 32;
  const height = 24;
  const data = Buffer.alloc(width * height * 4, 0x80);
  const encoded = jpeg.encode({ data, width, height }, 80).data;
  const comment = Buffer.concat([
    Buffer.from([0xff, 0xfe, 0, JPEG_CANARY.length + 2]),
    JPEG_CANARY,
  ]);
  return Buffer.concat([encoded.subarray(0, 2), comment, encoded.subarray(2)]).toString('base64');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function containsCanary(haystack: Buffer | string, canary: Buffer): boolean {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  if (text.includes(canary.toString('latin1'))) return true;
  return base64Forms(canary).some((form) => text.includes(form));
}

describe('privacy at the edge: raw audio and images never leave the filter', () => {
  let dataDir: string;
  let logs = '';
  let graphqlAnswer = '';
  let mqttDeliveries = '';

  beforeAll(async () => {
    dataDir = tempDataDir();
    let hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'trace' });
    const device = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-canary');
    const client = await connectDevice(hub.mqttPort, device);
    client.on(
      'message',
      (topic, payload) => (mqttDeliveries += `${topic} ${payload.toString('latin1')}\n`),
    );
    await client.subscribeAsync(`${device.topicPrefix}+/rejected`, { qos: 1 });
    const observedAt = new Date().toISOString();
    await client.publishAsync(
      `${device.topicPrefix}sound`,
      JSON.stringify({
        seq: 1,
        observedAt,
        sampleRate: 48000,
        pcm: canaryPcm(),
        calibrationDbfsAt94: -26,
      }),
      { qos: 1 },
    );
    await client.publishAsync(
      `${device.topicPrefix}camera`,
      JSON.stringify({
        seq: 1,
        observedAt,
        frame: canaryJpeg(),
        detections: [
          { class: 'person', bbox: [1, 2, 10, 20], confidence: 0.9, trackId: 't-1' },
          { class: 'car', bbox: [5, 5, 10, 5], confidence: 0.9, trackId: 't-2', plate: 'XX-123-Y' },
        ],
      }),
      { qos: 1 },
    );
    // The same raw audio on a kind whose rule forbids raw media is refused, without an echo.
    await client.publishAsync(
      `${device.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt, celsius: 20, pcm: canaryPcm() }),
      { qos: 1 },
    );
    // Its refusal reaches the device (checked below for the canaries it must not echo).
    await waitUntil(() => mqttDeliveries.includes('temperature/rejected'), {
      what: 'the refusal of the temperature message with raw audio at the device',
    });
    await client.endAsync();
    // Shutdown closes the open sound and camera windows, so their facts are stored now.
    expect(await hub.stop()).toBe(0);
    logs = hub.output();

    hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'trace' });
    const answer = await graphqlHttp(
      hub.httpPort,
      adminToken(dataDir),
      '{ readings(filter: { lamppost: "lp-canary" }, first: 100) { edges { node { kind observedAt values rule { id version hash } transforms } } } }',
    );
    graphqlAnswer = JSON.stringify(answer.body);
    expect(await hub.stop()).toBe(0);
    logs += hub.output();
  }, 180_000);
  afterAll(() => removeDir(dataDir));

  test('the filter turned audio into levels and detections into counts', () => {
    const kinds = (
      JSON.parse(graphqlAnswer) as {
        data: {
          readings: { edges: { node: { kind: string; values: Record<string, unknown> } }[] };
        };
      }
    ).data.readings.edges.map((e) => e.node);
    const sound = kinds.find((n) => n.kind === 'sound');
    expect(sound?.values).toEqual(
      expect.objectContaining({ LAeq: expect.any(Number), LAmax: expect.any(Number) }),
    );
    expect(kinds.some((n) => n.kind === 'camera')).toBe(true);
    expect(kinds.some((n) => n.kind === 'temperature')).toBe(false);
  });

  test('neither canary is in any file under the data dir, raw or base64', () => {
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('events.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect([file, containsCanary(bytes, PCM_CANARY)]).toEqual([file, false]);
      expect([file, containsCanary(bytes, JPEG_CANARY)]).toEqual([file, false]);
      expect([file, bytes.includes(Buffer.from('XX-123-Y'))]).toEqual([file, false]);
    }
  });

  test('neither canary is in any GraphQL answer, MQTT delivery or log line', () => {
    for (const output of [graphqlAnswer, mqttDeliveries, logs]) {
      expect(containsCanary(output, PCM_CANARY)).toBe(false);
      expect(containsCanary(output, JPEG_CANARY)).toBe(false);
    }
    // The refusal of raw media on the temperature topic did reach the device, without the payload.
    expect(mqttDeliveries).toContain('"code":"');
    expect(logs).toContain('"msg":"hub ready"');
  });

  test('every stored reading names the shipped rule version, in the log and over GraphQL', () => {
    const shipped = ruleProvenance(
      loadRuleSet(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')),
    );
    const served = (
      JSON.parse(graphqlAnswer) as {
        data: { readings: { edges: { node: { rule: unknown; transforms: string[] } }[] } };
      }
    ).data.readings.edges.map((e) => e.node);
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const node of served) {
      expect(node.rule).toEqual(shipped);
      expect(node.transforms.length).toBeGreaterThan(0);
    }
    // Through the one decoder: a compact reading names its rule version, resolved from the log.
    const rules = storedReadings(dataDir).map((r) => r.rule);
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const rule of rules) expect(rule).toEqual(shipped);
  });

  test('the compliance scanner reports zero findings', () => {
    const run = spawnSync(
      process.execPath,
      ['dist/apps/hubctl/src/main.js', 'privacy', 'scan', '--data-dir', dataDir, '--json'],
      {
        encoding: 'utf8',
        env: { ...harnessEnv.clean() },
      },
    );
    const result = JSON.parse(run.stdout) as {
      total: number;
      filesScanned: number;
      valuesScanned: number;
    };
    expect(result.filesScanned).toBeGreaterThan(0);
    expect(result.valuesScanned).toBeGreaterThan(0);
    expect(result.total).toBe(0);
    expect(run.status).toBe(0);
  });
});
