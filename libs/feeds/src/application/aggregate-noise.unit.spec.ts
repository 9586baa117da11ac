import { describe, expect, test } from '@jest/globals';
import { sharedCount } from './aggregate-noise.js';

const key = Buffer.alloc(32, 7);
const cell = (hour: string) => ({ agreementId: 'a', lab: 'l', kind: 'camera', hour });

describe('sharedCount', () => {
  test('suppresses 0 < n < k, passes zero', () => {
    expect(sharedCount(3, { k: 5, epsilon: 1 }, key, cell('h'))).toEqual({
      count: null,
      suppressed: true,
      noisy: false,
    });
    expect(sharedCount(0, { k: 5, epsilon: 1 }, key, cell('h')).count).toBe(0);
  });

  test('the same cell and count always get the same noise; published counts are never below k', () => {
    const a = sharedCount(40, { k: 5, epsilon: 1 }, key, cell('h1'));
    const b = sharedCount(40, { k: 5, epsilon: 1 }, key, cell('h1'));
    expect(a).toEqual(b);
    expect(a.noisy).toBe(true);
    for (let n = 5; n < 200; n++) {
      const c = sharedCount(n, { k: 5, epsilon: 1 }, key, cell(`h${n}`)).count!;
      expect(c === 0 || c >= 5).toBe(true);
    }
  });

  test('noise has the scale of the rule: mean absolute error near 1/epsilon', () => {
    const errors: number[] = [];
    for (let i = 0; i < 4000; i++)
      errors.push(
        Math.abs(sharedCount(1000, { k: 5, epsilon: 0.5 }, key, cell(`x${i}`)).count! - 1000),
      );
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    expect(mean).toBeGreaterThan(1.5);
    expect(mean).toBeLessThan(2.5);
  });
});
