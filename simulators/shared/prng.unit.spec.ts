import { describe, expect, test } from '@jest/globals';
import { hashSeed, Rng, rngFor } from './prng.js';

describe('prng', () => {
  test('same seed gives the same stream, another seed another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(42)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(42)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(43)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  test('named streams are independent of call order', () => {
    const first = rngFor(1, 'radio', 'sch-001', 5).next();
    rngFor(1, 'camera', 'sch-001', 5).next();
    expect(rngFor(1, 'radio', 'sch-001', 5).next()).toBe(first);
    expect(hashSeed(1, 'a', 'b')).not.toBe(hashSeed(1, 'ab'));
  });

  test('poisson and normal have about the right moments', () => {
    const r = new Rng(7);
    const n = 20_000;
    let sumP = 0;
    let sumN = 0;
    let sumN2 = 0;
    for (let i = 0; i < n; i++) {
      sumP += r.poisson(3.5);
      const x = r.normal(10, 2);
      sumN += x;
      sumN2 += x * x;
    }
    expect(sumP / n).toBeCloseTo(3.5, 1);
    const mean = sumN / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sumN2 / n - mean * mean)).toBeCloseTo(2, 1);
  });

  test('int stays inside its inclusive bounds and reaches both ends', () => {
    const r = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});
