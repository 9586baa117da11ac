import type { AllowlistRule, CountRule } from '../rules/rule-set.js';

/** The transforms every reading of an allowlist kind names (handle-allowlist.ts). */
export const allowlistTransforms = (rule: AllowlistRule): string[] => [
  'allowlist',
  'round',
  `time-bucket:${rule.timeBucketSeconds}s`,
  `location:${rule.location.mode}`,
];

export const suppressionTransform = (rule: CountRule): string =>
  `small-count-suppression:k=${rule.k}`;

export const noiseTransform = (epsilon: number): string => `laplace-noise:epsilon=${epsilon}`;
