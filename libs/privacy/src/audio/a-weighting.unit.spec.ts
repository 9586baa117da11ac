import { describe, expect, test } from '@jest/globals';
import { aWeightingCascade, aWeightingDb } from './a-weighting.js';
import { cascadeMagnitude } from './biquad.js';

/** IEC 61672-1:2013 Table 3, A-weighting in dB (nominal frequencies, 1 decimal). */
const IEC_TABLE: Array<[number, number]> = [
  [31.5, -39.4],
  [63, -26.2],
  [100, -19.1],
  [125, -16.1],
  [250, -8.6],
  [500, -3.2],
  [1000, 0],
  [2000, 1.2],
  [4000, 1.0],
  [8000, -1.1],
  [10000, -2.5],
  [12500, -4.3],
];

describe('A-weighting (IEC 61672-1)', () => {
  test('the analog formula reproduces the IEC table', () => {
    for (const [f, db] of IEC_TABLE) {
      // Table frequencies are nominal; the exact base-10 frequencies differ by up to 0.1 dB.
      expect(Math.abs(aWeightingDb(f) - db)).toBeLessThan(0.2);
    }
  });

  test.each([32000, 44100, 48000, 96000])(
    'digital filter at %i Hz matches the table within 0.5 dB',
    (fs) => {
      const cascade = aWeightingCascade(fs);
      for (const [f, db] of IEC_TABLE) {
        if (f > fs * 0.4) continue;
        const got = 20 * Math.log10(cascadeMagnitude(cascade, (2 * Math.PI * f) / fs));
        expect(Math.abs(got - db)).toBeLessThan(0.5);
      }
    },
  );

  test('is normalised to 0 dB at 1 kHz', () => {
    const got =
      20 * Math.log10(cascadeMagnitude(aWeightingCascade(48000), (2 * Math.PI * 1000) / 48000));
    expect(Math.abs(got)).toBeLessThan(1e-9);
  });
});
