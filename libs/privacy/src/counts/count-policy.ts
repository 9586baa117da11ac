import type { CountRule } from '../rules/rule-set.js';
import { noisyCount } from './laplace.js';
import type { RandomSource } from './random-source.js';
import { suppressSmallCount } from './suppress.js';

/** Owner audience: exact counts, small ones suppressed. */
export function ownerCount(n: number, rule: CountRule): number | null {
  return suppressSmallCount(n, rule.k);
}

/**
 * Shared audience: Laplace noise first, then suppression of the noisy value, so that the
 * suppression decision is itself post-processing of a differentially private value.
 */
export function sharedCount(n: number, rule: CountRule, random: RandomSource): number | null {
  if (!rule.noise) return suppressSmallCount(n, rule.k);
  return suppressSmallCount(noisyCount(n, rule.noise.epsilon, random), rule.k);
}
