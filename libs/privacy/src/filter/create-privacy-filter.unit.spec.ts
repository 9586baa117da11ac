import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import {
  manualClock,
  mutableRules,
  scheveningenRules,
  sine,
  toBase64,
  withChanges,
} from '../../test/fixtures.js';
import { seededRandom } from '../counts/random-source.js';
import { createKeyring } from '../pseudonym/keyring.js';
import { ruleProvenance } from '../rules/load-rule-set.js';
import type { RuleSet } from '../rules/rule-set.js';
import { scanForRawData } from '../scan/scan-raw-data.js';
import { createPrivacyFilter } from './create-privacy-filter.js';
import type { FilteredReading, FilterOutcome } from './filter-types.js';

const LP = { lab: 'scheveningen', lamppost: 'lp-042' };

function setup(rules: RuleSet = scheveningenRules(), start = '2026-07-01T12:00:00Z') {
  const clock = manualClock(start);
  const filter = createPrivacyFilter({
    ruleSets: [rules],
    keyring: createKeyring(),
    clock: clock.now,
    random: seededRandom(7),
  });
  return { filter, clock, rules };
}

function emitted(o: FilterOutcome): FilteredReading[] {
  if (o.kind !== 'emit') throw new Error(`rejected: ${o.code} ${o.message}`);
  return o.readings;
}

describe('privacy filter: allowlist kinds', () => {
  test('temperature passes allowlisted fields at once, generalised and stamped with the rule', () => {
    const { filter, rules } = setup();
    const out = filter.process(LP, 'temperature', {
      seq: 1,
      observedAt: '2026-07-01T12:00:42.123Z',
      celsius: 21.46,
      firmware: 'v2',
    });
    expect(out).toMatchObject({ kind: 'emit', dropped: ['firmware'] });
    expect(emitted(out)).toEqual([
      {
        lab: 'scheveningen',
        location: { lamppost: 'lp-042' },
        kind: 'temperature',
        observedAt: '2026-07-01T12:00:00.000Z',
        intervalSeconds: 60,
        audience: 'any',
        values: { celsius: 21.5 },
        rule: ruleProvenance(rules),
        transforms: ['allowlist', 'round', 'time-bucket:60s', 'location:lamppost'],
      },
    ]);
  });

  test('motion counts below k are suppressed', () => {
    const { filter } = setup();
    const low = emitted(
      filter.process(LP, 'motion', { seq: 1, observedAt: '2026-07-01T12:00:00Z', events: 3 }),
    );
    const high = emitted(
      filter.process(LP, 'motion', { seq: 2, observedAt: '2026-07-01T12:00:00Z', events: 9 }),
    );
    expect(low[0].values.events).toBeNull();
    expect(high[0].values.events).toBe(9);
  });

  test('rejects raw media and clear identifiers in free fields', () => {
    const { filter } = setup();
    const jpegB64 = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(300, 7),
    ]).toString('base64');
    expect(
      filter.process(LP, 'temperature', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        celsius: 20,
        debug: jpegB64,
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'RAW_MEDIA_FORBIDDEN',
      field: 'debug',
    });
    expect(
      filter.process(LP, 'air', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        pm25: 4,
        note: 'near a4:5e:60:c2:19:7f',
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'IDENTIFIER_IN_CLEAR',
      field: 'note',
    });
    expect(
      filter.process(LP, 'camera', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        detections: [{ class: 'car', confidence: 0.9, zone: 'GB-12-34' }],
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'IDENTIFIER_IN_CLEAR',
      field: 'detections[].zone',
    });
    expect(
      filter.process(LP, 'motion', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        events: 1,
        trace: new Array(1000).fill(3),
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'RAW_MEDIA_FORBIDDEN',
    });
  });

  test('a message stamped too far in the future is refused (it would block its stream)', () => {
    const { filter } = setup();
    expect(
      filter.process(LP, 'temperature', {
        seq: 1,
        observedAt: '2026-07-01T12:04:59Z',
        celsius: 20,
      }),
    ).toMatchObject({
      kind: 'emit',
    });
    expect(
      filter.process(LP, 'temperature', {
        seq: 2,
        observedAt: '2026-07-02T12:00:00Z',
        celsius: 20,
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'PAYLOAD_INVALID',
      field: 'observedAt',
    });
  });

  test('unknown lab or kind and a bad envelope are rejected, and counted per rule', () => {
    const { filter } = setup();
    expect(filter.process({ lab: 'delft', lamppost: 'x' }, 'temperature', {})).toMatchObject({
      code: 'RULE_MISSING',
    });
    expect(
      filter.process(LP, 'lidar', { seq: 1, observedAt: '2026-07-01T12:00:00Z' }),
    ).toMatchObject({ code: 'RULE_MISSING' });
    expect(
      filter.process(LP, 'temperature', { seq: 1, observedAt: 'yesterday', celsius: 1 }),
    ).toMatchObject({
      code: 'PAYLOAD_INVALID',
      field: 'observedAt',
    });
    expect(filter.stats()['scheveningen-default@1'].messagesRejected).toEqual({
      RULE_MISSING: 1,
      PAYLOAD_INVALID: 1,
    });
  });
});

