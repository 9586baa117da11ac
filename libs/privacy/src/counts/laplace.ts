import type { RandomSource } from './random-source.js';

/**
 * One draw from Laplace(0, b) by inverse CDF: with u uniform on (-1/2, 1/2),
 * x = -b sign(u) ln(1 - 2|u|). For a count (sensitivity 1), b = 1 / epsilon.
 */
export function laplaceNoise(scale: number, random: RandomSource): number {
  let u = random() - 0.5;
  // u = -0.5 would give ln(0); nudge it into the open interval.
  if (u <= -0.5) u = -0.5 + Number.EPSILON;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** Count with Laplace noise for epsilon-differential privacy, rounded and clamped to >= 0. */
export function noisyCount(count: number, epsilon: number, random: RandomSource): number {
  return Math.max(0, Math.round(count + laplaceNoise(1 / epsilon, random)));
}
