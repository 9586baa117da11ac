import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startAedes, startMosquitto, type TestBroker } from '../shared/test/brokers.js';
import { runLoad } from './run-load.js';

async function exercise(broker: TestBroker): Promise<void> {
  const paced = await runLoad({ brokerUrl: broker.url, devices: 4, rate: 400, durationSec: 1.5 });
  expect(paced.errors).toBe(0);
  expect(paced.acked).toBe(paced.sent);
  // Open loop at 400/s for 1.5 s: about 600 messages.
  expect(paced.sent).toBeGreaterThan(500);
  expect(paced.sent).toBeLessThanOrEqual(600);
  expect(paced.achievedRate).toBeGreaterThan(300);
  expect(paced.achievedRate).toBeLessThan(500);
  expect(paced.p50Ms).toBeGreaterThan(0);
  expect(paced.p50Ms).toBeLessThanOrEqual(paced.p99Ms);
  expect(paced.p99Ms).toBeLessThanOrEqual(paced.maxMs);

  const max = await runLoad({
    brokerUrl: broker.url,
    devices: 2,
    max: true,
    inflight: 50,
    durationSec: 1,
  });
  expect(max.mode).toBe('max');
  expect(max.acked).toBe(max.sent);
  expect(max.achievedRate).toBeGreaterThan(1000);

  const media = await runLoad({
    brokerUrl: broker.url,
    devices: 2,
    rate: 20,
    kind: 'sound',
    durationSec: 1,
  });
  expect(media.acked).toBe(media.sent);
  expect(media.sent).toBeGreaterThanOrEqual(18);
}

describe('runLoad against aedes', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await broker.close();
  });

  test('paced, as-fast-as-possible and media payloads', async () => {
    await exercise(broker);
  });
});

describe('runLoad against mosquitto', () => {
  let broker: TestBroker | null = null;
  beforeAll(async () => {
    broker = await startMosquitto();
    if (!broker) console.warn('SKIPPED: mosquitto is not installed (apt-get install mosquitto)');
  });
  afterAll(async () => {
    await broker?.close();
  });

  test('the same client drives the reference broker', async () => {
    if (!broker) return;
    await exercise(broker);
  });
});