describe('privacy filter: sound', () => {
  const chunk = (seq: number, at: string, db: number, fs = 48000) => ({
    seq,
    observedAt: at,
    sampleRate: fs,
    pcm: toBase64(sine(1000, db, 1, fs)),
    soundClass: { label: 'siren', confidence: 0.9 },
  });

  test('levels only, emitted when the window closes; no sample leaves', () => {
    const { filter } = setup();
    const first = filter.process(LP, 'sound', chunk(1, '2026-07-01T12:00:00Z', 70));
    expect(emitted(first)).toEqual([]);
    expect(first).toMatchObject({
      dropped: ['pcm', 'sampleRate', 'soundClass.confidence', 'soundClass.label'],
    });
    filter.process(LP, 'sound', chunk(2, '2026-07-01T12:00:01Z', 70));
    filter.process(LP, 'sound', chunk(3, '2026-07-01T12:00:02Z', 70));
    // The first chunk of the next minute closes the window.
    const next = emitted(filter.process(LP, 'sound', chunk(4, '2026-07-01T12:01:00Z', 50)));
    expect(next).toHaveLength(1);
    const v = next[0].values;
    expect(Math.abs((v.LAeq as number) - 70)).toBeLessThanOrEqual(0.5);
    expect(v.soundClass).toBe('siren');
    expect(v.durationSeconds).toBe(3);
    expect(Object.keys(v).sort()).toEqual([
      'LAeq',
      'LAmax',
      'LAmin',
      'LApeak',
      'durationSeconds',
      'soundClass',
    ]);
    expect(next[0].transforms).toContain('a-weighting:iec61672');
    expect(scanForRawData(JSON.stringify(next))).toEqual([]);
    // Shutdown flushes the partial second window (1 s of 50 dB).
    const last = filter.shutdown();
    expect(Math.abs((last[0].values.LAeq as number) - 50)).toBeLessThanOrEqual(0.5);
    expect(filter.openWindows()).toBe(0);
  });

  test('windows shorter than 1 s are discarded (T >= 1 s)', () => {
    const { filter } = setup();
    filter.process(LP, 'sound', {
      seq: 1,
      observedAt: '2026-07-01T12:00:00Z',
      sampleRate: 48000,
      pcm: toBase64(sine(1000, 60, 0.5, 48000)),
    });
    expect(filter.shutdown()).toEqual([]);
    expect(filter.stats()['scheveningen-default@1'].shortWindowsDiscarded).toBe(1);
  });

  test('refuses other sample rates, oversized chunks and missing calibration', () => {
    const rules = withChanges(scheveningenRules(), {
      'kinds.sound.defaultCalibrationDbfsAt94': undefined,
    }) as RuleSet;
    const { filter } = setup(rules);
    expect(filter.process(LP, 'sound', chunk(1, '2026-07-01T12:00:00Z', 60, 16000))).toMatchObject({
      code: 'SAMPLE_RATE_NOT_ALLOWED',
    });
    expect(
      filter.process(LP, 'sound', {
        ...chunk(1, '2026-07-01T12:00:00Z', 60),
        pcm: toBase64(sine(1000, 60, 2, 48000)),
      }),
    ).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(filter.process(LP, 'sound', chunk(1, '2026-07-01T12:00:00Z', 60))).toMatchObject({
      code: 'CALIBRATION_MISSING',
    });
    expect(
      filter.process(LP, 'sound', {
        ...chunk(1, '2026-07-01T12:00:00Z', 60),
        calibrationDbfsAt94: -30,
      }),
    ).toMatchObject({ kind: 'emit' });
  });

  test('the registry calibration takes precedence over the payload and the rule default', () => {
    const clock = manualClock('2026-07-01T12:00:00Z');
    const filter = createPrivacyFilter({
      ruleSets: [scheveningenRules()],
      keyring: createKeyring(),
      clock: clock.now,
      random: seededRandom(1),
      calibrationOf: (d) => (d.lamppost === 'lp-042' ? -36 : undefined),
    });
    // Samples generated for a -26 dBFS microphone at 70 dB read 10 dB louder with -36 dBFS.
    filter.process(LP, 'sound', {
      ...chunk(1, '2026-07-01T12:00:00Z', 70),
      calibrationDbfsAt94: -20,
    });
    const [r] = filter.shutdown();
    expect(Math.abs((r.values.LAeq as number) - 80)).toBeLessThanOrEqual(0.5);
  });

  test('a chunk for an already closed window is late and contributes nothing', () => {
    const { filter } = setup();
    filter.process(LP, 'sound', chunk(1, '2026-07-01T12:01:00Z', 60));
    expect(filter.process(LP, 'sound', chunk(2, '2026-07-01T12:00:30Z', 60))).toMatchObject({
      kind: 'emit',
      note: 'late-for-window',
    });
  });
});

