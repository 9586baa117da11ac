import { randomBytes } from 'node:crypto';

/** A uniform source on [0, 1). Injected everywhere randomness is needed, so tests are repeatable. */
export type RandomSource = () => number;

/** Uniform [0, 1) from 53 bits of crypto.randomBytes: the production source. */
export const cryptoRandom: RandomSource = () => {
  const b = randomBytes(8);
  return (b.readUInt32BE(0) * 2 ** 21 + (b.readUInt32BE(4) >>> 11)) / 2 ** 53;
};

/** Deterministic mulberry32 generator for tests and benchmarks (not for production noise). */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
