import { describe, expect, test } from '@jest/globals';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import { scheveningenRules, withChanges } from '../../test/fixtures.js';
import type { RuleSet } from '../rules/rule-set.js';
import { scanForRawData } from '../scan/scan-raw-data.js';

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
      // The default rule also covers 5G; nothing was heard there, and 0 is not a small count.
      { technology: '5g', uniqueDevices: 0 },
    ]);
    // The suppressed Bluetooth count (owner copy, and the shared copy's whatever fell below k).
    expect(Object.values(filter.stats())[0]?.countsSuppressed).toBeGreaterThanOrEqual(1);
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
