import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ownerCount, sharedCount } from './count-policy.js';
import { laplaceNoise } from './laplace.js';
import { NoiseBudget } from './noise-budget.js';
import { seededRandom } from './random-source.js';
import { suppressSmallCount } from './suppress.js';

describe('small-count suppression and noise', () => {
  test('property: no emitted count with 0 < n < k, owner or shared', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000 }),
        fc.integer({ min: 2, max: 50 }),
        fc.option(fc.double({ min: 0.01, max: 10, noNaN: true }), { nil: undefined }),
        fc.integer(),
        (n, k, epsilon, seed) => {
          const rule = epsilon === undefined ? { k } : { k, noise: { epsilon } };
          for (const out of [ownerCount(n, rule), sharedCount(n, rule, seededRandom(seed))]) {
            if (out !== null) expect(out === 0 || out >= k).toBe(true);
          }
        },
      ),
    );
  });

  test('suppression passes zero and counts >= k unchanged', () => {
    expect(suppressSmallCount(0, 5)).toBe(0);
    expect(suppressSmallCount(4, 5)).toBeNull();
    expect(suppressSmallCount(5, 5)).toBe(5);
  });

  test.each([0.1, 0.5, 1, 2])(
    'the empirical Laplace scale matches 1/epsilon (epsilon %f)',
    (epsilon) => {
      const random = seededRandom(42);
      const n = 40_000;
      let sumAbs = 0;
      let sumSq = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const x = laplaceNoise(1 / epsilon, random);
        sum += x;
        sumAbs += Math.abs(x);
        sumSq += x * x;
      }
      const b = 1 / epsilon;
      // For Laplace(0, b): E|X| = b and Var X = 2 b^2.
      expect(sumAbs / n / b).toBeGreaterThan(0.97);
      expect(sumAbs / n / b).toBeLessThan(1.03);
      expect(sumSq / n / (2 * b * b)).toBeGreaterThan(0.93);
      expect(sumSq / n / (2 * b * b)).toBeLessThan(1.07);
      expect(Math.abs(sum / n)).toBeLessThan(0.05 * b);
    },
  );

  test('the daily epsilon budget stops shared readings and resets the next UTC day', () => {
    const budget = new NoiseBudget();
    const t = Date.parse('2026-06-01T00:00:00Z');
    expect([1, 2, 3, 4].map(() => budget.trySpend('s', t, 0.5, 1.5))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(budget.trySpend('other', t, 0.5, 1.5)).toBe(true);
    expect(budget.trySpend('s', t + 86_400_000, 0.5, 1.5)).toBe(true);
  });
});
