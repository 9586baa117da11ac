import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import { scheveningenRules, withChanges } from '../../test/fixtures.js';
import type { RuleSet } from '../rules/rule-set.js';
import { scanForRawData } from '../scan/scan-raw-data.js';

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

  test('a frame marked as a calibration frame is dropped unread like every frame', () => {
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
      readings: [],
      dropped: ['calibration', 'detections', 'frame'],
    });
  });
});
