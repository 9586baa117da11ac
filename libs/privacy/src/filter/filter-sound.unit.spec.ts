import { describe, expect, test } from '@jest/globals';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import {
  manualClock,
  scheveningenRules,
  sine,
  toBase64,
  withChanges,
} from '../../test/fixtures.js';
import { seededRandom } from '../counts/random-source.js';
import { createKeyring } from '../pseudonym/keyring.js';
import type { RuleSet } from '../rules/rule-set.js';
import { scanForRawData } from '../scan/scan-raw-data.js';
import { createPrivacyFilter } from './create-privacy-filter.js';

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
      maxFutureSkewMs: 300_000,
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
