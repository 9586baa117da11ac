import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MOSQUITTO } from '../../tools/processes/system-programs.js';
import { describeWithPrograms } from '../../tools/test/system-packages.js';
import { startAedes, startMosquitto, type TestBroker } from '../shared/test/brokers.js';
import { runLoad, type LoadResult } from './run-load.js';

/** The figures, printed for a reader: speed depends on the machine, so no test asserts it. */
const note = (label: string, r: LoadResult): void => {
  process.stderr.write(
    `run-load ${label}: sent ${r.sent} skipped ${r.skipped} acked ${r.acked} ` +
      `achieved ${r.achievedRate}/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms (not asserted)\n`,
  );
};

async function exercise(broker: TestBroker): Promise<void> {
  const paced = await runLoad({ brokerUrl: broker.url, devices: 4, rate: 400, durationSec: 1.5 });
  note('paced 400/s', paced);
  expect(paced.errors).toBe(0);
  expect(paced.acked).toBe(paced.sent);
  expect(paced.sent).toBeGreaterThan(0);
  // Open loop at 400/s for 1.5 s: at most 600 slots, each sent or skipped, never made up later.
  expect(paced.sent + paced.skipped).toBeLessThanOrEqual(600);
  expect(paced.p50Ms).toBeGreaterThanOrEqual(0);
  expect(paced.p50Ms).toBeLessThanOrEqual(paced.p99Ms);
  expect(paced.p99Ms).toBeLessThanOrEqual(paced.maxMs);

  const max = await runLoad({
    brokerUrl: broker.url,
    devices: 2,
    max: true,
    inflight: 50,
    durationSec: 1,
  });
  note('max', max);
  expect(max.mode).toBe('max');
  expect(max.errors).toBe(0);
  // Closed loop: every client starts with a burst of `inflight` publishes, each acknowledged.
  expect(max.sent).toBeGreaterThanOrEqual(2 * 50);
  expect(max.acked).toBe(max.sent);

  const media = await runLoad({
    brokerUrl: broker.url,
    devices: 2,
    rate: 20,
    kind: 'sound',
    durationSec: 1,
  });
  note('media 20/s', media);
  expect(media.acked).toBe(media.sent);
  expect(media.sent).toBeGreaterThan(0);
  expect(media.sent + media.skipped).toBeLessThanOrEqual(20);
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

describeWithPrograms('runLoad against mosquitto', [MOSQUITTO])('runLoad against mosquitto', () => {
  let broker: TestBroker | null = null;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.close();
  });

  test('the same client drives the reference broker', async () => {
    if (!broker) throw new Error('mosquitto did not start');
    await exercise(broker);
  });
});