describe('privacy filter: camera', () => {
  const classes = ['person', 'bicycle', 'car', 'scooter', 'bus', 'truck'];

  test('property: no emitted count with 0 < n < k; no boxes, plates or track ids in output', () => {
    const detection = fc.record({
      class: fc.constantFrom(...classes, 'dog'),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      bbox: fc.tuple(fc.nat(640), fc.nat(480), fc.nat(100), fc.nat(100)),
      trackId: fc.option(fc.nat(30), { nil: undefined }),
      direction: fc.constantFrom('in', 'out', 'up'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(detection, { maxLength: 20 }), { maxLength: 15 }),
        fc.integer({ min: 2, max: 12 }),
        (messages, k) => {
          const rules = withChanges(scheveningenRules(), { 'kinds.camera.counts.k': k }) as RuleSet;
          const { filter } = setup(rules);
          messages.forEach((detections, i) =>
            emitted(
              filter.process(LP, 'camera', {
                seq: i,
                observedAt: '2026-07-01T12:00:10Z',
                frame: 'AAAA',
                detections,
              }),
            ),
          );
          const readings = filter.flush(Date.parse('2026-07-01T12:05:00Z'));
          expect(readings.map((r) => r.audience).sort()).toEqual(
            messages.length > 0 ? ['owner', 'shared'] : [],
          );
          for (const r of readings) {
            for (const row of r.values.counts as Array<{ count: number | null }>) {
              if (row.count !== null) expect(row.count === 0 || row.count >= k).toBe(true);
            }
            expect(JSON.stringify(r.values)).not.toMatch(/bbox|trackId|plate|frame/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('tracked objects are counted once per window; owner counts are exact', () => {
    const { filter } = setup();
    for (let frame = 0; frame < 10; frame++) {
      const detections = Array.from({ length: 7 }, (_, t) => ({
        class: 'person',
        confidence: 0.9,
        trackId: t,
        direction: 'in',
        bbox: [1, 2, 3, 4],
      }));
      filter.process(LP, 'camera', {
        seq: frame,
        observedAt: '2026-07-01T12:00:10Z',
        frame: 'AAAA',
        detections,
      });
    }
    const owner = filter
      .flush(Date.parse('2026-07-01T12:05:00Z'))
      .find((r) => r.audience === 'owner');
    expect(owner?.values.counts).toContainEqual({ class: 'person', direction: 'in', count: 7 });
    expect(owner?.values.counts).toContainEqual({ class: 'person', direction: 'out', count: 0 });
  });

  test('redaction: calibration frames are covered, marked redacted and capped per day', () => {
    const rules = withChanges(scheveningenRules(), {
      'kinds.camera.redaction': {
        enabled: true,
        method: 'cover',
        coverClasses: ['person', 'face', 'plate'],
        maxFramesPerDay: 1,
        maxRetentionHours: 24,
      },
    }) as RuleSet;
    const { filter } = setup(rules);
    const white = jpeg.encode(
      { width: 64, height: 64, data: Buffer.alloc(64 * 64 * 4, 255) },
      90,
    ).data;
    const msg = {
      seq: 1,
      observedAt: '2026-07-01T12:00:10Z',
      calibration: true,
      frame: Buffer.from(white).toString('base64'),
      detections: [{ class: 'person', confidence: 0.9, bbox: [10, 10, 20, 20] }],
    };
    const out = filter.process(LP, 'camera', msg);
    if (out.kind !== 'emit') throw new Error(out.message);
    expect(out.calibrationFrames).toHaveLength(1);
    const frame = out.calibrationFrames[0];
    expect(frame).toMatchObject({
      redacted: true,
      coveredBoxes: 1,
      expiresAt: '2026-07-02T12:00:00.000Z',
    });
    const img = jpeg.decode(frame.jpeg, { useTArray: true });
    const px = (x: number, y: number) => img.data[(y * 64 + x) * 4];
    expect(Math.abs(px(20, 20) - 128)).toBeLessThan(10);
    expect(px(60, 60)).toBeGreaterThan(240);
    expect(filter.process(LP, 'camera', { ...msg, seq: 2 })).toMatchObject({
      note: 'redaction-quota-exhausted',
      calibrationFrames: [],
    });
  });

  test('plates are keyed-hashed and only their distinct count leaves', () => {
    const rules = withChanges(scheveningenRules(), {
      'kinds.camera.plates': { truncateBits: 16 },
    }) as RuleSet;
    const { filter } = setup(rules);
    const plates = ['12-ABC-3', 'GB-12-34', '99-XX-99', 'AB-12-CD', '1-KBB-12', '12-abc-3'];
    const detections = plates.map((plate, i) => ({
      class: 'car',
      confidence: 0.9,
      plate,
      trackId: i,
      direction: 'in',
    }));
    filter.process(LP, 'camera', {
      seq: 1,
      observedAt: '2026-07-01T12:00:10Z',
      frame: 'AAAA',
      detections,
    });
    const readings = filter.shutdown();
    // '12-abc-3' is the same plate as '12-ABC-3' after normalisation.
    expect(readings.find((r) => r.audience === 'owner')?.values.uniquePlates).toBe(5);
    expect(scanForRawData(JSON.stringify(readings))).toEqual([]);
  });

  test('without a redaction rule a calibration frame is simply dropped', () => {
    const { filter } = setup();
    const out = filter.process(LP, 'camera', {
      seq: 1,
      observedAt: '2026-07-01T12:00:10Z',
      calibration: true,
      frame: '/9j/4AAQSkZJRgABAQ',
      detections: [],
    });
    expect(out).toMatchObject({
      kind: 'emit',
      calibrationFrames: [],
      dropped: ['calibration', 'detections', 'frame'],
    });
  });
});

describe('privacy filter: radio', () => {
  const mac = (i: number) => `a4:5e:60:00:00:${i.toString(16).padStart(2, '0')}`;

  test('unique devices per window, suppressed below k, never a clear MAC', () => {
    const { filter } = setup(scheveningenRules(), '2026-07-01T12:10:00Z');
    const ids = Array.from({ length: 12 }, (_, i) => mac(i));
    filter.process(LP, 'radio', {
      seq: 1,
      observedAt: '2026-07-01T12:00:00Z',
      technology: 'wifi',
      identifiers: ids.slice(0, 8),
    });
    filter.process(LP, 'radio', {
      seq: 2,
      observedAt: '2026-07-01T12:05:00Z',
      technology: 'wifi',
      identifiers: ids.map((m) => m.toUpperCase()),
    });
    filter.process(LP, 'radio', {
      seq: 3,
      observedAt: '2026-07-01T12:06:00Z',
      technology: 'bluetooth',
      identifiers: ids.slice(0, 3),
    });
    const readings = filter.flush(Date.parse('2026-07-01T12:15:00Z'));
    const owner = readings.find((r) => r.audience === 'owner');
    expect(owner?.values.devices).toEqual([
      { technology: 'wifi', uniqueDevices: 12 },
      { technology: 'bluetooth', uniqueDevices: null },
    ]);
    expect(readings.find((r) => r.audience === 'shared')?.transforms).toContain(
      'laplace-noise:epsilon=0.5',
    );
    const text = JSON.stringify(readings);
    expect(scanForRawData(text)).toEqual([]);
    expect(text).not.toMatch(/a45e60|a4:5e/i);
  });

  test('grid generalisation needs a position and hides the lamppost', () => {
    const rules = withChanges(scheveningenRules(), {
      'kinds.radio.location': { mode: 'grid', cellMeters: 250 },
    }) as RuleSet;
    const { filter } = setup(rules);
    const msg = {
      seq: 1,
      observedAt: '2026-07-01T12:00:00Z',
      technology: 'wifi',
      identifiers: [mac(1)],
    };
    expect(filter.process(LP, 'radio', msg)).toMatchObject({ code: 'LOCATION_MISSING' });
    emitted(filter.process({ ...LP, position: { lat: 52.1107, lon: 4.2817 } }, 'radio', msg));
    const [reading] = filter.shutdown();
    expect(reading.location).toMatchObject({ cellMeters: 250 });
    expect(JSON.stringify(reading)).not.toContain('lp-042');
  });
});

describe('privacy filter: canary', () => {
  test('canary PCM and JPEG bytes appear in no output', () => {
    const { filter } = setup(mutableRules(scheveningenRules()));
    const canaryPcm = sine(440, 80, 1, 48000);
    const canaryJpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('CANARY-JFIF'.repeat(50)),
    ]);
    const outcomes = [
      filter.process(LP, 'sound', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        sampleRate: 48000,
        pcm: toBase64(canaryPcm),
      }),
      filter.process(LP, 'camera', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        frame: canaryJpeg.toString('base64'),
        detections: [],
      }),
    ];
    const text = JSON.stringify([outcomes, filter.shutdown(), filter.stats()]);
    expect(scanForRawData(text)).toEqual([]);
    expect(text).not.toContain(toBase64(canaryPcm).slice(100, 140));
    expect(text).not.toContain('CANARY');
  });
});

describe('privacy filter: rule changes', () => {
  test('replacing the rule set closes open windows under the old stamp; new readings carry the new hash', () => {
    const { filter, rules } = setup();
    const v2 = withChanges(rules, {
      version: 2,
      'kinds.temperature.fields.celsius.decimals': 0,
    }) as RuleSet;
    const ids = Array.from(
      { length: 11 },
      (_, i) => `a4:5e:60:00:01:${i.toString(16).padStart(2, '0')}`,
    );
    filter.process(LP, 'radio', {
      seq: 1,
      observedAt: '2026-07-01T12:00:00Z',
      technology: 'wifi',
      identifiers: ids,
    });
    const closed = filter.replaceRuleSets([v2]);
    expect(closed.length).toBeGreaterThan(0);
    for (const r of closed) expect(r.rule).toEqual(ruleProvenance(rules));
    const [t] = emitted(
      filter.process(LP, 'temperature', {
        seq: 2,
        observedAt: '2026-07-01T12:01:00Z',
        celsius: 21.46,
      }),
    );
    expect(t.rule).toEqual(ruleProvenance(v2));
    expect(t.rule.hash).not.toBe(ruleProvenance(rules).hash);
    expect(t.values.celsius).toBe(21);
  });

  test('an undecodable calibration frame is refused before it touches any window', () => {
    const rules = withChanges(scheveningenRules(), {
      'kinds.camera.redaction': {
        enabled: true,
        method: 'cover',
        coverClasses: ['face', 'plate'],
        maxFramesPerDay: 5,
        maxRetentionHours: 1,
      },
    }) as RuleSet;
    const { filter } = setup(rules);
    const bad = {
      seq: 1,
      observedAt: '2026-07-01T12:00:10Z',
      calibration: true,
      frame: 'AAAA',
      detections: [{ class: 'person', confidence: 0.9 }],
    };
    expect(filter.process(LP, 'camera', bad)).toMatchObject({
      kind: 'reject',
      code: 'PAYLOAD_INVALID',
      field: 'frame',
    });
    expect(filter.openWindows()).toBe(0);
  });
});
