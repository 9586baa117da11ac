import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { sine } from '../../test/fixtures.js';
import { aWeightingCascade } from './a-weighting.js';
import { calibrationGain, LevelMeter } from './level-meter.js';

function measure(samples: Int16Array, fs: number, cal = -26, sub = 125, bands = false) {
  const m = new LevelMeter(sub, bands);
  m.fold(samples, fs, calibrationGain(cal));
  return m.summarise();
}

describe('LevelMeter', () => {
  test.each([44100, 48000])(
    'a calibrated 1 kHz sine at 94 dB SPL gives LAeq 94 +/- 0.5 dB (%i Hz)',
    (fs) => {
      const s = measure(sine(1000, 94, 1, fs), fs);
      expect(Math.abs(s.LAeq - 94)).toBeLessThanOrEqual(0.5);
      // A sine's peak is 3.01 dB above its RMS level.
      expect(Math.abs(s.LApeak - 97.01)).toBeLessThanOrEqual(0.5);
      expect(s.durationSeconds).toBeCloseTo(1, 6);
    },
  );

  test.each([
    [100, -19.1, 44100],
    [100, -19.1, 48000],
    [10000, -2.5, 44100],
    [10000, -2.5, 48000],
  ])('A-weighting at %i Hz is %f dB within 0.5 dB (%i Hz)', (freq, weight, fs) => {
    const s = measure(sine(freq, 94, 2, fs), fs);
    expect(Math.abs(s.LAeq - (94 + weight))).toBeLessThanOrEqual(0.5);
  });

  test('calibration: the same samples read 10 dB louder for a 10 dB less sensitive microphone', () => {
    const x = sine(1000, 80, 1, 48000);
    expect(measure(x, 48000, -36).LAeq - measure(x, 48000, -26).LAeq).toBeCloseTo(10, 6);
  });

  test('LAmax and LAmin see a loud and a quiet second', () => {
    const fs = 48000;
    const loud = sine(1000, 90, 1, fs);
    const quiet = sine(1000, 60, 1, fs);
    const m = new LevelMeter(1000, false);
    m.fold(loud, fs, calibrationGain(-26));
    m.fold(quiet, fs, calibrationGain(-26));
    const s = m.summarise();
    expect(Math.abs(s.LAmax - 90)).toBeLessThan(0.5);
    expect(Math.abs(s.LAmin - 60)).toBeLessThan(0.5);
    // Energy mean of 90 and 60 dB over equal time is 90 - 3.01 dB.
    expect(Math.abs(s.LAeq - 87)).toBeLessThan(0.5);
  });

  test('octave bands put a 1 kHz tone in the 1000 Hz band', () => {
    const s = measure(sine(1000, 80, 1, 48000), 48000, -26, 125, true);
    const bands = s.octaveBands ?? {};
    expect(Math.abs(bands['1000'] - 80)).toBeLessThan(1);
    expect(bands['250']).toBeLessThan(60);
    expect(bands['4000']).toBeLessThan(60);
  });

  test('property: LAmax >= LAeq >= LAmin for any signal and chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(125, 1000),
        fc.integer({ min: -60, max: 0 }),
        (values, chunk, sub, cal) => {
          const m = new LevelMeter(sub, false);
          const pcm = Int16Array.from(values);
          for (let i = 0; i < pcm.length; i += chunk) {
            m.fold(pcm.subarray(i, i + chunk), 8000 * (1 + (i % 2)), calibrationGain(cal));
          }
          const s = m.summarise();
          expect(s.LAmax).toBeGreaterThanOrEqual(s.LAeq);
          expect(s.LAeq).toBeGreaterThanOrEqual(s.LAmin);
          expect(s.LApeak).toBeGreaterThanOrEqual(s.LAmax - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
  test('property: LApeak is exactly the peak of the A-weighted signal, filter state kept across chunks', () => {
    /** The cascade written out plainly (same operations, same order), one sample at a time. */
    const referencePeak = (pcm: Int16Array, chunk: number, fs: number, gain: number): number => {
      const c = aWeightingCascade(fs);
      const s = new Float64Array(6);
      let peak = 0;
      for (let start = 0; start < pcm.length; start += chunk) {
        for (const sample of pcm.subarray(start, start + chunk)) {
          let x = sample * gain;
          for (let k = 0; k < 3; k++) {
            const [b0, b1, b2, a1, a2] = c.subarray(k * 5, k * 5 + 5);
            const y = b0 * x + s[2 * k];
            s[2 * k] = b1 * x - a1 * y + s[2 * k + 1];
            s[2 * k + 1] = b2 * x - a2 * y;
            x = y;
          }
          if ((x < 0 ? -x : x) > peak) peak = x < 0 ? -x : x;
        }
      }
      return 10 * Math.log10(Math.max(peak * peak, 1e-12));
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 4000 }),
          fc.array(fc.constantFrom(0, 1, -1, 32767, -32768), { maxLength: 2000 }),
        ),
        fc.integer({ min: 1, max: 1500 }),
        fc.constantFrom(8000, 32000, 48000),
        fc.integer({ min: -60, max: 0 }),
        (values, chunk, fs, cal) => {
          const pcm = Int16Array.from(values);
          const m = new LevelMeter(125, false);
          for (let i = 0; i < pcm.length; i += chunk) {
            m.fold(pcm.subarray(i, i + chunk), fs, calibrationGain(cal));
          }
          expect(m.summarise().LApeak).toBe(referencePeak(pcm, chunk, fs, calibrationGain(cal)));
        },
      ),
      { numRuns: 300 },
    );
  });
  test('a meter rebuilt from exportState() between chunks gives the same levels to the bit', () => {
    // Three chunks of different levels and one sample-rate change, with octave bands: the state
    // carried chunk to chunk through fresh meters must match one meter that folded them all.
    const chunks: [Int16Array, number][] = [
      [sine(1000, 70, 0.7, 48000), 48000],
      [sine(250, 85, 0.45, 48000), 48000],
      [sine(4000, 60, 0.8, 44100), 44100],
    ];
    const gain = calibrationGain(-26);
    const one = new LevelMeter(125, true);
    for (const [x, fs] of chunks) one.fold(x, fs, gain);
    let state = new LevelMeter(125, true).exportState();
    for (const [x, fs] of chunks) {
      const fresh = new LevelMeter(125, true);
      fresh.importState(state);
      fresh.fold(x, fs, gain);
      state = fresh.exportState();
    }
    const carried = new LevelMeter(125, true);
    carried.importState(state);
    expect(carried.durationSeconds).toBe(one.durationSeconds);
    expect(carried.summarise()).toEqual(one.summarise());
  });
});
