import type { StoredAudience } from '@hub/contracts';
import type { CountRule } from '../rules/rule-set.js';
import type { ReadingValue } from '../filter/filter-types.js';
import type { WindowResult } from '../filter/window-types.js';
import { ownerCount, sharedCount } from './count-policy.js';
import type { RandomSource } from './random-source.js';
import { noiseTransform, suppressionTransform } from '../filter/transform-names.js';

/**
 * Build the readings of a set of counts. Without noise (and without owner-only extras) one
 * reading serves every audience. With noise, the owner gets exact suppressed counts and the
 * shared reading gets noisy suppressed counts (if the day's epsilon budget allows).
 */
export function splitByAudience(
  rule: CountRule,
  build: (
    count: (n: number) => number | null,
    audience: StoredAudience,
  ) => Record<string, ReadingValue>,
  opts: {
    random: RandomSource;
    ownerOnlyExtras: boolean;
    spendBudget: (epsilon: number) => boolean;
  },
  baseTransforms: string[],
): WindowResult[] {
  const suppression = suppressionTransform(rule);
  const owner = (n: number): number | null => ownerCount(n, rule);
  if (!rule.noise && !opts.ownerOnlyExtras) {
    return [
      {
        audience: 'any',
        values: build(owner, 'any'),
        transforms: [...baseTransforms, suppression],
      },
    ];
  }
  const out: WindowResult[] = [
    {
      audience: 'owner',
      values: build(owner, 'owner'),
      transforms: [...baseTransforms, suppression],
    },
  ];
  const noise = rule.noise;
  if (!noise) {
    out.push({
      audience: 'shared',
      values: build(owner, 'shared'),
      transforms: [...baseTransforms, suppression],
    });
  } else if (opts.spendBudget(noise.epsilon)) {
    out.push({
      audience: 'shared',
      values: build((n) => sharedCount(n, rule, opts.random), 'shared'),
      transforms: [...baseTransforms, noiseTransform(noise.epsilon), suppression],
    });
  }
  return out;
}
