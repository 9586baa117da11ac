import { expect, test } from '@jest/globals';
import fc from 'fast-check';
// isoTime lives in libs/contracts (which imports no test framework); tested here.
import { isoTime } from '@hub/contracts';

/** Year -271820 to 275759: every time a Date holds, including the six-digit years. */
const MAX = 8.64e15;

test('isoTime gives what toISOString gives, for any time a Date holds', () => {
  fc.assert(
    fc.property(fc.integer({ min: -MAX, max: MAX }), (ms) => {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }),
    { numRuns: 5_000 },
  );
});

test('isoTime gives what toISOString gives around now, millisecond by millisecond across days', () => {
  const midnight = Date.UTC(2026, 11, 3);
  for (let ms = midnight - 1500; ms < midnight + 1500; ms++)
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }),
    { numRuns: 5_000 },
  );
});
