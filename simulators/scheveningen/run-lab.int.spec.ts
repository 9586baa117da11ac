import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MOSQUITTO } from '../../tools/processes/system-programs.js';
import { describeWithPrograms } from '../../tools/test/system-packages.js';
import { startFakeHub, startMosquitto, type TestBroker } from '../shared/test/brokers.js';
import { runLab, type LabProgress } from './run-lab.js';

describe('runLab against a fake hub (aedes with toy validation)', () => {
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  beforeAll(async () => {
    hub = await startFakeHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  test('publishes every kind, all acknowledged, and attributes rejections to misbehave modes', async () => {
    const progress: LabProgress[] = [];
    const summary = await runLab({
      brokerUrl: hub.url,
      lampposts: 6,
      seed: 3,
      start: new Date('2026-07-04T13:00:00Z'),
      speed: 60,
      // Bounded in simulated time, not real time: a busy machine that stalls the run still
      // covers the same 2 simulated minutes (it sends what fell due at once).
      durationSimSec: 120,
      // Small frames and a low sample rate: the payloads are made on this process's one thread,
      // which also runs the fake hub that must answer the rogue devices' CONNECTs.
      sampleRate: 8000,
      frameWidth: 64,
      frameHeight: 48,
      misbehave: ['bad-json', 'schema', 'out-of-range', 'unknown-kind', 'wrong-topic'],
      misbehaveEverySec: 1,
      minRealIntervalMs: 500,
      progressEveryMs: 500,
      settleMs: 500,
      onProgress: (p) => progress.push(p),
    });
    expect(summary.devices).toEqual({ connected: 6, failed: 0 });
    for (const [kind, c] of Object.entries(summary.perKind)) {
      expect([kind, c.sent > 0]).toEqual([kind, true]);
      expect(c.acked).toBe(c.sent);
      expect(c.rejected).toBe(0);
    }
    const m = summary.misbehave;
    expect(m['bad-json']?.sent).toBeGreaterThan(0);
    expect(m['bad-json']?.rejections).toEqual({ INVALID_JSON: m['bad-json']?.sent });
    expect(m.schema?.rejections).toEqual({ SCHEMA_VIOLATION: m.schema?.sent });
    expect(m['out-of-range']?.rejections).toEqual({ OUT_OF_RANGE: m['out-of-range']?.sent });
    expect(m['unknown-kind']?.rejections).toEqual({ UNKNOWN_KIND: m['unknown-kind']?.sent });
    expect(m['wrong-topic']?.sent).toBe(1);
    expect(summary.rejectedCodes).toEqual({});
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[progress.length - 1]?.acked).toBe(
      Object.values(summary.perKind).reduce((s, c) => s + c.acked, 0),
    );
    // Exactly the simulated duration, and never faster than speed x real time.
    const simSec = (Date.parse(summary.simEnd) - Date.parse(summary.simStart)) / 1000;
    expect(simSec).toBe(120);
    expect(simSec).toBeLessThanOrEqual(60 * summary.realSec);
  });

  test('stops at the simulated duration', async () => {
    const summary = await runLab({
      brokerUrl: hub.url,
      lampposts: 2,
      kinds: ['temperature', 'motion'],
      start: new Date('2026-01-10T08:00:00Z'),
      speed: 600,
      durationSimSec: 600,
      minRealIntervalMs: 10,
      settleMs: 200,
    });
    expect(Date.parse(summary.simEnd) - Date.parse(summary.simStart)).toBe(600_000);
    // 10 simulated minutes: 10 temperature and 60 motion readings per lamppost.
    expect(summary.perKind.temperature.sent).toBe(20);
    expect(summary.perKind.motion.sent).toBe(120);
    expect(summary.perKind.motion.acked).toBe(120);
    expect(Object.keys(summary.perKind)).toEqual(['temperature', 'motion']);
  });
});

describeWithPrograms('runLab against mosquitto', [MOSQUITTO])('runLab against mosquitto', () => {
  let broker: TestBroker | null = null;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.close();
  });

  test('same lab, reference broker: sent == acked', async () => {
    if (!broker) throw new Error('mosquitto did not start');
    const summary = await runLab({
      brokerUrl: broker.url,
      lampposts: 4,
      start: new Date('2026-07-04T18:00:00Z'),
      speed: 30,
      durationSec: 2,
      settleMs: 200,
    });
    const totals = Object.values(summary.perKind);
    // How many readings fit in 2 s depends on the machine's speed (15 under two busy loops, 40+
    // idle): the behaviour checked is that readings flowed and every one was acknowledged.
    expect(totals.reduce((s, c) => s + c.sent, 0)).toBeGreaterThan(0);
    for (const c of totals) expect(c.acked).toBe(c.sent);
  });
});
